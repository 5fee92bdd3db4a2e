namespace Floxide.Benchmarks.Compare;

/// <summary>Finds the repository's folders from wherever the program runs.</summary>
public static class RepositoryPaths
{
    /// <summary>Gets the repository's <c>docs</c> folder: beside the nearest <c>Floxide.sln</c> above the program or the current directory.</summary>
    /// <returns>The path (it may not exist yet).</returns>
    public static string DocsDirectory() => Path.Combine(Root() ?? Environment.CurrentDirectory, "docs");

    /// <summary>Gets the repository's root: the nearest folder holding <c>Floxide.sln</c> above the program or the current directory.</summary>
    /// <returns>The path, or null outside a clone.</returns>
    public static string? Root()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Floxide.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }
}

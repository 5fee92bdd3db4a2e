namespace Floxide.Testing;

/// <summary>
/// Where the repository's files are, for tests that hold the docs and baselines to what the code does. One file, linked
/// into every test project by Directory.Build.props.
/// </summary>
internal static class RepositoryPaths
{
    /// <summary>The repository's root: the folder holding Floxide.sln, above the test binaries.</summary>
    public static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Floxide.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Floxide.sln not found above " + AppContext.BaseDirectory);
    }
}

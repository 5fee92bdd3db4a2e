namespace Floxide.Generators.Tests.Infrastructure;

/// <summary>Source folders found from the test assembly's folder (bin/...) upwards, so tests read checked-in files, not copies.</summary>
internal static class RepositoryPaths
{
    /// <summary>The test project's source folder: the one holding Floxide.Generators.Tests.csproj.</summary>
    public static string ProjectDirectory() => Above("Floxide.Generators.Tests.csproj");

    /// <summary>The repository's root: the folder holding Floxide.sln.</summary>
    public static string RepositoryRoot() => Above("Floxide.sln");

    private static string Above(string fileName)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, fileName)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Cannot find {fileName} above {AppContext.BaseDirectory}");
    }
}

namespace Floxide.Runtime.Tests.Support;

/// <summary>Where the repository's files are, for tests that hold the docs to what the code does.</summary>
public static class RepositoryPaths
{
    /// <summary>The repository's root: the folder holding Floxide.sln, above the test binaries.</summary>
    public static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "Floxide.sln")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException("Floxide.sln not found above " + AppContext.BaseDirectory);
        }

        return directory.FullName;
    }
}

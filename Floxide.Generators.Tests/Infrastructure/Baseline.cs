using Floxide.Testing;

namespace Floxide.Generators.Tests.Infrastructure;

/// <summary>
/// Compares generated files with the checked-in files under <c>Baselines/&lt;scenario&gt;/&lt;hint name&gt;</c>:
/// the set of files and every character must match. To accept new output, run the tests with
/// <c>FLOXIDE_UPDATE_BASELINES=1</c>: the scenario's folder is rewritten (stale files deleted) and the
/// test passes; review the diff and commit it.
/// </summary>
internal static class Baseline
{
    public const string UpdateVariable = "FLOXIDE_UPDATE_BASELINES";

    public static void AssertMatches(string scenario, IReadOnlyDictionary<string, string> files)
    {
        var folder = Path.Combine(RepositoryPaths.Root(), "Floxide.Generators.Tests", "Baselines", scenario);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            Directory.CreateDirectory(folder);
            foreach (var (hintName, text) in files)
            {
                File.WriteAllText(Path.Combine(folder, hintName), text);
            }

            return;
        }

        Assert.True(Directory.Exists(folder), $"No baselines for '{scenario}' in {folder}; run the tests with {UpdateVariable}=1 to create them.");
        var expectedNames = Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        var actualNames = files.Keys.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expectedNames, actualNames);
        foreach (var name in actualNames)
        {
            var expected = File.ReadAllText(Path.Combine(folder, name)).ReplaceLineEndings("\n");
            Assert.Equal(expected, files[name]);
        }
    }
}

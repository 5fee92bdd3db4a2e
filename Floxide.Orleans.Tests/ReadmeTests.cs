using Floxide.Testing;

namespace Floxide.Orleans.Tests;

/// <summary>
/// The README's Orleans examples (fenced <c>cs-orleans</c>: the README test compiles without Orleans) are the
/// ClusterBatch sample's code, which the build compiles and CI runs: every line of theirs is in the sample.
/// </summary>
public sealed class ReadmeTests
{
    [Fact]
    public void Every_line_of_the_READMEs_Orleans_examples_is_in_the_ClusterBatch_sample()
    {
        var root = RepositoryPaths.Root();
        var readme = File.ReadAllLines(Path.Combine(root, "README.md"));
        var sample = Directory.GetFiles(Path.Combine(root, "samples", "ClusterBatch"), "*.cs")
            .SelectMany(File.ReadAllLines)
            .Select(line => line.Trim())
            .ToHashSet(StringComparer.Ordinal);

        var blocks = 0;
        var missing = new List<string>();
        var inBlock = false;
        for (var i = 0; i < readme.Length; i++)
        {
            var line = readme[i].Trim();
            if (!inBlock && line == "```cs-orleans")
            {
                inBlock = true;
                blocks++;
            }
            else if (inBlock && line == "```")
            {
                inBlock = false;
            }
            else if (inBlock && line.Length > 0 && !sample.Contains(line))
            {
                missing.Add($"README.md line {i + 1}: {line}");
            }
        }

        Assert.True(blocks >= 3, $"Expected the README's three cs-orleans blocks, found {blocks}.");
        Assert.False(inBlock, "A cs-orleans block of the README is never closed.");
        Assert.True(missing.Count == 0, "Lines of the README's Orleans examples not in samples/ClusterBatch:\n" + string.Join("\n", missing));
    }
}

using Floxide.Benchmarks.Compare;

namespace Floxide.Benchmarks.UnusedCost;

/// <summary>
/// Builds the two sides of <c>compare unused</c> from the same probe source: against this working tree, and against
/// <see cref="BaselineCommit"/>, extracted with <c>git archive</c> (so the repository gains no worktree entry).
/// </summary>
public static class ProbeBuilds
{
    /// <summary>
    /// Main just before the optional features: the next three merges on main brought telemetry and logging (731e5e4),
    /// resilience (11e95f8) and durability (46ec823). The engine at this commit already merges as results come (the
    /// streaming default) and has StreamAsync, so the two sides differ by those features and what followed them.
    /// </summary>
    public const string BaselineCommit = "169af402feefaffa72ff1b802ad657811ebd3175";

    /// <summary>Builds both sides (an up-to-date side builds in seconds).</summary>
    /// <param name="outputRoot">Where the two output folders go.</param>
    /// <param name="baselineCommit">The commit to compare with; <see cref="BaselineCommit"/> by default.</param>
    /// <param name="currentRoot">The tree whose runtime is "current"; this repository's working tree when null.</param>
    /// <returns>The baseline's and the current tree's output folders.</returns>
    public static (string Baseline, string Current) Build(string outputRoot, string baselineCommit = BaselineCommit, string? currentRoot = null)
    {
        var root = RepositoryPaths.Root()
            ?? throw new InvalidOperationException("compare unused builds from the repository: run it inside a clone of Floxide (no Floxide.sln was found above the program or the current directory).");
        var tree = Path.Combine(Path.GetTempPath(), "floxide-unused-" + baselineCommit);
        if (!Directory.Exists(tree))
        {
            // Extracted beside it and moved into place whole, so a failed extraction is never taken for the tree.
            var partial = tree + "." + Guid.NewGuid().ToString("N");
            Directory.CreateDirectory(partial);
            try
            {
                var archive = Path.Combine(partial, "baseline.tar");
                ChildProcess.Run(root, "git", "archive", "--format=tar", "-o", archive, baselineCommit);
                ChildProcess.Run(partial, "tar", "-xf", archive);
                File.Delete(archive);
                Directory.Move(partial, tree);
            }
            finally
            {
                if (Directory.Exists(partial))
                {
                    Directory.Delete(partial, recursive: true);
                }
            }
        }

        var probe = Path.Combine(root, "Floxide.Benchmarks", "UnusedCost", "Probe", "UnusedCostProbe.csproj");
        var baseline = Path.Combine(outputRoot, "baseline-" + baselineCommit);
        var current = Path.Combine(outputRoot, "current");

        // Neither tree's Source Link matters here, and the extracted one has no git repository to ask.
        string[] common = ["build", probe, "-c", "Release", "-nologo", "-v", "q", "-p:EnableSourceControlManagerQueries=false"];
        Build(root, [.. common, "-p:ProbeSide=baseline", $"-p:FloxideRoot={tree}{Path.DirectorySeparatorChar}", "-o", baseline]);
        string[] currentTree = currentRoot is null ? [] : [$"-p:FloxideRoot={Path.GetFullPath(currentRoot)}{Path.DirectorySeparatorChar}"];
        Build(root, [.. common, "-p:ProbeSide=current", .. currentTree, "-o", current]);
        return (baseline, current);
    }

    private static void Build(string root, string[] arguments)
    {
        Console.Error.WriteLine($"# dotnet {string.Join(' ', arguments)}");
        ChildProcess.Run(root, "dotnet", arguments); // MSBuild writes its errors to standard output, which the failure carries
    }
}

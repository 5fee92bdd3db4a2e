using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Floxide.Generators.Tests.Robustness;

/// <summary>
/// Runs the generator and every analyzer once over every mutant (<see cref="MutationRobustnessTests.Mutants"/>),
/// in parallel, and keeps what the mutation tests assert on. Both sweeps read the same run: analyzing a
/// mutant costs the same whichever test asks, so computing it twice only doubled the suite's slowest part.
/// </summary>
/// <remarks>
/// A mutant that parses is analyzed with the compiler's diagnostics too (what the generated-code check needs);
/// the others with the analyzers' only, as the never-throw check always ran them. Either way the crashes
/// collected are the same: the generator's exception, CS8785, an analyzer's exception and AD0001.
/// </remarks>
internal static class MutantSweep
{
    private static readonly Lazy<Task<IReadOnlyList<MutantOutcome>>> Outcomes = new(RunAsync);

    /// <summary>Every mutant's outcome, in the order of <see cref="MutationRobustnessTests.Mutants"/>; computed on first use.</summary>
    public static Task<IReadOnlyList<MutantOutcome>> GetAsync() => Outcomes.Value;

    private static async Task<IReadOnlyList<MutantOutcome>> RunAsync()
    {
        var mutants = MutationRobustnessTests.Mutants();
        var outcomes = new MutantOutcome[mutants.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, mutants.Count), async (index, _) =>
        {
            var mutant = mutants[index];
            var parses = !CSharpSyntaxTree.ParseText(mutant.Text, GeneratorHarness.ParseOptions).GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
            try
            {
                var result = await FloxideAnalysis.RunAsync(mutant.Text, includeCompilerDiagnostics: parses);
                var generatedErrors = result.Diagnostics
                    .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath is { } path && path.EndsWith(".g.cs", StringComparison.Ordinal))
                    .Select(d => d.ToString())
                    .ToList();
                outcomes[index] = new MutantOutcome(mutant.Name, parses, result.Failures, generatedErrors);
            }
            catch (Exception exception)
            {
                outcomes[index] = new MutantOutcome(mutant.Name, parses, ["harness threw " + exception], []);
            }
        });

        return outcomes;
    }
}

using System.Text;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Tests.Robustness;

/// <summary>
/// Declarations large in one dimension the readers walk: each is read by the generator and the analyzers in time that
/// grows with its size, not exponentially or by its square on every route. Each input would run for hours with the
/// growth it once had; the guard turns that hang into a failure and is no measure of speed.
/// </summary>
public sealed class GraphSizeTests
{
    private const string Prelude = """
        using System.Collections.Generic;
        using Floxide;

        namespace Sizes;

        [BatchContext]
        public partial class Job
        {
            [BatchItems] public List<string> All { get; set; } = new();
            [BatchItem] public string One { get; set; } = "";
        }

        [Node] public partial class Leaf { public void Process(Job job) { } }

        """;

    /// <summary>Long enough for a loaded machine to read the inputs many times over; short of forever.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task NestedWorkflowsSharedAtEveryLevelAreReadOncePerGraph()
    {
        // X0 and Y0 both nest X1 and Y1, which both nest X2 and Y2, and so on 40 levels down: read again on every path,
        // the innermost was read 2^40 times.
        const int depth = 40;
        var source = new StringBuilder(Prelude);
        for (var level = 0; level < depth; level++)
        {
            var steps = level + 1 == depth ? "[Start(typeof(Leaf))]" : $"[Start(typeof(X{level + 1}))][Route(typeof(X{level + 1}), typeof(Y{level + 1}))]";
            source.Append($"[Workflow(typeof(Job))]{steps} public partial class X{level} {{ }}\n");
            source.Append($"[Workflow(typeof(Job))]{steps} public partial class Y{level} {{ }}\n");
        }

        var result = await WithinGuard(source.ToString());

        Assert.Empty(result.Failures);
        Assert.Empty(result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Equal(2 * depth + 2, result.GeneratedFiles); // the workflows, the context and the node
    }

    [Fact]
    public async Task AnActionEnumOfTensOfThousandsOfMembersRoutedAThousandTimesIsReadInTimeLinearInEach()
    {
        // Every route read the enum's distinct members anew by comparing each with all before it: 1,000 routes of a
        // 20,000-member enum were 2 x 10^11 comparisons, hours on any machine; read as a set, 2 x 10^7.
        const int members = 20_000;
        const int routes = 1_000;
        var source = new StringBuilder(Prelude);
        source.Append("public enum Outcome { ");
        for (var i = 0; i < members; i++)
        {
            source.Append($"M{i}, ");
        }

        source.Append("}\n[Node] public partial class Decide { public Outcome Process(Job job) => Outcome.M0; }\n");
        source.Append("[Workflow(typeof(Job))][Start(typeof(Decide))][Fallback(typeof(Decide), typeof(Leaf))]");
        for (var i = 0; i < routes; i++)
        {
            source.Append($"[EndOn(typeof(Decide), Outcome.M{members - 1 - i})]");
        }

        source.Append(" public partial class Flow { }\n");

        var result = await WithinGuard(source.ToString());

        Assert.Empty(result.Failures);
        Assert.Empty(result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Equal(4, result.GeneratedFiles); // the workflow, the context and both nodes
    }

    private static async Task<AnalysisResult> WithinGuard(string source)
    {
        var run = Task.Run(() => FloxideAnalysis.RunAsync(source, includeCompilerDiagnostics: true));
        var finished = await Task.WhenAny(run, Task.Delay(HangGuard));
        Assert.True(finished == run, $"the generator and analyzers did not finish within {HangGuard}");
        return await run;
    }
}

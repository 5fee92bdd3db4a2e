using Xunit.Abstractions;

namespace Floxide.Generators.Tests.Robustness;

/// <summary>
/// The generator and every analyzer run over thousands of broken inputs, the kind an editor produces on
/// every keystroke, and never throw: no exception, no AD0001 (analyzer crash), no CS8785 (generator crash).
/// Member attributes moved to another target (<c>field:</c>, <c>property:</c>, <c>param:</c>) never make the
/// generated code fail to compile.
/// </summary>
public sealed class MutationRobustnessTests(ITestOutputHelper output)
{
    /// <summary>Fixed, so every run checks the same inputs and a failure is reproducible.</summary>
    private const int Seed = 20261129;

    /// <summary>Valid DSL uses that exercise every analyzer: contexts, nodes, wiring, parallelism, blocking calls.</summary>
    private const string Wiring = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Floxide;

        namespace Wired;

        [BatchContext(MaxDegreeOfParallelism = 2)]
        public partial class Words
        {
            [BatchItems] public List<string> All { get; set; } = new();
            [BatchItem] public string Word { get; set; } = "";
            [Shared] public Dictionary<string, int> Seen { get; set; } = new();
            [ItemOutput] public int Length { get; set; }
            [BatchOutputs] public List<int> Lengths { get; } = new();
        }

        [Node(Id = "measure")]
        public partial class Measure
        {
            public async ValueTask<bool> ProcessAsync(Words words, CancellationToken cancellationToken)
            {
                await Task.Delay(1, cancellationToken);
                words.Length = Task.FromResult(words.Word.Length).Result;
                return true;
            }
        }

        public static class Program
        {
            public static async Task RunAsync()
            {
                var node = new Measure();
                var flow = new WorkflowBuilder<Words>("flow").StartWith(node).Build();
                var batch = Words.CreateBatchNode(flow, new BatchOptions { MaxDegreeOfParallelism = 3 });
                var manual = new BatchNode<Words, string>("manual", node, 4);
                await batch.RunAsync(new Words { All = ["a", "bb"] }, CancellationToken.None);
                GC.KeepAlive(manual);
            }
        }
        """;

    private static IEnumerable<(string Name, string Source)> Sources()
    {
        yield return ("Wiring", Wiring);
        yield return ("ClassContext", Scenarios.ClassContext);
        yield return ("RecordContext", Scenarios.RecordContext);
        yield return ("StreamContext", Scenarios.StreamContext);
        yield return ("NestedGenericContext", Scenarios.NestedGenericContext);
        yield return ("Nodes", Scenarios.Nodes);
        yield return ("MemberKinds", Scenarios.MemberKinds);
        yield return ("SameNameA", Scenarios.SameNameA);
        yield return ("PartialPart1", Scenarios.PartialPart1);
        yield return ("WorkflowOrders", Workflows.WorkflowScenarios.Orders);
    }

    /// <summary>Every distinct mutant, in a fixed order.</summary>
    internal static List<Mutator.Mutant> Mutants() =>
        Sources()
            .SelectMany((source, index) => Mutator.Mutate(source.Name, source.Source, Seed + index, truncations: 100, perKind: 70))
            .DistinctBy(mutant => mutant.Text, StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void MutantsAreDeterministicAndPlenty()
    {
        var first = Mutants();
        var second = Mutants();

        output.WriteLine($"{first.Count} distinct mutants");
        Assert.True(first.Count >= 2000, $"only {first.Count} distinct mutants");
        Assert.Equal(first.Select(m => m.Name), second.Select(m => m.Name));
        Assert.Equal(first.Select(m => m.Text), second.Select(m => m.Text));
        foreach (var kind in new[] { "/truncate@", "/delete@", "/duplicate@", "/arguments@" })
        {
            Assert.True(first.Count(m => m.Name.Contains(kind, StringComparison.Ordinal)) >= 200, kind);
        }

        output.WriteLine($"{first.Count(m => m.Name.Contains("/target@", StringComparison.Ordinal))} retargeted attribute lists");
        Assert.Contains(first, m => m.Name.Contains("/target@", StringComparison.Ordinal) && m.Text.Contains("[field: BatchItems]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GeneratedCodeHasNoErrorsWhenTheInputParses()
    {
        // A type the generator misreads shows as errors in the code it emits, as [field: BatchItems] on an
        // auto-property once did (this.<Items>k__BackingField), or a [BatchStep] over a refused context
        // (CreateBatchNode never generated). A refused type gets no code, an accepted one must compile, even
        // when the user's code has semantic errors elsewhere. Inputs with syntax errors are left out: while
        // a declaration is half typed, the generator spells what it can read and the parser's errors lead.
        var outcomes = await MutantSweep.GetAsync();
        var parsing = outcomes.Where(o => o.Parses).ToList();
        var failures = parsing.SelectMany(o => o.Failures.Concat(o.GeneratedErrors).Select(failure => o.Name + ": " + failure)).ToList();

        output.WriteLine($"{parsing.Count} of {outcomes.Count} inputs parse and were compiled with their generated code");
        Assert.True(parsing.Count >= 500, $"only {parsing.Count} inputs parse");
        Assert.True(failures.Count == 0, $"{failures.Count} errors; first:\n" + string.Join("\n", failures.Take(5)));
    }

    [Fact]
    public async Task GeneratorAndAnalyzersNeverThrowOnBrokenInput()
    {
        var outcomes = await MutantSweep.GetAsync();
        var failures = outcomes.SelectMany(o => o.Failures.Select(failure => o.Name + ": " + failure)).ToList();

        Assert.True(failures.Count == 0, $"{failures.Count} of {outcomes.Count} inputs failed; first:\n" + string.Join("\n\n", failures.Take(5)));
    }
}

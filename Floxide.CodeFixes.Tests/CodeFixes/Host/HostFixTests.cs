using Microsoft.CodeAnalysis;

namespace Floxide.CodeFixes.Tests.CodeFixes.Host;

/// <summary>
/// Every fixer at once, the way <c>dotnet format analyzers</c> applies them (see <see cref="HostFixRunner"/>), over
/// broken projects, in several orders of IDs: the result compiles with no Floxide diagnostic (but FLX0163 on a token
/// FLX0159's fix added, which only the author can pass on, FLX0106, whose fix has no Fix All, and FLX0111's causes other than
/// a batch step's grace period or parallelism, which have no fix), and each fix kept the
/// meaning (the right member marked, nothing added twice, no step limit on an acyclic workflow, no unrouted action ended).
/// </summary>
public sealed class HostFixTests
{
    private const string Usings = """
        using System.Collections.Generic;
        using System.Text;
        using System.Threading.Tasks;
        using Floxide;

        """;

    /// <summary>
    /// The orders the host may fix IDs in (it takes them from a hash set): sorted, reversed, interleaved; "/foreign" when
    /// the diagnostic the host takes the equivalence key from is of another ID than the one it fixes.
    /// </summary>
    public static TheoryData<string> Orders { get; } = new()
    {
        "sorted",
        "sorted/foreign",
        "reversed/foreign",
        "FLX0014 FLX0002 FLX0106 FLX0159 FLX0110 FLX0005 FLX0026 FLX0007 FLX0001/foreign",
        "FLX0106 FLX0110 FLX0001 FLX0007 FLX0026 FLX0005 FLX0002 FLX0014 FLX0013 FLX0019 FLX0028 FLX0159 FLX0035",
        "FLX0035 FLX0013 FLX0001/foreign",
        "FLX0111 FLX0035 FLX0110 FLX0106/foreign",
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Contexts_SoleSequenceBecomesTheItems(string order)
    {
        var text = await FixAsync(order, Usings + """
            [BatchContext(MaxDegreeOfParallelism = 0, CancellationGracePeriodMs = -20_000)]
            public class Crawl
            {
                public List<string> Pages { get; set; } = new();
                public StringBuilder Log { get; set; } = new();
                [ItemOutput] public int Length { get; set; }
            }
            """);

        Assert.Contains("[BatchContext(CancellationGracePeriodMs = 20_000)]", text); // FLX0013's and FLX0035's fixes on one attribute
        Assert.Contains("public partial class Crawl", text);
        Assert.Contains("[BatchItems]\n    public List<string> Pages { get; set; } = new();", text);
        Assert.Contains("[BatchItem] public string Item { get; set; } = default!;", text);
        Assert.Contains("[Shared]\n    public StringBuilder Log", text);
        Assert.Contains("[BatchOutputs] public List<int> Outputs { get; } = new();", text);
        Assert.Equal(1, Count(text, "BatchItems"));
        Assert.DoesNotContain("[Shared]\n    public List<string> Pages", text);
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task PositionalRecords_GetABodyOnce(string order)
    {
        var text = await FixAsync(order, Usings + """
            [BatchContext]
            public partial record Lines([property: BatchItems] IReadOnlyList<string> All);

            [BatchContext]
            public partial record Words(IReadOnlyList<string> All);

            [BatchContext]
            public partial record Sizes([property: BatchItems] IReadOnlyList<string> All, [property: BatchItem] string Current, [property: ItemOutput] int Size);

            [BatchContext]
            public partial record Totals([property: BatchItems] IReadOnlyList<int> Ids, [property: BatchItem] int Id, [property: BatchOutputs] List<decimal> Sums);
            """);

        Assert.Contains("""
            public partial record Lines([property: BatchItems] IReadOnlyList<string> All)
            {
                [BatchItem] public string Item { get; set; } = default!;
            }
            """, text);
        Assert.Contains("""
            public partial record Words([property: BatchItems] IReadOnlyList<string> All)
            {
                [BatchItem] public string Item { get; set; } = default!;
            }
            """, text);
        Assert.Contains("""
            public partial record Sizes([property: BatchItems] IReadOnlyList<string> All, [property: BatchItem] string Current, [property: ItemOutput] int Size)
            {
                [BatchOutputs] public List<int> Outputs { get; } = new();
            }
            """, text);
        Assert.Contains("""
            public partial record Totals([property: BatchItems] IReadOnlyList<int> Ids, [property: BatchItem] int Id, [property: BatchOutputs] List<decimal> Sums)
            {
                [ItemOutput] public decimal Output { get; set; }
            }
            """, text);
        Assert.DoesNotContain(";\n{", text);
    }

    // FLX0106's fix (end the workflow on the member) has no Fix All: the host leaves the warning, and the workflow's
    // meaning (a run fails loudly on Blue), for the author to decide.
    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Workflows_StepLimitOnlyOnTheCycle_UnroutedMemberLeftAlone(string order)
    {
        var text = await FixAsync(order, ["FLX0106"], Usings + """
            public sealed class Ctx { }
            public enum Light { Red, Green, Blue }

            [Node] public class A { public void Process(Ctx c) { } }
            [Node] public partial class B { public Light Process(Ctx c) => Light.Red; }
            [Node] public partial class D { public NodeAction Process(Ctx c) => "again"; }

            [Workflow(typeof(Ctx))]
            [Start(typeof(B))]
            [Route(typeof(B), Light.Red, typeof(A))]
            [Route(typeof(B), Light.Green, typeof(A))]
            public partial class Acyclic { }

            [Workflow(typeof(Ctx))]
            [Start(typeof(A))]
            [Route(typeof(A), typeof(D))]
            [Route(typeof(D), "again", typeof(A))]
            public partial class Loop { }
            """);

        Assert.Contains("""
            [Workflow(typeof(Ctx))]
            [Start(typeof(B))]
            [Route(typeof(B), Light.Red, typeof(A))]
            [Route(typeof(B), Light.Green, typeof(A))]
            public partial class Acyclic { }
            """, text);
        Assert.DoesNotContain("EndOn", text);
        Assert.Contains("""
            [Workflow(typeof(Ctx), MaxSteps = 100)]
            [Start(typeof(A))]
            """, text);
        Assert.Equal(1, Count(text, "MaxSteps"));
        Assert.Contains("[Node] public partial class A", text);
    }

    // One fixer has FLX0035 and FLX0111: a context's and a batch step's period lose their minus sign in one run. FLX0111's
    // other causes (a negative MaxSteps here) have no fix: the host leaves them, and still fixes the rest.
    [Theory]
    [MemberData(nameof(Orders))]
    public async Task GracePeriods_OfAContextAndOfBatchSteps(string order)
    {
        var text = await FixAsync(order, ["FLX0111"], Usings + """
            [BatchContext(CancellationGracePeriodMs = -5_000)]
            public partial class Invoices
            {
                [BatchItems] public List<string> All { get; set; } = new();
                [BatchItem] public string Invoice { get; set; } = "";
            }

            [Node] public partial class Charge { public void Process(Invoices c) { } }
            [Node] public partial class Notify { public void Process(Invoices c) { } }

            [Workflow(typeof(Invoices), MaxSteps = -5)]
            [Start(typeof(Charge))]
            public partial class Capped { }

            [Workflow(typeof(Invoices))]
            [Start(typeof(Charge))]
            [Route(typeof(Charge), typeof(Notify))]
            [BatchStep(typeof(Charge), MaxDegreeOfParallelism = 4, CancellationGracePeriodMs = -20_000)]
            [BatchStep(typeof(Notify), CancellationGracePeriodMs = int.MinValue)]
            public partial class Billing { }
            """);

        Assert.Contains("[BatchContext(CancellationGracePeriodMs = 5_000)]", text);
        Assert.Contains("[BatchStep(typeof(Charge), MaxDegreeOfParallelism = 4, CancellationGracePeriodMs = 20_000)]", text);
        Assert.Contains("[BatchStep(typeof(Notify), CancellationGracePeriodMs = -1)]", text);
        Assert.Contains("[Workflow(typeof(Invoices), MaxSteps = -5)]", text);
    }

    // FLX0111's two fixable causes, a batch step's limit and grace period, with FLX0013 and FLX0035: on one batch step with
    // both mistakes, and beside a context's FLX0013, every limit below 1 goes and every period loses its minus sign.
    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Parallelism_OfAContextAndOfBatchSteps(string order)
    {
        var text = await FixAsync(order, Usings + """
            [BatchContext(MaxDegreeOfParallelism = 0)]
            public partial class Invoices
            {
                [BatchItems] public List<string> All { get; set; } = new();
                [BatchItem] public string Invoice { get; set; } = "";
            }

            [Node] public partial class Charge { public void Process(Invoices c) { } }
            [Node] public partial class Notify { public void Process(Invoices c) { } }

            [Workflow(typeof(Invoices))]
            [Start(typeof(Charge))]
            [Route(typeof(Charge), typeof(Notify))]
            [BatchStep(typeof(Charge), CancellationGracePeriodMs = -20_000, MaxDegreeOfParallelism = 0)]
            [BatchStep(typeof(Notify), MaxDegreeOfParallelism = -1, CancellationGracePeriodMs = -5_000)]
            public partial class Billing { }
            """);

        Assert.Contains("[BatchContext]\npublic partial class Invoices", text);
        Assert.Contains("[BatchStep(typeof(Charge), CancellationGracePeriodMs = 20_000)]", text);
        Assert.Contains("[BatchStep(typeof(Notify), CancellationGracePeriodMs = 5_000)]", text);
    }

    // The host runs an ID's fixers on one analysis, so a second fixer of an ID would act only when the first changed
    // nothing. FLX0111 has one: one run removes a batch step's limit below 1 and drops its grace period's minus sign.
    [Fact]
    public async Task OneRun_FixesBothMistakesOfABatchStep()
    {
        using var workspace = new AdhocWorkspace();
        var solution = await HostFixRunner.RunOnceAsync(HostFixRunner.CreateSolution(workspace, [("App.cs", Usings + """
            [BatchContext]
            public partial class Invoices
            {
                [BatchItems] public List<string> All { get; set; } = new();
                [BatchItem] public string Invoice { get; set; } = "";
            }

            [Node] public partial class Charge { public void Process(Invoices c) { } }
            [Node] public partial class Notify { public void Process(Invoices c) { } }

            [Workflow(typeof(Invoices))]
            [Start(typeof(Charge))]
            [Route(typeof(Charge), typeof(Notify))]
            [BatchStep(typeof(Charge), MaxDegreeOfParallelism = 0, CancellationGracePeriodMs = -20_000)]
            [BatchStep(typeof(Notify), MaxDegreeOfParallelism = -1)]
            public partial class Billing { }
            """)]), ["FLX0111"]);

        var text = (await solution.Projects.Single().Documents.Single().GetTextAsync()).ToString();
        Assert.Contains("[BatchStep(typeof(Charge), CancellationGracePeriodMs = 20_000)]", text);
        Assert.Contains("[BatchStep(typeof(Notify))]", text);
    }

    // What the run above depends on: no ID has a second fixer that the host's one analysis would leave with nothing to fix.
    [Fact]
    public void EachFixableId_HasOneFixer() => Assert.All(
        HostFixRunner.FixableIds,
        id => Assert.Single(HostFixRunner.Fixers, f => f.FixableDiagnosticIds.Contains(id)));

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task NodesArraysAndBackingFields(string order)
    {
        // FLX0159's fix adds the token and cannot pass it on: FLX0163 is left on it, for the author to finish by hand.
        var text = await FixAsync(order, ["FLX0163"], Usings + """
            [BatchContext]
            public class Orders
            {
                [field: BatchItems] public IReadOnlyList<string> Ids { get; init; } = [];
                [BatchItem] public string Id { get; set; } = "";
                public int[] Buffer = new int[4];
                public int[] Weights { get; set; } = [1, 2];
                [Shared] public int Limit { get; init; } = 3;

                public void Touch() => Buffer[0] = Weights[0];
            }

            [Node]
            public class Step
            {
                public async void ProcessAsync(Orders context) => await Task.Yield();
            }

            [Node, Timeout(Ms = 1_000)]
            public class Pause { public Task ProcessAsync(Orders context) => Task.Delay(10); }

            [Node]
            public class Swapped { public Task ProcessAsync(System.Threading.CancellationToken token, Orders context) => Task.Delay(10, token); }

            public static class Use
            {
                public static BatchOptions Options() => new() { MaxDegreeOfParallelism = -1 };
            }
            """);

        Assert.Contains("[BatchItems] public IReadOnlyList<string> Ids { get; init; } = [];", text);
        Assert.Contains("[Shared]\n    public int[] Buffer = new int[4];", text);
        Assert.Contains("[Shared]\n    public int[] Weights", text);
        Assert.DoesNotContain("PerItem", text);
        Assert.Contains("\n    public int Limit { get; init; } = 3;", text);
        Assert.Contains("public async ValueTask ProcessAsync(Orders context)", text);
        Assert.Contains("[Node]\npublic partial class Step", text);
        Assert.Contains("public partial class Pause { public Task ProcessAsync(Orders context, CancellationToken cancellationToken = default) => Task.Delay(10); }", text);
        Assert.Contains("using System.Threading;", text);
        Assert.Contains("public partial class Swapped { public Task ProcessAsync(Orders context, System.Threading.CancellationToken token) => Task.Delay(10, token); }", text);
        Assert.Contains("MaxDegreeOfParallelism = Environment.ProcessorCount", text);
    }

    [Fact]
    public async Task OneRun_MarksTheItemsCandidateAndSharesTheRest()
    {
        // Pages is the only candidate for [BatchItems]: FLX0002 names it (FLX0014 leaves it alone) and its fix marks it.
        using var workspace = new AdhocWorkspace();
        var solution = await HostFixRunner.RunOnceAsync(HostFixRunner.CreateSolution(workspace, [("App.cs", Usings + """
            [BatchContext]
            public partial class Crawl
            {
                public List<string> Pages { get; set; } = new();
                [BatchItem] public string Page { get; set; } = "";
                public StringBuilder Log { get; set; } = new();
            }
            """)]), ["FLX0014", "FLX0002"]);

        var text = (await solution.Projects.Single().Documents.Single().GetTextAsync()).ToString().ReplaceLineEndings("\n");
        Assert.Contains("[BatchItems]\n    public List<string> Pages", text);
        Assert.Contains("[Shared]\n    public StringBuilder Log", text);
    }

    /// <summary>Fixes the source to a fixed point and checks it then compiles with no error, warning or Floxide diagnostic.</summary>
    private static Task<string> FixAsync(string order, string source) => FixAsync(order, [], source);

    /// <param name="order">One of <see cref="Orders"/>.</param>
    /// <param name="left">The IDs of the diagnostics the fixes leave on purpose, in any order (a count per ID matters, the order does not).</param>
    /// <param name="source">The broken project's one file.</param>
    private static async Task<string> FixAsync(string order, string[] left, string source)
    {
        var foreign = order.EndsWith("/foreign", StringComparison.Ordinal);
        var ids = order.Replace("/foreign", "", StringComparison.Ordinal) switch
        {
            "sorted" => HostFixRunner.FixableIds.ToList(),
            "reversed" => HostFixRunner.FixableIds.Reverse().ToList(),
            var list => list.Split(' ').ToList(),
        };
        using var workspace = new AdhocWorkspace();
        var (solution, _) = await HostFixRunner.FixToFixedPointAsync(HostFixRunner.CreateSolution(workspace, [("App.cs", source)]), ids, foreign);
        var text = (await solution.Projects.Single().Documents.Single().GetTextAsync()).ToString().ReplaceLineEndings("\n");

        var (_, diagnostics) = await HostFixRunner.CompileAsync(solution);
        var remaining = diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning || d.Id.StartsWith("FLX", StringComparison.Ordinal)).ToList();
        Assert.True(remaining.Select(d => d.Id).Order(StringComparer.Ordinal).SequenceEqual(left.Order(StringComparer.Ordinal)), string.Join("\n", remaining) + "\n\n" + text);
        return text;
    }

    private static int Count(string text, string word) => text.Split(word).Length - 1;
}

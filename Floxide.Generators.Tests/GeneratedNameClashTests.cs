using System.Collections.Immutable;
using Floxide.Generators.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Tests;

/// <summary>
/// A member a base class declares under a name the generator adds would be hidden by the generated one (CS0108, or
/// CS0114/CS0534 for virtual and abstract ones): an error under TreatWarningsAsErrors and a silent change of meaning
/// otherwise. Every annotated kind refuses such a type with its own diagnostic naming the base member, and generates
/// nothing for it, exactly as for a member the type declares itself. A [BatchContext]'s hooks are partial methods the user
/// is meant to implement: only another member of a hook's name, declared or inherited, clashes.
/// </summary>
public sealed class GeneratedNameClashTests
{
    private const string Common = """
        using System.Collections.Generic;
        using Floxide;

        public sealed class Ctx { }
        public sealed record Order(int Id);
        [Node] public partial class A { public void Process(Ctx c) { } }
        [System.Text.Json.Serialization.JsonSerializable(typeof(Order))] public abstract class J : System.Text.Json.Serialization.JsonSerializerContext { protected J() : base(null) { } public static J Default => null!; }

        """;

    private const string Flow = "[Workflow(typeof(Ctx))] [Start(typeof(A))] public partial class T : B { }";

    private const string Durable = "[BatchContext(DurableJson = typeof(J))] public partial class T : B { [BatchItems] public List<Order> Items = new(); [BatchItem] public Order? Item; }";

    private const string Context = "[BatchContext] public partial class T : B { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }";

    public static TheoryData<string, string, string> Taken => new()
    {
        { "public class B { public string Id => \"b\"; } " + Flow, "FLX0101", "'B.Id'" },
        { "public class B { public virtual int? MaxSteps => 1; } " + Flow, "FLX0101", "'B.MaxSteps'" },
        { "public abstract class B { public abstract string Mermaid { get; } } " + Flow, "FLX0101", "'B.Mermaid'" },
        { "public class B { public const string Dot = \"\"; } " + Flow, "FLX0101", "'B.Dot'" },
        { "public class B { protected int Next; } " + Flow, "FLX0101", "'B.Next'" },
        { "public class B { protected internal static string StepId => \"\"; } " + Flow, "FLX0101", "'B.StepId'" },
        { "public class B : C { } public class C { public System.Threading.Tasks.Task RunAsync() => System.Threading.Tasks.Task.CompletedTask; } " + Flow, "FLX0101", "'C.RunAsync'" },
        { "[Workflow(typeof(Ctx))] [Start(typeof(A))] public partial class B { } " + Flow, "FLX0101", "'B.Id'" },
        { "[Node] public partial class B { public void Process(Ctx c) { } } " + Flow, "FLX0101", "'B.Id'" },
        { "[Workflow(typeof(Ctx))] [Start(typeof(A))] public partial class B { } [Node] public partial class T : B { public void Process(Ctx c) { } }", "FLX0023", "'B.Id'" },
        { "public class B { public static object? DurableCodec => null; } " + Durable, "FLX0023", "'B.DurableCodec'" },
        { "public class B { protected static object? CreateDurableRun() => null; } " + Durable, "FLX0023", "'B.CreateDurableRun'" },
        { "public class B { protected sealed class FloxideDurableCodec { } } " + Durable, "FLX0023", "'B.FloxideDurableCodec'" },
        { "public class B { public object? LastBatch { get; set; } } " + Context, "FLX0023", "'B.LastBatch'" },
        { "public class B { public virtual string Id => \"b\"; } [Node] public partial class T : B { public void Process(Ctx c) { } }", "FLX0023", "'B.Id'" },
        { "public class B { } [BatchContext, Retry] public partial class T : B { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; private static int __FloxideBuildResilience = 1; public int X => __FloxideBuildResilience; }", "FLX0023", "'__FloxideBuildResilience'" },
        { "[Node, Retry] public partial class T { public void Process(Ctx c) { } private static int __FloxideResilience = 1; public int X => __FloxideResilience; }", "FLX0023", "'__FloxideResilience'" },
        { "[Node, Timeout(Ms = 100)] public partial class T { public void Process(Ctx c) { } private int __FloxideRunOnceAsync(Ctx c, System.Threading.CancellationToken t) => 1; }", "FLX0023", "'__FloxideRunOnceAsync'" },
        { "public class B { public int OnItemContextCreated; } " + Context, "FLX0023", "'B.OnItemContextCreated'" },
        { "public class B { protected void OnResultsMerged(System.ReadOnlySpan<BatchItemResult<T, int>> r) { } } " + Context, "FLX0023", "'B.OnResultsMerged'" },
        { "public class B { } " + Context.Replace("{ [BatchItems]", "{ public int OnBatchCompleted; [BatchItems]", StringComparison.Ordinal), "FLX0023", "'OnBatchCompleted'" },
        { "public class B { } " + Context.Replace("{ [BatchItems]", "{ public void OnBatchCompleted(BatchResults<T, int> results) { } [BatchItems]", StringComparison.Ordinal), "FLX0023", "'OnBatchCompleted'" },
    };

    [Theory]
    [MemberData(nameof(Taken))]
    public async Task AGeneratedNameTakenGeneratesNothingAndIsReportedByName(string declaration, string id, string named)
    {
        var output = GeneratorHarness.Run(("Input.cs", Common + declaration));

        Assert.Null(output.RunResult.Results.Single().Exception);
        Assert.DoesNotContain(output.Files.Keys, name => name.StartsWith("T.", StringComparison.Ordinal));
        Assert.Contains("A.Node.g.cs", output.Files.Keys);
        Assert.Empty(output.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true));
        var diagnostics = await Analyze(output.Input);
        Assert.Contains(diagnostics, d => d.Id == id && d.GetMessage().Contains(named, StringComparison.Ordinal));
    }

    public static TheoryData<string, string, string> NamedLikeAMember => new()
    {
        { "[Node] public partial class Id { public void Process(Ctx c) { } }", "FLX0023", "Id" },
        { "[Node] public partial class RunAsync { public void Process(Ctx c) { } }", "FLX0023", "RunAsync" },
        { "[Node, Retry] public partial class __FloxideRunOnceAsync { public void Process(Ctx c) { } }", "FLX0023", "__FloxideRunOnceAsync" },
        { "public partial class Outer { [Node] public partial class Id<TItem> { public void Process(Ctx c) { } } }", "FLX0023", "Id" },
        { "[Workflow(typeof(Ctx))] [Start(typeof(A))] public partial class Next { }", "FLX0101", "Next" },
        { "[Workflow(typeof(Ctx))] [Start(typeof(A))] public partial class Mermaid { }", "FLX0101", "Mermaid" },
        { "[Workflow(typeof(Ctx))] [Start(typeof(A))] public partial class Dot { }", "FLX0101", "Dot" },
        { "[Workflow(typeof(Ctx))] [Start(typeof(A))] public partial class MaxSteps { }", "FLX0101", "MaxSteps" },
        { "[Workflow(typeof(Ctx))] [Start(typeof(A))] public partial class StepId { }", "FLX0101", "StepId" },
        { "[BatchContext] public partial class LastBatch { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }", "FLX0023", "LastBatch" },
        { "[BatchContext] public partial class DefaultBatchOptions { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }", "FLX0023", "DefaultBatchOptions" },
        { "[BatchContext] public partial class CreateBatchNode { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }", "FLX0023", "CreateBatchNode" },
        { "[BatchContext] public partial class OnBatchCompleted { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }", "FLX0023", "OnBatchCompleted" },
        { "[BatchContext] public partial class OnResultsMerged { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }", "FLX0023", "OnResultsMerged" },
        { "[BatchContext, Retry] public partial class __FloxideBuildResilience { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }", "FLX0023", "__FloxideBuildResilience" },
        { "[BatchContext(DurableJson = typeof(J))] public partial class DurableCodec { [BatchItems] public List<Order> Items = new(); [BatchItem] public Order? Item; }", "FLX0023", "DurableCodec" },
        { "[BatchContext(DurableJson = typeof(J))] public partial class FloxideDurableCodec { [BatchItems] public List<Order> Items = new(); [BatchItem] public Order? Item; }", "FLX0023", "FloxideDurableCodec" },
    };

    [Theory]
    [MemberData(nameof(NamedLikeAMember))]
    public async Task ATypeNamedLikeAMemberTheGeneratorAddsToItGeneratesNothingAndIsReported(string declaration, string id, string name)
    {
        // C# allows no member named like its type (CS0542): the generated member would not compile.
        var output = GeneratorHarness.Run(("Input.cs", Common + declaration));

        Assert.Null(output.RunResult.Results.Single().Exception);
        Assert.DoesNotContain(output.Files.Keys, file => file.Contains(name + ".", StringComparison.Ordinal) || file.Contains(name + "`", StringComparison.Ordinal));
        Assert.Contains("A.Node.g.cs", output.Files.Keys);
        Assert.Empty(output.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true));
        var diagnostics = await Analyze(output.Input);
        Assert.Contains(diagnostics, d => d.Id == id && d.GetMessage().Contains($"'{name}' is named like the member '{name}'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[Node] public partial class Step<Id> { public void Process(Ctx c) { } }", "FLX0023", "Step", "Id")]
    [InlineData("[Node] public partial class Step<RunAsync> { public void Process(Ctx c) { } }", "FLX0023", "Step", "RunAsync")]
    [InlineData("[Workflow(typeof(Ctx))] [Start(typeof(A))] public partial class Flow<Mermaid> { }", "FLX0101", "Flow", "Mermaid")]
    [InlineData("[BatchContext] public partial class Batch<LastBatch> { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }", "FLX0023", "Batch", "LastBatch")]
    [InlineData("[BatchContext(DurableJson = typeof(J))] public partial class Batch<CreateDurableRun> { [BatchItems] public List<Order> Items = new(); [BatchItem] public Order? Item; }", "FLX0023", "Batch", "CreateDurableRun")]
    public async Task ATypeParameterNamedLikeAMemberTheGeneratorAddsGeneratesNothingAndIsReported(string declaration, string id, string type, string name)
    {
        // A member named like a type parameter of its type does not compile either (CS0102).
        var output = GeneratorHarness.Run(("Input.cs", Common + declaration));

        Assert.Null(output.RunResult.Results.Single().Exception);
        Assert.DoesNotContain(output.Files.Keys, file => file.Contains(type + "`", StringComparison.Ordinal));
        Assert.Contains("A.Node.g.cs", output.Files.Keys);
        Assert.Empty(output.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true));
        var diagnostics = await Analyze(output.Input);
        Assert.Contains(diagnostics, d => d.Id == id && d.GetMessage().Contains($"'{type}' has a type parameter named like the member '{name}'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[BatchContext(KeepResults = true)] public partial class OnResultsMerged { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }", "OnResultsMerged.")]
    [InlineData("[BatchContext] public partial class DurableCodec { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }", "DurableCodec.")]
    [InlineData("[BatchContext] public partial class __FloxideResilience { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }", "__FloxideResilience.")]
    [InlineData("[Node] public partial class LastBatch { public void Process(Ctx c) { } }", "LastBatch.")]
    [InlineData("[Workflow(typeof(Ctx))] [Start(typeof(A))] public partial class _a { }", "_a.")]
    public async Task ATypeNamedLikeAMemberAddedOnlyToOtherKindsIsNoClash(string declaration, string file)
    {
        // OnResultsMerged is added only when results stream, the durable members only with DurableJson, the node helpers
        // only to nodes; and a workflow's step fields (here _a, for the step A) avoid the workflow's own name.
        var output = GeneratorHarness.Run(("Input.cs", Common + declaration)).AssertCompilesCleanly();

        Assert.Contains(output.Files.Keys, name => name.StartsWith(file, StringComparison.Ordinal));
        Assert.Empty(await Analyze(output.Output));
    }

    [Theory]
    [InlineData("public class B { private string Id => \"b\"; private int Next = 1; public int N => Next + Id.Length; } " + Flow)]
    [InlineData("public class B { public override string ToString() => \"b\"; public override bool Equals(object? o) => false; public override int GetHashCode() => 1; } " + Flow)]
    [InlineData("public class B { public override string ToString() => \"b\"; } " + Context)]
    [InlineData("public class B { } [BatchContext(KeepResults = true)] public partial class T : B { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; public int OnResultsMerged; }")]
    [InlineData("public class B { } " + Context + " partial class T { partial void OnBatchCompleted(BatchResults<T, int> results) { } partial void OnResultsMerged(System.ReadOnlySpan<BatchItemResult<T, int>> results) { } }")]
    [InlineData("public record R { public string OnBatchCompletedCount => \"\"; } [BatchContext] public partial record T : R { [BatchItems] public List<int> Items { get; init; } = new(); [BatchItem] public int Item { get; set; } }")]
    public async Task PrivateAndObjectsOwnInheritedMembersAndImplementedHooksAreNoClash(string declaration)
    {
        var output = GeneratorHarness.Run(("Input.cs", Common + declaration)).AssertCompilesCleanly();

        Assert.Contains(output.Files.Keys, name => name.StartsWith("T.", StringComparison.Ordinal));
        Assert.Empty(await Analyze(output.Output));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"Consumer\")]", "FLX0101")]
    public async Task AnInternalMemberOfABaseInAnotherAssemblyClashesOnlyWhenTheAssemblyGivesAccess(string visibleTo, string expected)
    {
        // Out of sight, the base's internal Id cannot be hidden (no CS0108): the workflow is fine.
        var library = GeneratorHarness.Compile(("Library.cs", visibleTo + " public class B { internal string Id => \"b\"; protected private int MaxSteps; public int Read() => Id.Length + MaxSteps; }"))
            .WithAssemblyName("Library");
        var consumer = GeneratorHarness.Compile(("Input.cs", Common + Flow)).AddReferences(library.ToMetadataReference());

        var output = GeneratorHarness.Run(consumer);

        if (expected.Length == 0)
        {
            output.AssertCompilesCleanly();
            Assert.Contains("T.Workflow.g.cs", output.Files.Keys);
            Assert.Empty(await Analyze(output.Output));
        }
        else
        {
            Assert.DoesNotContain("T.Workflow.g.cs", output.Files.Keys);
            Assert.Contains(await Analyze(output.Input), d => d.Id == expected && d.GetMessage().Contains("'B.Id'", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void AHookImplementedWithAnotherParameterNameIsTheCompilersWarning()
    {
        // The README tells users to keep the hooks' parameter names: the generated declarations name them.
        var output = GeneratorHarness.Run(("Input.cs", Common + "public class B { } " + Context + " partial class T { partial void OnItemContextCreated(T context) { } }"));

        Assert.Contains(output.Files.Keys, name => name.StartsWith("T.", StringComparison.Ordinal));
        var warning = Assert.Single(output.CompilationDiagnostics);
        Assert.Equal("CS8826", warning.Id);
    }

    private static async Task<ImmutableArray<Diagnostic>> Analyze(Compilation compilation) =>
        await compilation.WithAnalyzers([new WorkflowAnalyzer(), new BatchContextAnalyzer(), new NodeAnalyzer()]).GetAnalyzerDiagnosticsAsync();
}

using System.Collections.Immutable;
using Floxide.Generators.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Tests.Workflows;

/// <summary>
/// A workflow that breaks a rule gets no generated code (so no compiler errors cascade from it), the
/// generator never throws, a valid sibling still generates, and the analyzer reports the rule's ID;
/// and on a compilation that includes the generated code, valid workflows get no diagnostic at all.
/// </summary>
public sealed class InvalidWorkflowTests
{
    private const string Common = """
        using Floxide;

        public sealed class Ctx { }
        public sealed class Other { }
        public enum Light { Red, Green }

        [Node] public partial class A { public void Process(Ctx c) { } }
        [Node] public partial class B { public Light Process(Ctx c) => Light.Red; }
        [Node] public partial class C { public bool Process(Ctx c) => true; }
        [Node] public partial class OnOther { public void Process(Other c) { } }
        [Node(Id = "A")] public partial class NamedA { public void Process(Ctx c) { } }
        [Node] public partial class BrokenNode { }
        public sealed class NotANode { }
        [Node] public partial class Gen<T> { public void Process(Ctx c) { } }
        public partial class Outer<T> { [Node] public partial class Inner { public void Process(Ctx c) { } } }
        [Workflow(typeof(Ctx))] [Start(typeof(A))] public partial class GenFlow<T> { }
        [BatchContext] public partial class Batches { [BatchItems] public int[] Items = []; [BatchItem] public int Item; }
        [Node] public partial class OnBatches { public void Process(Batches l) { } }

        [Workflow(typeof(Ctx))]
        [Start(typeof(A))]
        [Route(typeof(A), typeof(C))]
        public partial class ValidSibling { }

        """;

    public static TheoryData<string, string, string> Invalid => new()
    {
        { "not partial", "FLX0100", "[Workflow(typeof(Ctx))] [Start(typeof(A))] public class W { }" },
        { "static", "FLX0100", "[Workflow(typeof(Ctx))] [Start(typeof(A))] public static partial class W { }" },
        { "inside a file-local type", "FLX0022", "file partial class O { [Workflow(typeof(Ctx))] [Start(typeof(A))] public partial class W { } }" },
        { "a record", "FLX0100", "[Workflow(typeof(Ctx))] [Start(typeof(A))] public partial record W { }" },
        { "a positional record", "FLX0100", "[Workflow(typeof(Ctx))] [Start(typeof(A))] public sealed partial record W(int Limit);" },
        { "declares Id", "FLX0101", "[Workflow(typeof(Ctx))] [Start(typeof(A))] public partial class W { public string Id => \"x\"; }" },
        { "declares a constructor", "FLX0101", "[Workflow(typeof(Ctx))] [Start(typeof(A))] public partial class W { public W(int x) { } }" },
        { "step is not a node", "FLX0102", "[Workflow(typeof(Ctx))] [Start(typeof(A))] [Route(typeof(A), typeof(NotANode))] public partial class W { }" },
        { "step on another context", "FLX0103", "[Workflow(typeof(Ctx))] [Start(typeof(A))] [Route(typeof(A), typeof(OnOther))] public partial class W { }" },
        { "no start", "FLX0104", "[Workflow(typeof(Ctx))] public partial class W { }" },
        { "two starts", "FLX0105", "[Workflow(typeof(Ctx))] [Start(typeof(A))] [Start(typeof(C))] [Route(typeof(A), typeof(C))] public partial class W { }" },
        { "unreachable", "FLX0107", "[Workflow(typeof(Ctx))] [Start(typeof(A))] [Route(typeof(C), typeof(A))] public partial class W { }" },
        { "duplicate route", "FLX0108", "[Workflow(typeof(Ctx))] [Start(typeof(A))] [Route(typeof(A), typeof(C))] [Route(typeof(A), typeof(C))] public partial class W { }" },
        { "conflicting route", "FLX0109", "[Workflow(typeof(Ctx))] [Start(typeof(B))] [Route(typeof(B), Light.Red, typeof(A))] [Route(typeof(B), Light.Red, typeof(C))] [EndOn(Light.Green)] public partial class W { }" },
        { "route and end conflict", "FLX0109", "[Workflow(typeof(Ctx))] [Start(typeof(A))] [Route(typeof(A), \"x\", typeof(C))] [EndOn(typeof(A), \"x\")] public partial class W { }" },
        { "two fallbacks", "FLX0109", "[Workflow(typeof(Ctx))] [Start(typeof(B))] [Fallback(typeof(B), typeof(A))] [Fallback(typeof(B), typeof(C))] public partial class W { }" },
        { "cycle without limit", "FLX0110", "[Workflow(typeof(Ctx))] [Start(typeof(A))] [Route(typeof(A), typeof(C))] [Route(typeof(C), typeof(A))] public partial class W { }" },
        { "empty action", "FLX0111", "[Workflow(typeof(Ctx))] [Start(typeof(A))] [Route(typeof(A), \"\", typeof(C))] public partial class W { }" },
        { "numeric action", "FLX0111", "[Workflow(typeof(Ctx))] [Start(typeof(A))] [Route(typeof(A), 3, typeof(C))] public partial class W { }" },
        { "negative limit", "FLX0111", "[Workflow(typeof(Ctx), MaxSteps = -1)] [Start(typeof(A))] public partial class W { }" },
        { "batch step limit below 1", "FLX0111", "[Workflow(typeof(Ctx))] [Start(typeof(A))] [BatchStep(typeof(A), MaxDegreeOfParallelism = 0)] public partial class W { }" },
        { "batch step grace period below -1", "FLX0111", "[Workflow(typeof(Batches))] [Start(typeof(OnBatches))] [BatchStep(typeof(OnBatches), CancellationGracePeriodMs = -1000)] public partial class W { }" },
        { "batch step failure action empty", "FLX0111", "[Workflow(typeof(Ctx))] [Start(typeof(A))] [BatchStep(typeof(A), FailureAction = \"\")] public partial class W { }" },
        { "batch step error mode undefined", "FLX0111", "[Workflow(typeof(Ctx))] [Start(typeof(A))] [BatchStep(typeof(A), ErrorMode = (BatchErrorMode)7)] public partial class W { }" },
        { "batch step off a batch context", "FLX0112", "[Workflow(typeof(Ctx))] [Start(typeof(A))] [BatchStep(typeof(A))] public partial class W { }" },
        { "contains itself", "FLX0113", "[Workflow(typeof(Ctx))] [Start(typeof(A))] [Route(typeof(A), typeof(W))] public partial class W { }" },
        { "duplicate step ids", "FLX0114", "[Workflow(typeof(Ctx))] [Start(typeof(A))] [Route(typeof(A), typeof(NamedA))] public partial class W { }" },
        { "two closings of one generic step", "FLX0114", "[Workflow(typeof(Ctx))] [Start(typeof(Gen<int>))] [Route(typeof(Gen<int>), typeof(Gen<string>))] public partial class W { }" },
        { "base without a parameterless constructor", "FLX0117", "public class Base { public Base(int x) { } } [Workflow(typeof(Ctx))] [Start(typeof(A))] public partial class W : Base { }" },
        { "base with a private parameterless constructor", "FLX0117", "public class Base { private Base() { } public Base(int x) : this() { } } [Workflow(typeof(Ctx))] [Start(typeof(A))] public partial class W : Base { }" },
        { "open generic start", "FLX0111", "[Workflow(typeof(Ctx))] [Start(typeof(Gen<>))] public partial class W { }" },
        { "open generic route target", "FLX0111", "[Workflow(typeof(Ctx))] [Start(typeof(A))] [Route(typeof(A), typeof(Gen<>))] public partial class W { }" },
        { "open generic container", "FLX0111", "[Workflow(typeof(Ctx))] [Start(typeof(Outer<>.Inner))] public partial class W { }" },
        { "open generic fallback", "FLX0111", "[Workflow(typeof(Ctx))] [Start(typeof(A))] [Fallback(typeof(A), typeof(Gen<>))] public partial class W { }" },
        { "open generic end", "FLX0111", "[Workflow(typeof(Ctx))] [Start(typeof(A))] [EndOn(typeof(Gen<>), \"x\")] public partial class W { }" },
        { "file-local type argument", "FLX0111", "file sealed class Hidden { }\n[Workflow(typeof(Ctx))] [Start(typeof(A))] [Route(typeof(A), typeof(Gen<Hidden>))] public partial class W { }" },
        { "open generic batch step", "FLX0111", "[Workflow(typeof(Ctx))] [Start(typeof(A))] [BatchStep(typeof(Gen<>))] public partial class W { }" },
        { "open generic nested workflow", "FLX0111", "[Workflow(typeof(Ctx))] [Start(typeof(GenFlow<>))] public partial class W { }" },
        { "open generic context", "FLX0111", "[Workflow(typeof(System.Collections.Generic.List<>))] [Start(typeof(A))] public partial class W { }" },
        { "two batch steps for one step", "FLX0118", "[Workflow(typeof(Batches))] [BatchStep(typeof(OnBatches), MaxDegreeOfParallelism = 2, FailureAction = \"a\")] [BatchStep(typeof(OnBatches), MaxDegreeOfParallelism = 8, FailureAction = \"b\")] [Start(typeof(OnBatches))] [EndOn(\"a\")] [EndOn(\"b\")] public partial class W { }" },
        { "the same batch step twice", "FLX0118", "[Workflow(typeof(Batches))] [Start(typeof(OnBatches))] [BatchStep(typeof(OnBatches))] [BatchStep(typeof(OnBatches))] public partial class W { }" },
        { "also a node", "FLX0115", AlsoANode },
        { "also a batch context", "FLX0115", AlsoABatchContext },
    };

    private const string AlsoANode = "[Node] [Workflow(typeof(Ctx))] [Start(typeof(A))] public partial class W { public void Process(Ctx c) { } }";

    private const string AlsoABatchContext =
        "[BatchContext] [Workflow(typeof(Ctx))] [Start(typeof(A))] public partial class W { [BatchItems] public System.Collections.Generic.List<int> Items = new(); [BatchItem] public int Item; }";

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task GeneratesNothingAndTheAnalyzerSaysWhy(string name, string id, string source)
    {
        var output = GeneratorHarness.Run(("Input.cs", Common + source));

        Assert.Null(output.RunResult.Results.Single().Exception);
        Assert.DoesNotContain("W.Workflow.g.cs", output.Files.Keys);
        Assert.Contains("ValidSibling.Workflow.g.cs", output.Files.Keys);
        var ids = (await Analyze(output.Input)).Select(d => d.Id).ToList();
        Assert.True(ids.Contains(id), $"{name}: expected {id}, got [{string.Join(", ", ids)}]");
    }

    [Theory]
    [InlineData("RunTracedAsync")]
    [InlineData("ResumeAsync")]
    [InlineData("Next")]
    [InlineData("StepId")]
    [InlineData("StepSpanName")]
    public async Task AMemberNamedLikeAGeneratedPrivateMemberGetsFLX0101AndNothingFailsToCompile(string name)
    {
        // The executor's private helpers are generated members like RunAsync: a user member of the same name would
        // clash inside the generated file (CS0102) instead of drawing a Floxide diagnostic.
        var output = GeneratorHarness.Run(("Input.cs", Common + $"[Workflow(typeof(Ctx))] [Start(typeof(A))] public partial class W {{ private int {name}; }}"));

        Assert.DoesNotContain("W.Workflow.g.cs", output.Files.Keys);
        Assert.Contains("ValidSibling.Workflow.g.cs", output.Files.Keys);
        Assert.Empty(output.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true));
        var diagnostic = Assert.Single(await Analyze(output.Input), d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("FLX0101", diagnostic.Id);
        Assert.Contains($"'{name}'", diagnostic.GetMessage());
    }

    [Fact]
    public async Task GeneratedFieldsKeepClearOfTheClassesOwnAndInheritedMembers()
    {
        // Step and action fields are named after the steps and actions, so they cannot be reserved in advance like
        // the helpers: the generator picks names the class does not already use instead.
        var output = GeneratorHarness.Run(("Input.cs", """
            using Floxide;

            public sealed class Ctx { }
            public enum Light { Red, Green }

            [Node] public partial class A { public void Process(Ctx c) { } }
            [Node] public partial class B { public Light Process(Ctx c) => Light.Red; }
            [Node] public partial class C { public void Process(Ctx c) { } }

            public class Base { protected int _c; }

            [Workflow(typeof(Ctx))] [Start(typeof(B))] [Route(typeof(B), Light.Red, typeof(A))] [Route(typeof(A), typeof(C))] [EndOn(Light.Green)]
            public partial class W : Base
            {
                public int _a;
                public int _b;
                public int Action0_Red;
                public int _c2() => _c;
            }
            """)).AssertCompilesCleanly();

        var generated = output.Files["W.Workflow.g.cs"];
        Assert.Contains("private readonly global::B _b2;", generated);
        Assert.Contains("private readonly global::A _a2;", generated);
        Assert.Contains("private readonly global::C _c3;", generated);
        Assert.Contains("Action0_Red_2 = new global::Floxide.NodeAction(\"Red\");", generated);
        Assert.Empty(await Analyze(output.Output));
    }

    [Theory]
    [InlineData("[BatchStep(typeof(Step))] [Start(typeof(Step))] [Route(typeof(Step), typeof(StepBatch))]")]
    [InlineData("[BatchStep(typeof(Step))] [Start(typeof(StepBatch))] [Route(typeof(StepBatch), typeof(Step))]")]
    public async Task ABatchStepsFieldKeepsClearOfAStepNamedLikeIt(string graph)
    {
        // A batch step's field is named after its step with a "Batch" suffix that its parameter does not have: the
        // batch step Step and the step StepBatch both got _stepBatch, and the generated file failed with CS0102.
        var output = GeneratorHarness.Run(("Input.cs", $$"""
            using System.Collections.Generic;
            using Floxide;

            [BatchContext] public partial class Ctx { [BatchItems] public List<int> Items { get; init; } = new(); [BatchItem] public int Item { get; set; } }
            [Node] public partial class Step { public void Process(Ctx c) { } }
            [Node] public partial class StepBatch { public void Process(Ctx c) { } }

            [Workflow(typeof(Ctx))] {{graph}}
            public partial class W;
            """)).AssertCompilesCleanly();

        Assert.Contains("W.Workflow.g.cs", output.Files.Keys);
        Assert.Empty(await Analyze(output.Output));
    }

    [Theory]
    [InlineData("public abstract class Base { protected Base() { } }")]
    [InlineData("public class Base { public Base(int x = 1, params string[] rest) { } }")]
    public async Task ABaseClassWhoseConstructorTakesNoArgumentIsFine(string baseClass)
    {
        // The generated constructors call base(): a protected constructor, optional parameters and params arrays allow it.
        var output = GeneratorHarness.Run(("Input.cs", Common + baseClass + " [Workflow(typeof(Ctx))] [Start(typeof(A))] public partial class W : Base { }")).AssertCompilesCleanly();

        Assert.Contains("W.Workflow.g.cs", output.Files.Keys);
        Assert.Empty(await Analyze(output.Output));
    }

    [Theory]
    [InlineData(AlsoANode)]
    [InlineData(AlsoABatchContext)]
    public void AWorkflowWithAnotherRoleLeavesTheOtherRolesCodeCompiling(string source)
    {
        // The other role's part is still generated; without the workflow's there is nothing for it to clash with.
        var output = GeneratorHarness.Run(("Input.cs", Common + source));

        Assert.Single(output.Files.Keys, k => k.StartsWith("W.", StringComparison.Ordinal));
        Assert.Empty(output.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true));
    }

    [Theory]
    [InlineData("[Workflow(typeof(Ctx))] [Start(typeof(A))] [Route(typeof(A), typeof(Refund))] public partial class W { }")]
    [InlineData("[Workflow(typeof(Ctx))] [Start(typeof(Refund))] public partial class W { }")]
    [InlineData("[Workflow(typeof(Ctx))] [Start(typeof(A))] [Fallback(typeof(A), typeof(Refund))] public partial class W { }")]
    [InlineData("[Workflow(typeof(Ctx))] [Start(typeof(A))] [EndOn(typeof(Refund), \"x\")] public partial class W { }")]
    [InlineData("[Workflow(typeof(Ctx))] [Start(typeof(A))] [BatchStep(typeof(Refund), CancellationGracePeriodMs = 1_000)] public partial class W { }")]
    [InlineData("[Workflow(typeof(Refunds))] [Start(typeof(A))] public partial class W { }")]
    public async Task AStepOrContextTypeNotWrittenYetIsTheCompilersErrorAloneAndGeneratesNothing(string workflow)
    {
        // While the user types a route to a step that does not exist yet, CS0246 says so; a Floxide error beside it
        // ("a step must be a named type") would be a second, wrong, diagnostic for one mistake.
        var output = GeneratorHarness.Run(("Input.cs", Common + workflow));

        Assert.Null(output.RunResult.Results.Single().Exception);
        Assert.DoesNotContain("W.Workflow.g.cs", output.Files.Keys);
        Assert.Contains("ValidSibling.Workflow.g.cs", output.Files.Keys);
        Assert.Contains(output.Output.GetDiagnostics(), d => d.Id == "CS0246");
        Assert.DoesNotContain(await Analyze(output.Input), d => d.Id.StartsWith("FLX", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnInvalidNodeStepMakesTheWorkflowGenerateNothingWithoutAWorkflowError()
    {
        var output = GeneratorHarness.Run(("Input.cs", Common + "[Workflow(typeof(Ctx))] [Start(typeof(A))] [Route(typeof(A), typeof(BrokenNode))] public partial class W { }"));

        Assert.DoesNotContain("W.Workflow.g.cs", output.Files.Keys);
        Assert.DoesNotContain(await Analyze(output.Input), d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public async Task ABatchStepOverARefusedContextMakesTheWorkflowGenerateNothingWithoutAWorkflowError()
    {
        // The context has no [BatchItems] member: no factories are generated for it, so an executor calling
        // CreateBatchNode would not compile. The context's own diagnostic (FLX0002) says why.
        var output = GeneratorHarness.Run(("Input.cs", Common + """
            [BatchContext] public partial class Broken { [BatchItem] public int Item; }
            [Node] public partial class OnBroken { public void Process(Broken b) { } }
            [Workflow(typeof(Broken))] [Start(typeof(OnBroken))] [BatchStep(typeof(OnBroken))] public partial class W { }
            """));

        Assert.DoesNotContain("W.Workflow.g.cs", output.Files.Keys);
        Assert.Contains("ValidSibling.Workflow.g.cs", output.Files.Keys);
        Assert.Empty(output.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true));
        Assert.DoesNotContain(await Analyze(output.Input), d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public async Task AnOpenGenericStepIsTheOnlyErrorAndNothingIsGenerated()
    {
        // Before FLX0111 covered it, the step read as an invalid node with no diagnostic of its own: the workflow vanished silently.
        var output = GeneratorHarness.Run(("Input.cs", Common + "[Workflow(typeof(Ctx))] [Start(typeof(Gen<>))] public partial class W { }"));

        Assert.DoesNotContain("W.Workflow.g.cs", output.Files.Keys);
        Assert.Contains("ValidSibling.Workflow.g.cs", output.Files.Keys);
        var diagnostic = Assert.Single(await Analyze(output.Input), d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("FLX0111", diagnostic.Id);
        Assert.Contains("'Gen<>'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClosedGenericStepsAndNestedWorkflowsStillGenerate()
    {
        var output = GeneratorHarness.Run(("Input.cs", """
            using Floxide;

            public sealed class Ctx { }
            [Node] public partial class Gen<T> { public void Process(Ctx c) { } }
            public partial class Outer<T> { [Node] public partial class Inner { public void Process(Ctx c) { } } }
            [Node] public partial class A { public void Process(Ctx c) { } }
            [Workflow(typeof(Ctx))] [Start(typeof(A))] public partial class GenFlow<T> { }

            [Workflow(typeof(Ctx))]
            [Start(typeof(Gen<int>))]
            [Route(typeof(Gen<int>), typeof(Outer<string>.Inner))]
            [Route(typeof(Outer<string>.Inner), typeof(GenFlow<Ctx>))]
            public partial class W { }
            """)).AssertCompilesCleanly();

        Assert.Contains("W.Workflow.g.cs", output.Files.Keys);
        Assert.Empty(await Analyze(output.Output));
    }

    [Theory]
    [InlineData("[Workflow(typeof(Ctx))] [Start(typeof(LibraryNode))] public partial class W { }", "'LibraryNode'")]
    [InlineData("[Workflow(typeof(Ctx))] [Start(typeof(LibraryFlow))] public partial class W { }", "'LibraryFlow'")]
    [InlineData("[Workflow(typeof(Lots))] [Start(typeof(OnLots))] [BatchStep(typeof(OnLots))] public partial class W { }", "'Lots'")]
    public async Task AStepOrBatchContextFromAReferencedAssemblyIsReportedNotDroppedSilently(string workflow, string named)
    {
        // Metadata has no declaration to read the rules from (and shows the generated members as declared): such a
        // step read as invalid with no diagnostic of its own, and the workflow generated nothing without a word.
        var library = GeneratorHarness.Run(GeneratorHarness.Compile(("Library.cs", """
            #pragma warning disable CS1591
            using Floxide;

            public sealed class Ctx { }
            [Node] public partial class LibraryNode { public void Process(Ctx c) { } }
            [Workflow(typeof(Ctx))] [Start(typeof(LibraryNode))] public partial class LibraryFlow { }
            [BatchContext] public partial class Lots { [BatchItems] public int[] Items = []; [BatchItem] public int Item; }
            """)).WithAssemblyName("Library")).AssertCompilesCleanly();
        using var image = new MemoryStream();
        Assert.True(library.Output.Emit(image).Success);
        var consumer = GeneratorHarness.Compile(("Input.cs", "using Floxide; [Node] public partial class OnLots { public void Process(Lots l) { } } " + workflow))
            .AddReferences(MetadataReference.CreateFromImage(image.ToArray()));

        var output = GeneratorHarness.Run(consumer);

        Assert.DoesNotContain("W.Workflow.g.cs", output.Files.Keys);
        var diagnostic = Assert.Single(await Analyze(output.Input), d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("FLX0111", diagnostic.Id);
        Assert.Contains(named + " comes from the referenced assembly 'Library'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoBatchStepsForOneStepGenerateNothingAndTheSecondIsTheError()
    {
        // The generated constructor used to take the last one's limit and failure action without a word.
        var output = GeneratorHarness.Run(("Input.cs", Common + """
            [Workflow(typeof(Batches))]
            [BatchStep(typeof(OnBatches), MaxDegreeOfParallelism = 2, FailureAction = "a")]
            [BatchStep(typeof(OnBatches), MaxDegreeOfParallelism = 8, FailureAction = "b")]
            [Start(typeof(OnBatches))][EndOn("a")][EndOn("b")]
            public partial class W { }
            """));

        Assert.DoesNotContain("W.Workflow.g.cs", output.Files.Keys);
        Assert.Contains("ValidSibling.Workflow.g.cs", output.Files.Keys);
        // The first [BatchStep] stands, so "b", the failure action of the second, is never returned (FLX0119).
        var diagnostics = (await Analyze(output.Input)).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.Equal(["FLX0118", "FLX0119"], diagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.Contains("'b'", diagnostics.Single(d => d.Id == "FLX0119").GetMessage(), StringComparison.Ordinal);
        var diagnostic = diagnostics.Single(d => d.Id == "FLX0118");
        Assert.Contains("MaxDegreeOfParallelism = 8", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public enum Empty { }", "[EndOn(typeof(E), (Empty)3)]")]
    [InlineData("[System.Flags] public enum Empty { }", "[EndOn((Empty)3)]")]
    public async Task AnEndOnForAnActionEnumWithoutMembersIsFLX0119NotAnException(string declaration, string endOn)
    {
        // FLX0119 listed the actions the step returns, and an enum without members has none: the list threw (CS8785, AD0001).
        var output = GeneratorHarness.Run(("Input.cs", Common + declaration + """

            [Node] public partial class E { public Empty Process(Ctx c) => default; }
            [Workflow(typeof(Ctx))][Start(typeof(E))]
            """ + endOn + " public partial class W { }"));

        Assert.Null(output.RunResult.Results.Single().Exception);
        Assert.Empty(output.GeneratorDiagnostics);
        var diagnostic = Assert.Single(await Analyze(output.Input), d => d.Id == "FLX0119");
        Assert.Contains("'3'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("no members", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void AWorkflowMarkedOnTwoPartialDeclarationsGeneratesNothingAndTheGeneratorKeepsWorking()
    {
        // CS0579 explains it. The generator meets the type once per marked declaration; adding its file twice
        // would throw and take every other generated file of the project down with it.
        var output = GeneratorHarness.Run(("Input.cs", Common + """
            [Workflow(typeof(Ctx))] [Start(typeof(A))] public partial class W { }
            [Workflow(typeof(Ctx))] public partial class W { }
            """));

        Assert.Null(output.RunResult.Results.Single().Exception);
        Assert.DoesNotContain("W.Workflow.g.cs", output.Files.Keys);
        Assert.Contains("ValidSibling.Workflow.g.cs", output.Files.Keys);
    }

    [Fact]
    public async Task ABatchStepOutsideAContextWithPrivateFactoriesGeneratesNothingAndSaysWhy()
    {
        // The item type is private to the context, so are its factories: only a workflow inside it can call them.
        var output = GeneratorHarness.Run(("Input.cs", Common + """
            [BatchContext]
            public partial class Import
            {
                private sealed record Row(int Id);
                [BatchItems] private System.Collections.Generic.List<Row> Rows { get; } = [];
                [BatchItem] private Row? Current { get; set; }

                [Workflow(typeof(Import))] [Start(typeof(OnImport))] [BatchStep(typeof(OnImport))] public partial class Inside { }
            }

            [Node] public partial class OnImport { public void Process(Import i) { } }
            [Workflow(typeof(Import))] [Start(typeof(OnImport))] [BatchStep(typeof(OnImport))] public partial class W { }
            """));

        Assert.DoesNotContain("W.Workflow.g.cs", output.Files.Keys);
        Assert.Contains("Import+Inside.Workflow.g.cs", output.Files.Keys);
        Assert.Empty(output.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true));
        var diagnostic = Assert.Single(await Analyze(output.Input), d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("FLX0116", diagnostic.Id);
    }

    [Fact]
    public async Task AnUnroutedBatchFailureActionWarnsButStillGenerates()
    {
        var output = GeneratorHarness.Run(("Input.cs", Common + """
            [BatchContext] public partial class Lots { [BatchItems] public int[] Items = []; [BatchItem] public int Item; }
            [Node] public partial class OnLot { public void Process(Lots l) { } }
            [Workflow(typeof(Lots))] [Start(typeof(OnLot))] [BatchStep(typeof(OnLot), FailureAction = "partial")] public partial class W { }
            """));

        Assert.Contains("W.Workflow.g.cs", output.Files.Keys);
        var diagnostic = Assert.Single(await Analyze(output.Input));
        Assert.Equal("FLX0106", diagnostic.Id);
        Assert.Contains("'partial'", diagnostic.GetMessage());
    }

    [Fact]
    public async Task AnUnroutedEnumMemberWarnsButStillGenerates()
    {
        var output = GeneratorHarness.Run(("Input.cs", Common + "[Workflow(typeof(Ctx))] [Start(typeof(B))] [Route(typeof(B), Light.Red, typeof(A))] public partial class W { }"));

        Assert.Contains("W.Workflow.g.cs", output.Files.Keys);
        var diagnostic = Assert.Single(await Analyze(output.Input));
        Assert.Equal("FLX0106", diagnostic.Id);
        Assert.Contains("'Green'", diagnostic.GetMessage());
    }

    [Fact]
    public async Task ValidWorkflowsGetNoDiagnosticWhenTheGeneratedCodeIsPresent()
    {
        // The IDE analyzes the compilation with the generated part: its constructors and members are not the user's.
        var output = GeneratorHarness.Run(("Orders.cs", WorkflowScenarios.Orders), ("Linear.cs", WorkflowScenarios.Linear)).AssertCompilesCleanly();

        Assert.Empty(await Analyze(output.Output));
    }

    private static async Task<ImmutableArray<Diagnostic>> Analyze(Compilation compilation) =>
        await compilation.WithAnalyzers([new WorkflowAnalyzer()]).GetAnalyzerDiagnosticsAsync();
}

using Verify = Floxide.CodeFixes.Tests.Verifiers.AnalyzerVerifier<Floxide.Generators.Analyzers.WorkflowAnalyzer>;

namespace Floxide.CodeFixes.Tests.Analyzers;

public sealed class WorkflowAnalyzerTests
{
    private const string Steps = """
        using Floxide;

        public sealed class Ctx { }
        public sealed class Other { }
        public enum Light { Red, Green, Blue }

        [Node] public partial class A { public void Process(Ctx c) { } }
        [Node] public partial class B { public Light Process(Ctx c) => Light.Red; }
        [Node] public partial class C { public bool Process(Ctx c) => true; }
        [Node] public partial class D { public NodeAction Process(Ctx c) => "anything"; }
        [Node] public partial class OnOther { public void Process(Other c) { } }
        public sealed class NotANode { }

        """;

    [Fact]
    public Task CompleteWorkflow_NoDiagnostic() => Verify.VerifyAsync(Steps + """
        [Workflow(typeof(Ctx), MaxSteps = 10)]
        [Start(typeof(B))]
        [Route(typeof(B), Light.Red, typeof(A))]
        [Route(typeof(B), "Green", typeof(C))]
        [EndOn(typeof(B), Light.Blue)]
        [Route(typeof(C), typeof(D))]
        [Route(typeof(D), "again", typeof(B))]
        public partial class W { }
        """);

    [Fact]
    public Task UnroutedEnumMembers_ReportedOncePerMember() => Verify.VerifyAsync(Steps + """
        [Workflow(typeof(Ctx))]
        [Start(typeof(B))]
        [Route(typeof(B), Light.Red, typeof(A))]
        public partial class {|FLX0106:{|FLX0106:W|}|} { }
        """);

    [Fact]
    public Task TerminalAndFallback_CoverEveryMember() => Verify.VerifyAsync(Steps + """
        [Workflow(typeof(Ctx))]
        [Start(typeof(B))]
        [Route(typeof(B), Light.Red, typeof(A))]
        [EndOn(Light.Green)]
        [Fallback(typeof(B), typeof(C))]
        public partial class W { }
        """);

    [Fact]
    public Task BoolStep_StopIsAlwaysTerminalButDefaultNeedsARouteWhenOthersExist() => Verify.VerifyAsync(Steps + """
        [Workflow(typeof(Ctx))]
        [Start(typeof(C))]
        [{|FLX0119:Route(typeof(C), "x", typeof(A))|}]
        public partial class {|FLX0106:W|} { }
        """);

    [Fact]
    public Task SinkStep_EndsOnDefault_NoDiagnostic() => Verify.VerifyAsync(Steps + """
        [Workflow(typeof(Ctx))]
        [Start(typeof(C))]
        public partial class W { }
        """);

    [Fact]
    public Task StepNotANode_And_ContextMismatch() => Verify.VerifyAsync(Steps + """
        [Workflow(typeof(Ctx))]
        [Start(typeof(A))]
        [{|FLX0102:Route(typeof(A), typeof(NotANode))|}]
        [{|FLX0103:Fallback(typeof(A), typeof(OnOther))|}]
        public partial class W { }
        """);

    [Fact]
    public Task MissingAndDoubledStart() => Verify.VerifyAsync(Steps + """
        [Workflow(typeof(Ctx))]
        public partial class {|FLX0104:W1|} { }

        [Workflow(typeof(Ctx))]
        [Start(typeof(A))]
        [{|FLX0105:Start(typeof(C))|}]
        [Route(typeof(A), typeof(C))]
        public partial class W2 { }
        """);

    [Fact]
    public Task UnreachableStep() => Verify.VerifyAsync(Steps + """
        [Workflow(typeof(Ctx))]
        [Start(typeof(A))]
        [{|FLX0107:Route(typeof(C), typeof(A))|}]
        public partial class W { }
        """);

    [Fact]
    public Task DuplicateAndConflictingRoutes() => Verify.VerifyAsync(Steps + """
        [Workflow(typeof(Ctx))]
        [Start(typeof(D))]
        [Route(typeof(D), "x", typeof(A))]
        [{|FLX0108:Route(typeof(D), "x", typeof(A))|}]
        [{|FLX0109:Route(typeof(D), "x", typeof(C))|}]
        [{|FLX0109:EndOn(typeof(D), "x")|}]
        public partial class W { }
        """);

    [Fact]
    public Task CycleWithoutLimit() => Verify.VerifyAsync(Steps + """
        [Workflow(typeof(Ctx))]
        [Start(typeof(A))]
        [Route(typeof(A), typeof(D))]
        [Route(typeof(D), "again", typeof(A))]
        public partial class {|FLX0110:W|} { }
        """);

    [Fact]
    public Task FileLocalPartialWorkflow_IsFLX0022NotFLX0100() => Verify.VerifyAsync(
        Steps + """
        [Workflow(typeof(Ctx))]
        [Start(typeof(A))]
        file sealed partial class {|#0:W|} { }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.UnsupportedTypeKind).WithLocation(0)
            .WithMessage("'W' cannot be a [Workflow] because it is file-local"));

    [Fact]
    public Task NotPartial_ReservedMember_InvalidArguments() => Verify.VerifyAsync(Steps + """
        [Workflow(typeof(Ctx))]
        [Start(typeof(A))]
        public class {|FLX0100:W1|} { }

        [Workflow(typeof(Ctx))]
        [Start(typeof(A))]
        public partial class W2 { public int {|FLX0101:MaxSteps|} => 3; }

        [{|FLX0111:Workflow(typeof(Ctx), Id = "")|}]
        [Start(typeof(A))]
        [{|FLX0111:Route(typeof(A), 1.5, typeof(C))|}]
        public partial class W3 { }
        """);

    // An open generic names no type the executor can hold: reading it as a node found nothing, and the workflow vanished.
    [Fact]
    public Task OpenGenericSteps_InEveryAttributeThatNamesAStep() => Verify.VerifyAsync(Steps + """
        [Node] public partial class Gen<T> { public void Process(Ctx c) { } }
        public partial class Outer<T> { [Node] public partial class Inner { public void Process(Ctx c) { } } }
        [Workflow(typeof(Ctx))] [Start(typeof(A))] public partial class GenFlow<T> { }

        [Workflow(typeof(Ctx))]
        [{|FLX0111:Start(typeof(Gen<>))|}]
        public partial class W1 { }

        [Workflow(typeof(Ctx))]
        [Start(typeof(A))]
        [{|FLX0111:Route(typeof(A), typeof(Gen<>))|}]
        [{|FLX0111:Route(typeof(Outer<>.Inner), "x", typeof(A))|}]
        [{|FLX0111:Fallback(typeof(A), typeof(GenFlow<>))|}]
        [{|FLX0111:EndOn(typeof(Gen<>), "y")|}]
        [{|FLX0111:BatchStep(typeof(Gen<>))|}]
        public partial class W2 { }

        [Workflow(typeof(Ctx))]
        [Start(typeof(Gen<Ctx>))]
        [Route(typeof(Gen<Ctx>), typeof(Outer<int>.Inner))]
        [Route(typeof(Outer<int>.Inner), typeof(GenFlow<string>))]
        public partial class Closed { }
        """);

    [Fact]
    public Task OpenGenericStep_MessageNamesTheType() => Verify.VerifyAsync(Steps + """
        [Node] public partial class Gen<T> { public void Process(Ctx c) { } }

        [Workflow(typeof(Ctx))]
        [{|#0:Start(typeof(Gen<>))|}]
        public partial class W { }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.InvalidWorkflowArgument).WithLocation(0)
            .WithArguments("W", "a step must be a closed type, not the open generic 'Gen<>'; give its type arguments"));

    [Fact]
    public Task OpenGenericContext_ReportedOnceNotPerStep() => Verify.VerifyAsync(Steps + """
        [{|#0:Workflow(typeof(System.Collections.Generic.List<>))|}]
        [Start(typeof(A))]
        public partial class W { }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.InvalidWorkflowArgument).WithLocation(0)
            .WithArguments("W", "the context type must be a closed type, not the open generic 'System.Collections.Generic.List<>'; give its type arguments"));

    private const string Lots = """
        [BatchContext] public partial class Lots { [BatchItems] public int[] Items = []; [BatchItem] public int Item; }
        [Node] public partial class N { public void Process(Lots l) { } }
        [Node] public partial class M { public void Process(Lots l) { } }

        """;

    // The last [BatchStep] used to win silently; the second and any later one is the error, the first stands (so "b",
    // the failure action of the one that does not, is never returned: FLX0119).
    [Fact]
    public Task DuplicateBatchSteps_ReportedOnEachAfterTheFirst() => Verify.VerifyAsync(Steps + Lots + """
        [Workflow(typeof(Lots))]
        [BatchStep(typeof(N), MaxDegreeOfParallelism = 2, FailureAction = "a")]
        [{|FLX0118:BatchStep(typeof(N), MaxDegreeOfParallelism = 8, FailureAction = "b")|}]
        [Start(typeof(N))]
        [EndOn("a")]
        [{|FLX0119:EndOn("b")|}]
        public partial class Differing { }

        [Workflow(typeof(Lots))]
        [Start(typeof(N))]
        [BatchStep(typeof(N))]
        [{|FLX0118:BatchStep(typeof(N))|}]
        [{|FLX0118:BatchStep(typeof(N))|}]
        public partial class Identical { }

        [Workflow(typeof(Lots))]
        [Start(typeof(N))]
        [Route(typeof(N), typeof(M))]
        [BatchStep(typeof(N))]
        [BatchStep(typeof(M))]
        public partial class TwoStepsOneEach { }
        """);

    [Fact]
    public Task DuplicateBatchStep_Message() => Verify.VerifyAsync(Steps + Lots + """
        [Workflow(typeof(Lots))]
        [Start(typeof(N))]
        [BatchStep(typeof(N), Id = "first")]
        [{|#0:BatchStep(typeof(N), Id = "second")|}]
        public partial class W { }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.DuplicateBatchStep).WithLocation(0)
            .WithMessage("The workflow 'W' already runs 'N' per item by an earlier [BatchStep]; keep one [BatchStep] for it, with the settings it should have"));

    [Fact]
    public Task InheritedReservedMember_Reports() => Verify.VerifyAsync(Steps + """
        public class FlowBase
        {
            public string Id => "base";
        }

        [Workflow(typeof(Ctx))]
        [Start(typeof(A))]
        public partial class {|FLX0101:W|} : FlowBase { }
        """);

    [Fact]
    public Task ReservedMember_KeepsItsMessage() => Verify.VerifyAsync(
        Steps + """
        [Workflow(typeof(Ctx))]
        [Start(typeof(A))]
        public partial class W { public int {|#0:MaxSteps|} => 3; }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.WorkflowReservedMember).WithLocation(0)
            .WithMessage("The workflow 'W' declares or inherits 'MaxSteps', which the generator adds; remove or rename it"));

    [Theory]
    [InlineData("Next")]
    [InlineData("Mermaid")]
    [InlineData("RunAsync")]
    public Task NamedLikeAGeneratedMember_Reports(string name) => Verify.VerifyAsync(
        Steps + $$"""
        [Workflow(typeof(Ctx))]
        [Start(typeof(A))]
        public partial class {|#0:{{name}}|} { }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.WorkflowReservedMember).WithLocation(0)
            .WithMessage($"The workflow '{name}' is named like the member '{name}', which the generator adds; rename the workflow (C# does not allow a member named like its type)"));

    [Fact]
    public Task PrivateInheritedName_NoDiagnostic() => Verify.VerifyAsync(Steps + """
        public class FlowBase
        {
            private string Id => "base";
            public string Name => Id;
        }

        [Workflow(typeof(Ctx))]
        [Start(typeof(A))]
        public partial class W : FlowBase { }
        """);

    // Without the generated part the class's implicit constructor cannot call base() either (CS7036).
    [Fact]
    public Task BaseWithoutParameterlessConstructor_Reports() => Verify.VerifyAsync(Steps + """
        public abstract class FlowBase
        {
            protected FlowBase(string log) { Log = log; }
            public string Log { get; }
        }

        [Workflow(typeof(Ctx))]
        [Start(typeof(A))]
        public partial class {|FLX0117:{|CS7036:W|}|} : FlowBase { }
        """);

    [Fact]
    public Task BatchStepNeedsABatchContext() => Verify.VerifyAsync(Steps + """
        [Workflow(typeof(Ctx))]
        [Start(typeof(A))]
        [{|FLX0112:BatchStep(typeof(A))|}]
        public partial class W { }
        """);

    [Fact]
    public Task NestedWorkflowsThatContainEachOther() => Verify.VerifyAsync(Steps + """
        [Workflow(typeof(Ctx))]
        [Start(typeof(A))]
        [{|FLX0113:Route(typeof(A), typeof(W2))|}]
        public partial class W1 { }

        [Workflow(typeof(Ctx))]
        [{|FLX0113:Start(typeof(W1))|}]
        public partial class W2 { }
        """);

    [Fact]
    public Task DuplicateStepIds() => Verify.VerifyAsync(Steps + """
        [Node(Id = "A")] public partial class Twin { public void Process(Ctx c) { } }

        [Workflow(typeof(Ctx))]
        [Start(typeof(A))]
        [{|FLX0114:Route(typeof(A), typeof(Twin))|}]
        public partial class W { }
        """);

    [Fact]
    public Task DuplicateStepIds_MessageAdvisesAnotherId() => Verify.VerifyAsync(
        Steps + """
        [Node(Id = "A")] public partial class Twin { public void Process(Ctx c) { } }

        [Workflow(typeof(Ctx))]
        [Start(typeof(A))]
        [{|#0:Route(typeof(A), typeof(Twin))|}]
        public partial class W { }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.DuplicateStepId).WithLocation(0)
            .WithMessage("The steps 'A' and 'Twin' of the workflow 'W' share the id 'A'; give one of them another id"));

    [Theory]
    [InlineData("[Node]", "G")]
    [InlineData("[Node(Id = \"shared\")]", "shared")]
    public Task TwoClosingsOfOneGenericStep_MessageNamesThemAndAdvisesOneClosing(string attribute, string id) => Verify.VerifyAsync(
        Steps + attribute + """
         public partial class G<T> { public void Process(Ctx c) { } }

        [Workflow(typeof(Ctx))]
        [Start(typeof(G<int>))]
        [{|#0:Route(typeof(G<int>), typeof(G<string>))|}]
        public partial class W { }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.DuplicateStepId).WithLocation(0)
            .WithMessage($"The steps 'G<int>' and 'G<string>' of the workflow 'W' share the id '{id}'; they close one generic step, whose id comes from its one declaration, so a workflow can use only one closing of it"));

    [Fact]
    public Task TwoClosingsOfOneGenericStepAsBatchSteps_MessageNamesThemAndAdvisesAnotherId() => Verify.VerifyAsync(
        Steps + """
        [BatchContext] public partial class Lots { [BatchItems] public int[] Items = []; [BatchItem] public int Item; }
        [Node] public partial class G<T> { public void Process(Lots l) { } }

        [Workflow(typeof(Lots))]
        [Start(typeof(G<int>))]
        [{|#0:Route(typeof(G<int>), typeof(G<string>))|}]
        [BatchStep(typeof(G<int>))]
        [BatchStep(typeof(G<string>))]
        public partial class W { }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.DuplicateStepId).WithLocation(0)
            .WithMessage("The steps 'G<int>' and 'G<string>' of the workflow 'W' share the id 'G.Batch'; give one of them another id"));

    [Fact]
    public Task WorkflowThatIsAlsoANodeOrAContext() => Verify.VerifyAsync(Steps + """
        [{|FLX0115:Node|}]
        [Workflow(typeof(Ctx))]
        [Start(typeof(A))]
        public partial class W { public void Process(Ctx c) { } }

        [{|FLX0115:Floxide.BatchContext|}]
        [Workflow(typeof(Ctx))]
        [Start(typeof(A))]
        public partial class V
        {
            [BatchItems] public System.Collections.Generic.List<int> Items = new();
            [BatchItem] public int Item;
        }
        """);

    private const string Tickets = """
        public enum TicketAction { Billing, Technical, Spam }
        public enum Verdict { Approved, Rejected }
        [Node] public partial class Classify { public TicketAction Process(Ctx c) => TicketAction.Billing; }
        [Node] public partial class Billing { public void Process(Ctx c) { } }
        [Node] public partial class Manual { public void Process(Ctx c) { } }

        """;

    // The audit's case: with a fallback, FLX0106 is silent and Billing tickets would go to Manual.
    [Fact]
    public Task RouteOnAnActionTheStepNeverReturns_Reports() => Verify.VerifyAsync(Steps + Tickets + """
        [Workflow(typeof(Ctx))]
        [Start(typeof(Classify))]
        [{|#0:Route(typeof(Classify), "Biling", typeof(Billing))|}]
        [Route(typeof(Classify), TicketAction.Technical, typeof(A))]
        [EndOn(typeof(Classify), TicketAction.Spam)]
        [Fallback(typeof(Classify), typeof(Manual))]
        public partial class W { }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.NeverReturnedAction).WithLocation(0)
            .WithMessage("The workflow 'W' routes 'Classify' on the action 'Biling', which 'Classify' never returns: it returns only 'Billing', 'Technical' or 'Spam'"));

    [Fact]
    public Task EndOnAnotherEnumsMemberAnUndefinedValueOrDefault_Reports() => Verify.VerifyAsync(Steps + Tickets + """
        [Workflow(typeof(Ctx))]
        [Start(typeof(Classify))]
        [Route(typeof(Classify), TicketAction.Billing, typeof(Billing))]
        [{|FLX0119:Route(typeof(Classify), Verdict.Approved, typeof(A))|}]
        [{|FLX0119:Route(typeof(Classify), (TicketAction)7, typeof(A))|}]
        [{|FLX0119:EndOn(typeof(Classify), "Spamm")|}]
        [{|FLX0119:Route(typeof(Classify), typeof(Manual))|}]
        [Fallback(typeof(Classify), typeof(Manual))]
        public partial class W { }
        """);

    // The string spelling of a member, and an alias (it names the first member of its value, as the runtime does), are fine.
    [Fact]
    public Task RoutesOnReturnedActions_NoDiagnostic() => Verify.VerifyAsync(Steps + """
        public enum Answer { Yes, No, Aye = Yes }
        [Node] public partial class Ask { public Answer Process(Ctx c) => Answer.Yes; }

        [Workflow(typeof(Ctx))]
        [Start(typeof(Ask))]
        [Route(typeof(Ask), Answer.Aye, typeof(A))]
        [EndOn(typeof(Ask), "No")]
        [Route(typeof(A), typeof(D))]
        [Route(typeof(D), "anything", typeof(C))]
        [EndOn(typeof(D), "else")]
        public partial class W { }
        """);

    [Fact]
    public Task GlobalEndOn_ReportedOnlyWhenNoStepCanReturnIt() => Verify.VerifyAsync(Steps + """
        [Workflow(typeof(Ctx))]
        [Start(typeof(B))]
        [Fallback(typeof(B), typeof(C))]
        [EndOn(Light.Red)]
        [{|#0:EndOn("Redd")|}]
        public partial class Known { }

        [Workflow(typeof(Ctx))]
        [Start(typeof(B))]
        [Fallback(typeof(B), typeof(D))]
        [EndOn("Redd")]
        public partial class WithANodeActionStep { }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.NeverReturnedAction).WithLocation(0)
            .WithMessage("The workflow 'Known' ends on the action 'Redd', which none of its steps returns: they return only 'Red', 'Green', 'Blue', 'default' or 'stop'"));

    // A batch step returns Default, or its FailureAction when an item failed.
    [Fact]
    public Task BatchStep_RoutesOnlyWhatItReturns() => Verify.VerifyAsync(Steps + Lots + """
        [Workflow(typeof(Lots))]
        [Start(typeof(N))]
        [BatchStep(typeof(N), FailureAction = "partial")]
        [Route(typeof(N), typeof(M))]
        [EndOn(typeof(N), "partial")]
        [{|FLX0119:EndOn(typeof(N), "parital")|}]
        public partial class W { }
        """);

    // A nested workflow returns the action it ended on; once its step has a route, its Default needs one too. Its routes
    // are not held to what it can end with (FLX0119 never was for nested workflows, and stays silent).
    [Fact]
    public Task NestedWorkflowStep_EveryEndNeedsARoute() => Verify.VerifyAsync(Steps + """
        [Workflow(typeof(Ctx))]
        [Start(typeof(B))]
        [Route(typeof(B), Light.Red, typeof(A))]
        [EndOn(typeof(B), Light.Green)]
        [EndOn(typeof(B), Light.Blue)]
        public partial class Inner { }

        [Workflow(typeof(Ctx))]
        [Start(typeof(Inner))]
        [EndOn(typeof(Inner), Light.Green)]
        [Route(typeof(Inner), "never", typeof(C))]
        public partial class {|#0:W|} { }

        [Workflow(typeof(Ctx))]
        [Start(typeof(Inner))]
        [Route(typeof(Inner), typeof(C))]
        [EndOn(Light.Green)]
        [EndOn(Light.Blue)]
        public partial class Routed { }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.UnroutedAction).WithLocation(0)
            .WithMessage("The step 'Inner' of the workflow 'W' can return 'default', which has no route and is not terminal; the run would fail with UnroutedActionException"),
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.UnroutedAction).WithLocation(0)
            .WithMessage("The step 'Inner' of the workflow 'W' can return 'Blue', which has no route and is not terminal; the run would fail with UnroutedActionException"));

    // The audit's [Flags] case: every member routed, but the step returns A | B, the action "A, B", which was not.
    [Fact]
    public Task FlagsEnumStep_AnUnroutedCombinationIsReported() => Verify.VerifyAsync(Steps + Flags + """
        [Workflow(typeof(Ctx))]
        [Start(typeof(Fl))]
        [Route(typeof(Fl), F.A, typeof(A))]
        [EndOn(typeof(Fl), F.B)]
        [EndOn(typeof(Fl), F.None)]
        public partial class {|#0:W|} { }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.UnroutedAction).WithLocation(0)
            .WithMessage("The step 'Fl' of the workflow 'W' can return 'A, B', which has no route and is not terminal; the run would fail with UnroutedActionException"));

    // A combination routes by the name Enum.ToString gives it ("A, B", never "B, A"); a fallback covers the rest.
    [Fact]
    public Task FlagsEnumStep_CombinationsRouteByTheirToStringName() => Verify.VerifyAsync(Steps + Flags + """
        [Workflow(typeof(Ctx))]
        [Start(typeof(Fl))]
        [Route(typeof(Fl), F.A, typeof(A))]
        [EndOn(typeof(Fl), F.B)]
        [EndOn(typeof(Fl), F.None)]
        [EndOn(typeof(Fl), F.A | F.B)]
        [{|FLX0119:EndOn(typeof(Fl), "B, A")|}]
        [{|FLX0119:EndOn(typeof(Fl), "A, C")|}]
        public partial class Complete { }

        [Workflow(typeof(Ctx))]
        [Start(typeof(Fl))]
        [Route(typeof(Fl), F.A, typeof(A))]
        [EndOn("A, B")]
        [Fallback(typeof(Fl), typeof(C))]
        public partial class WithFallback { }
        """);

    // A batch step returns the default action or its failure action, whatever its node's process method returns: a
    // node returning a [Flags] enum (or any enum) gives the step no combination to route, and no enum member to end on.
    [Fact]
    public Task BatchStepOfANodeReturningAnEnum_IsCheckedOnlyForItsOwnActions() => Verify.VerifyAsync(Steps + Lots + """
        [System.Flags] public enum Marks { None = 0, Seen = 1, Sent = 2 }
        [Node] public partial class Marker { public Marks Process(Lots l) => Marks.Seen | Marks.Sent; }
        [Node] public partial class Shade { public Light Process(Lots l) => Light.Red; }

        [Workflow(typeof(Lots))]
        [BatchStep(typeof(Marker), FailureAction = "partial")]
        [Start(typeof(Marker))]
        [EndOn("partial")]
        [{|FLX0119:EndOn("Seen, Sent")|}]
        public partial class Marking { }

        [Workflow(typeof(Lots))]
        [BatchStep(typeof(Shade))]
        [Start(typeof(Shade))]
        public partial class Shading { }
        """);

    // A batch step's own grace period follows the [BatchContext] rule (FLX0035 there), reported with the workflow's
    // other invalid arguments, on the argument, naming its value.
    [Fact]
    public Task BatchStepGracePeriodBelowMinusOne_Reports() => Verify.VerifyAsync(Steps + Lots + """
        [Workflow(typeof(Lots))]
        [Start(typeof(N))]
        [BatchStep(typeof(N), MaxDegreeOfParallelism = 2, {|#0:CancellationGracePeriodMs = -5|})]
        public partial class W { }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.InvalidWorkflowArgument).WithLocation(0).WithMessage(
            "The workflow 'W' has an invalid argument: [BatchStep(CancellationGracePeriodMs = -5)] is not a grace period: it must be 0 or more milliseconds, or -1 to let running attempts finish"));

    [Fact]
    public Task BatchStepGracePeriodsOfZeroMinusOneOrMore_NoDiagnostic() => Verify.VerifyAsync(Steps + Lots + """
        [Workflow(typeof(Lots))]
        [Start(typeof(N))]
        [BatchStep(typeof(N), CancellationGracePeriodMs = 0)]
        [Route(typeof(N), typeof(M))]
        [BatchStep(typeof(M), CancellationGracePeriodMs = -1)]
        public partial class W { }

        [Workflow(typeof(Lots))]
        [Start(typeof(N))]
        [BatchStep(typeof(N), CancellationGracePeriodMs = 10_000)]
        public partial class V { }
        """);

    private const string Flags = """
        [System.Flags] public enum F { None = 0, A = 1, B = 2 }
        [Node] public partial class Fl { public F Process(Ctx c) => F.A | F.B; }

        """;
}

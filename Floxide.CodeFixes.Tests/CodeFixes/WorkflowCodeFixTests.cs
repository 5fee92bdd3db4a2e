using Fix = Floxide.CodeFixes.Tests.Verifiers.CodeFixVerifier<Floxide.Generators.Analyzers.WorkflowAnalyzer, Floxide.CodeFixes.WorkflowCodeFixProvider>;

namespace Floxide.CodeFixes.Tests.CodeFixes;

public sealed class WorkflowCodeFixTests
{
    private const string Steps = """
        using Floxide;

        public sealed class Ctx { }
        public enum Light { Red, Green, Blue }

        [Node] public partial class A { public void Process(Ctx c) { } }
        [Node] public partial class B { public Light Process(Ctx c) => Light.Red; }
        [Node] public partial class D { public NodeAction Process(Ctx c) => "again"; }

        """;

    [Fact]
    public Task UnroutedEnumMember_EndsOnIt() => Fix.VerifyAsync(Steps + """
        [Workflow(typeof(Ctx))]
        [Start(typeof(B))]
        [Route(typeof(B), Light.Red, typeof(A))]
        [Route(typeof(B), Light.Green, typeof(A))]
        public partial class {|FLX0106:W|} { }
        """, Steps + """
        [Workflow(typeof(Ctx))]
        [Start(typeof(B))]
        [Route(typeof(B), Light.Red, typeof(A))]
        [Route(typeof(B), Light.Green, typeof(A))]
        [EndOn(typeof(B), Light.Blue)]
        public partial class W { }
        """, WorkflowCodeFixProvider.EndOnKey);

    [Fact]
    public Task UnroutedEnumMembersInTwoWorkflows_FixAll() => Fix.VerifyAsync(Steps + """
        [Workflow(typeof(Ctx))]
        [Start(typeof(B))]
        [Route(typeof(B), Light.Red, typeof(A))]
        [EndOn(Light.Green)]
        public partial class {|FLX0106:W1|} { }

        [Workflow(typeof(Ctx))]
        [Start(typeof(B))]
        [Fallback(typeof(B), typeof(A))]
        [Route(typeof(A), typeof(D))]
        [EndOn(typeof(D), "again")]
        public partial class W2 { }

        [Workflow(typeof(Ctx))]
        [Start(typeof(B))]
        [EndOn(typeof(B), Light.Red)]
        [EndOn(typeof(B), Light.Blue)]
        public partial class {|FLX0106:W3|} { }
        """, Steps + """
        [Workflow(typeof(Ctx))]
        [Start(typeof(B))]
        [Route(typeof(B), Light.Red, typeof(A))]
        [EndOn(Light.Green)]
        [EndOn(typeof(B), Light.Blue)]
        public partial class W1 { }

        [Workflow(typeof(Ctx))]
        [Start(typeof(B))]
        [Fallback(typeof(B), typeof(A))]
        [Route(typeof(A), typeof(D))]
        [EndOn(typeof(D), "again")]
        public partial class W2 { }

        [Workflow(typeof(Ctx))]
        [Start(typeof(B))]
        [EndOn(typeof(B), Light.Red)]
        [EndOn(typeof(B), Light.Blue)]
        [EndOn(typeof(B), Light.Green)]
        public partial class W3 { }
        """, WorkflowCodeFixProvider.EndOnKey, iterations: 2);

    [Fact]
    public Task UnroutedBoolDefault_NoFix() => Fix.VerifyNoFixAsync("""
        using Floxide;

        public sealed class Ctx { }
        [Node] public partial class C { public bool Process(Ctx c) => true; }
        [Node] public partial class A { public void Process(Ctx c) { } }

        [Workflow(typeof(Ctx))]
        [Start(typeof(C))]
        [{|FLX0119:Route(typeof(C), "x", typeof(A))|}]
        public partial class {|FLX0106:W|} { }
        """, WorkflowCodeFixProvider.EndOnKey);

    [Fact]
    public Task CycleWithoutLimit_AddsMaxSteps() => Fix.VerifyAsync(Steps + """
        [Workflow(typeof(Ctx))]
        [Start(typeof(A))]
        [Route(typeof(A), typeof(D))]
        [Route(typeof(D), "again", typeof(A))]
        public partial class {|FLX0110:W|} { }
        """, Steps + """
        [Workflow(typeof(Ctx), MaxSteps = 100)]
        [Start(typeof(A))]
        [Route(typeof(A), typeof(D))]
        [Route(typeof(D), "again", typeof(A))]
        public partial class W { }
        """, WorkflowCodeFixProvider.MaxStepsKey);
}

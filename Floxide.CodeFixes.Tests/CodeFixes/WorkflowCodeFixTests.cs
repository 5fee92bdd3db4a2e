using Microsoft.CodeAnalysis.Testing;
using EndFix = Floxide.CodeFixes.Tests.Verifiers.CodeFixVerifier<Floxide.Generators.Analyzers.WorkflowAnalyzer, Floxide.CodeFixes.UnroutedActionCodeFixProvider>;
using Fix = Floxide.CodeFixes.Tests.Verifiers.CodeFixVerifier<Floxide.Generators.Analyzers.WorkflowAnalyzer, Floxide.CodeFixes.WorkflowCodeFixProvider>;
using FixChecked = Floxide.CodeFixes.Tests.Verifiers.AllAnalyzersCodeFixVerifier<Floxide.CodeFixes.WorkflowCodeFixProvider>;
using EndFixChecked = Floxide.CodeFixes.Tests.Verifiers.AllAnalyzersCodeFixVerifier<Floxide.CodeFixes.UnroutedActionCodeFixProvider>;

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
    public Task UnroutedEnumMember_EndsOnIt() => VerifyOneAtATimeAsync(Steps + """
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
        """);

    // One diagnostic at a time, as the IDE applies it: each workflow gets its own [EndOn], and nothing else changes.
    [Fact]
    public Task UnroutedEnumMembersInTwoWorkflows_EachFixedOnItsOwn() => VerifyOneAtATimeAsync(Steps + """
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
        """, iterations: 2);

    // Ending the workflow turns a loud UnroutedActionException into a silent success: a decision per member, so no Fix
    // All, which is also what keeps dotnet format (it applies only fixes with a Fix All in solution scope) from making it.
    [Fact]
    public void EndOnFix_HasNoFixAll() => Assert.Null(new UnroutedActionCodeFixProvider().GetFixAllProvider());

    [Fact]
    public void StepLimitFix_KeepsItsFixAll() => Assert.NotNull(new WorkflowCodeFixProvider().GetFixAllProvider());

    [Fact]
    public Task UnroutedBoolDefault_NoFix() => EndFix.VerifyNoFixAsync("""
        using Floxide;

        public sealed class Ctx { }
        [Node] public partial class C { public bool Process(Ctx c) => true; }
        [Node] public partial class A { public void Process(Ctx c) { } }

        [Workflow(typeof(Ctx))]
        [Start(typeof(C))]
        [{|FLX0119:Route(typeof(C), "x", typeof(A))|}]
        public partial class {|FLX0106:W|} { }
        """, UnroutedActionCodeFixProvider.EndOnKey);

    // A nested workflow's actions come from its steps, not from one enum: nothing names the member to end on.
    [Fact]
    public Task UnroutedNestedWorkflowEnd_NoFix() => EndFix.VerifyNoFixAsync(Steps + """
        [Workflow(typeof(Ctx))]
        [Start(typeof(B))]
        [Route(typeof(B), Light.Red, typeof(A))]
        [EndOn(typeof(B), Light.Green)]
        [EndOn(typeof(B), Light.Blue)]
        public partial class Inner { }

        [Workflow(typeof(Ctx))]
        [Start(typeof(Inner))]
        [Route(typeof(Inner), typeof(A))]
        [EndOn(typeof(Inner), Light.Green)]
        public partial class {|FLX0106:W|} { }
        """, UnroutedActionCodeFixProvider.EndOnKey);

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

    // The new [EndOn] takes the last list's indentation and line end, not its comment.
    [Fact]
    public Task UnroutedEnumMemberAfterCommentedAttributes_KeepsEachCommentWhereItWas()
    {
        var test = EndFixChecked.Create("""
            using Floxide;

            public sealed class Ctx { }

            public static partial class Outer
            {
                public enum Light { Red, Green, Blue }

                [Node] public partial class A { public void Process(Ctx c) { } }
                [Node] public partial class B { public Light Process(Ctx c) => Light.Red; }

                [Workflow(typeof(Ctx))]
                [Start(typeof(B))]
                [Route(typeof(B), Light.Red, typeof(A))] // red goes on
                [EndOn(typeof(B), Light.Green)] // green stops
                public partial class {|FLX0106:W|} { }
            }
            """, """
            using Floxide;

            public sealed class Ctx { }

            public static partial class Outer
            {
                public enum Light { Red, Green, Blue }

                [Node] public partial class A { public void Process(Ctx c) { } }
                [Node] public partial class B { public Light Process(Ctx c) => Light.Red; }

                [Workflow(typeof(Ctx))]
                [Start(typeof(B))]
                [Route(typeof(B), Light.Red, typeof(A))] // red goes on
                [EndOn(typeof(B), Light.Green)] // green stops
                [EndOn(typeof(B), Light.Blue)]
                public partial class W { }
            }
            """, UnroutedActionCodeFixProvider.EndOnKey);
        test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipFixAllCheck;
        return test.RunAsync();
    }

    // The diagnostic is on the type's first part, which may carry no attribute at all: the fix puts a list there (the
    // file's first comment stays its header, above the using directive the fix adds).
    [Fact]
    public Task UnroutedEnumMemberReportedOnAPartWithoutAttributes_GetsAListOfItsOwn()
    {
        const string Workflow = Steps + """
            [Workflow(typeof(Ctx))]
            [Start(typeof(B))]
            [Route(typeof(B), Light.Red, typeof(A))]
            [Route(typeof(B), Light.Green, typeof(A))]
            public partial class W { }
            """;
        var test = EndFixChecked.Create("", "", UnroutedActionCodeFixProvider.EndOnKey);
        test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipFixAllCheck;
        test.TestState.Sources.Clear();
        test.TestState.Sources.Add(("/0/Test0.cs", "// the helpers\npublic partial class {|FLX0106:W|}\n{\n    public int Helper => 1;\n}\n"));
        test.TestState.Sources.Add(("/0/Test1.cs", Workflow));
        test.FixedState.Sources.Clear();
        test.FixedState.Sources.Add(("/0/Test0.cs", "// the helpers\nusing Floxide;\n\n[EndOn(typeof(B), Light.Blue)]\npublic partial class W\n{\n    public int Helper => 1;\n}\n"));
        test.FixedState.Sources.Add(("/0/Test1.cs", Workflow));
        return test.RunAsync();
    }

    // MaxSteps = 0 is a limit of none: its value is replaced (a second MaxSteps would be CS0643).
    [Fact]
    public Task CycleWithAZeroLimit_ReplacesIt() => FixChecked.VerifyAsync(Steps + """
        [Workflow(typeof(Ctx), MaxSteps = 0 /* none */)]
        [Start(typeof(A))]
        [Route(typeof(A), typeof(D))]
        [Route(typeof(D), "again", typeof(A))]
        public partial class {|FLX0110:W|} { }
        """, Steps + """
        [Workflow(typeof(Ctx), MaxSteps = 100 /* none */)]
        [Start(typeof(A))]
        [Route(typeof(A), typeof(D))]
        [Route(typeof(D), "again", typeof(A))]
        public partial class W { }
        """, WorkflowCodeFixProvider.MaxStepsKey);

    // The attribute is known by what it binds to: through a using alias, and on another part of the type.
    [Fact]
    public Task CycleWithTheWorkflowAttributeThroughAnAliasOrOnAnotherPart_AddsMaxSteps() => FixBoth(FixChecked.Create("""
        using Flow = Floxide.WorkflowAttribute;
        """ + Steps + """
        [Flow(typeof(Ctx))]
        [Start(typeof(A))]
        [Route(typeof(A), typeof(D))]
        [Route(typeof(D), "again", typeof(A))]
        public partial class {|FLX0110:W|} { }

        public partial class {|FLX0110:X|} { public int Helper => 1; }

        [Workflow(typeof(Ctx))]
        [Start(typeof(A))]
        [Route(typeof(A), typeof(D))]
        [Route(typeof(D), "again", typeof(A))]
        public partial class X { }
        """, """
        using Flow = Floxide.WorkflowAttribute;
        """ + Steps + """
        [Flow(typeof(Ctx), MaxSteps = 100)]
        [Start(typeof(A))]
        [Route(typeof(A), typeof(D))]
        [Route(typeof(D), "again", typeof(A))]
        public partial class W { }

        public partial class X { public int Helper => 1; }

        [Workflow(typeof(Ctx), MaxSteps = 100)]
        [Start(typeof(A))]
        [Route(typeof(A), typeof(D))]
        [Route(typeof(D), "again", typeof(A))]
        public partial class X { }
        """, WorkflowCodeFixProvider.MaxStepsKey));

    private static Task FixBoth(FixChecked.Test test)
    {
        test.NumberOfIncrementalIterations = 2;
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }

    /// <summary>The FLX0106 fix applied diagnostic by diagnostic; there is no Fix All to check.</summary>
    private static Task VerifyOneAtATimeAsync(string source, string fixedSource, int iterations = 1)
    {
        var test = EndFix.Create(source, fixedSource, UnroutedActionCodeFixProvider.EndOnKey);
        test.NumberOfIncrementalIterations = iterations;
        test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipFixAllCheck;
        return test.RunAsync();
    }
}

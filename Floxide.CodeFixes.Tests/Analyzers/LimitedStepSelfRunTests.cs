using Verify = Floxide.CodeFixes.Tests.Verifiers.AnalyzerVerifier<Floxide.Generators.Analyzers.LimitedStepSelfRunAnalyzer>;

namespace Floxide.CodeFixes.Tests.Analyzers;

/// <summary>
/// FLX0167: a [ConcurrencyLimit] step whose process method makes a run of itself, which waits for a permit its caller
/// holds. The sources compile without the generator, so the nested batch is a call that takes the node.
/// </summary>
public sealed class LimitedStepSelfRunTests
{
    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Floxide;

        public sealed class Tree
        {
            public static Task RunNested(object step, CancellationToken cancellationToken) => Task.CompletedTask;
            public static Task RunStep(INode<Tree> step, CancellationToken cancellationToken) => Task.CompletedTask;
            public static Task RunAny<TStep>(TStep step, CancellationToken cancellationToken) => Task.CompletedTask;
            public static Task RunNode<TStep>(TStep step, CancellationToken cancellationToken) where TStep : INode<Tree> => Task.CompletedTask;
            public static void Log(string message, params object[] values) { }
            public static T Resolve<T>() => default!;
        }

        """;

    [Fact]
    public Task EveryWayTheProcessMethodMakesItsOwnStep_Reports() => Verify.VerifyAsync(Usings + """
        [Node]
        [ConcurrencyLimit(PermitLimit = 4)]
        public partial class Visit
        {
            public async Task ProcessAsync(Tree context, CancellationToken cancellationToken)
            {
                await Tree.RunNested({|#0:new Visit()|}, cancellationToken);
                Visit typed = {|#1:new()|};
                Func<object> later = () => {|#2:new Visit()|};
                object Local() => {|#3:Tree.Resolve<Visit>()|};
                await Tree.RunNested(typed, cancellationToken);
                _ = later;
                _ = Local();
            }
        }
        """,
        Expected(0), Expected(1), Expected(2), Expected(3));

    [Fact]
    public Task TheStepHandedOnAsANodeOrItsOwnRunCalled_Reports() => Verify.VerifyAsync(Usings + """
        [Node]
        [ConcurrencyLimit(PermitLimit = 4)]
        public partial class Visit : INode<Tree>
        {
            private readonly Visit? _child;
            private readonly Func<Visit> _factory = () => null!;

            public string Id => "visit";

            public ValueTask<NodeAction> RunAsync(Tree context, CancellationToken cancellationToken) => default; // the generator's, here by hand

            public async Task ProcessAsync(Tree context, CancellationToken cancellationToken)
            {
                await Tree.RunStep({|#0:this|}, cancellationToken);
                await Tree.RunNode({|#1:this|}, cancellationToken);
                INode<Tree> step = {|#2:this|};
                await {|#3:RunAsync(context, cancellationToken)|};
                await Tree.RunStep({|#4:_child|}!, cancellationToken);
                await Tree.RunStep({|#5:_factory()|}, cancellationToken);
                await Tree.RunStep(step, cancellationToken);
            }
        }
        """,
        Expected(0), Expected(1), Expected(2), Expected(3), Expected(4), Expected(5));

    [Fact]
    public Task ALocalThatHoldsTheStepGotOtherwiseHandedOnAsANode_Reports_AndOneMadeWithNewReportsOnceWhereMade() => Verify.VerifyAsync(Usings + """
        [Node]
        [ConcurrencyLimit(PermitLimit = 4)]
        public partial class Visit : INode<Tree>
        {
            private readonly Func<Visit> _factory = () => null!;

            public string Id => "visit";

            public ValueTask<NodeAction> RunAsync(Tree context, CancellationToken cancellationToken) => default;

            public async Task ProcessAsync(Tree context, CancellationToken cancellationToken)
            {
                var child = _factory();
                await Tree.RunStep({|#0:child|}, cancellationToken);
                var self = this;
                await Tree.RunNode({|#1:self|}, cancellationToken);
                var made = {|#2:new Visit()|};
                await Tree.RunStep(made, cancellationToken);
                var logged = _factory();
                Tree.Log("{Step}", logged); // used as a value: runs nothing
            }
        }
        """,
        Expected(0), Expected(1), Expected(2));

    [Fact]
    public Task TheStepUsedAsAValueThatRunsNothing_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        [Node]
        [ConcurrencyLimit(PermitLimit = 4)]
        public partial class Visit : INode<Tree>
        {
            private static Visit? s_last;

            public string Id => "visit";

            public ValueTask<NodeAction> RunAsync(Tree context, CancellationToken cancellationToken) => default;

            public async Task ProcessAsync(Tree context, CancellationToken cancellationToken)
            {
                // Generic methods that take anything: nothing here runs the step.
                Interlocked.Exchange(ref s_last, this);
                await Task.FromResult(this);
                await Tree.RunAny(this, cancellationToken);
                Tree.Log("{Step}", this);
                var other = new VisitChild();
                await Tree.RunStep(other, cancellationToken);
            }
        }

        [Node]
        [ConcurrencyLimit(PermitLimit = 4)]
        public partial class VisitChild : INode<Tree>
        {
            public string Id => "child";

            public ValueTask<NodeAction> RunAsync(Tree context, CancellationToken cancellationToken) => default;

            public Task ProcessAsync(Tree context, CancellationToken cancellationToken) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task ANewStepWhoseTypeAGenericMethodInfersFromIt_ReportsOnce() => Verify.VerifyAsync(Usings + """
        [Node]
        [ConcurrencyLimit(PermitLimit = 4)]
        public partial class Visit
        {
            public Task ProcessAsync(Tree context, CancellationToken cancellationToken) =>
                Tree.RunAny({|#0:new Visit()|}, cancellationToken);
        }
        """,
        Expected(0));

    [Fact]
    public Task AnotherClosedTypeOfAGenericStep_Reports() => Verify.VerifyAsync(Usings + """
        [Node]
        [ConcurrencyLimit(PermitLimit = 2)]
        public partial class Save<T>
        {
            public Task ProcessAsync(Tree context, CancellationToken cancellationToken) =>
                Tree.RunNested({|#0:new Save<int>()|}, cancellationToken);
        }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.LimitedStepRunsItself).WithLocation(0).WithArguments("Save", "ProcessAsync", 2));

    [Fact]
    public Task OtherStepsOtherMethodsAndOtherLimits_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        // Another step: its own limit.
        [Node]
        [ConcurrencyLimit(PermitLimit = 4)]
        public partial class Visit
        {
            public Task ProcessAsync(Tree context, CancellationToken cancellationToken)
            {
                // The step itself used, not handed on as a node: a log argument, a member, a list of a type's own items.
                Tree.Log("{Step} {Hash}", this, this.GetHashCode());
                new System.Collections.Generic.List<object>().Add(this);
                return Tree.RunNested(new VisitChild(), cancellationToken);
            }

            // Not the process method: a factory the caller uses outside the step.
            public static Visit Create() => new Visit();

            // Names, not runs.
            public static string Name => nameof(Visit) + typeof(Visit).Name;
        }

        [Node]
        [ConcurrencyLimit(PermitLimit = 4)]
        public partial class VisitChild
        {
            public Task ProcessAsync(Tree context, CancellationToken cancellationToken) => Task.CompletedTask;
        }

        // No limit: a nested run of itself waits for nothing.
        [Node]
        public partial class Walk
        {
            public Task ProcessAsync(Tree context, CancellationToken cancellationToken) => Tree.RunNested(new Walk(), cancellationToken);
        }

        // A limit below 1 is FLX0165's, and builds no limiter.
        [Node]
        [ConcurrencyLimit(PermitLimit = 0)]
        public partial class Broken
        {
            public Task ProcessAsync(Tree context, CancellationToken cancellationToken) => Tree.RunNested(new Broken(), cancellationToken);
        }

        // Not a [Node]: the attribute means nothing here (FLX0166).
        [ConcurrencyLimit(PermitLimit = 1)]
        public class Plain
        {
            public Task ProcessAsync(Tree context, CancellationToken cancellationToken) => Tree.RunNested(new Plain(), cancellationToken);
        }
        """);

    private static DiagnosticResult Expected(int location) =>
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.LimitedStepRunsItself).WithLocation(location).WithArguments("Visit", "ProcessAsync", 4);
}

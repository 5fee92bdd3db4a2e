using Verify = Floxide.CodeFixes.Tests.Verifiers.CodeFixVerifier<Floxide.Generators.Analyzers.NodeAnalyzer, Floxide.CodeFixes.ParameterOrderCodeFixProvider>;

namespace Floxide.CodeFixes.Tests.CodeFixes;

/// <summary>FLX0017: a process method that takes the CancellationToken before its context gets the two swapped, where nothing else changes with them.</summary>
public sealed class ParameterOrderCodeFixTests
{
    private const string Context = """
        using System.Threading;
        using System.Threading.Tasks;
        using Floxide;

        public sealed class Ctx { public int Value { get; set; } }

        """;

    [Fact]
    public Task TokenBeforeContext_PutsTheContextFirst() => Verify.VerifyAsync(Context + """
        [Node]
        public partial class Step
        {
            public async Task {|FLX0017:ProcessAsync|}(CancellationToken token, Ctx context)
            {
                await Task.Delay(1, token);
                context.Value = 1;
            }
        }
        """, Context + """
        [Node]
        public partial class Step
        {
            public async Task ProcessAsync(Ctx context, CancellationToken token)
            {
                await Task.Delay(1, token);
                context.Value = 1;
            }
        }
        """, ParameterOrderCodeFixProvider.SwapKey);

    [Fact]
    public Task ParametersWithModifiersDefaultsAndLines_KeepThemAndTheLayout_FixAll() => Verify.VerifyAsync(Context + """
        [Node]
        public partial class Step
        {
            public bool {|FLX0017:Process|}(
                CancellationToken cancellationToken = default, // one per line
                in Ctx context = null) => context.Value > 0;
        }

        [Node]
        public partial class Other
        {
            public void {|FLX0017:Process|}(CancellationToken token,in Ctx context) { }
        }
        """, Context + """
        [Node]
        public partial class Step
        {
            public bool Process(
                in Ctx context = null, // one per line
                CancellationToken cancellationToken = default) => context.Value > 0;
        }

        [Node]
        public partial class Other
        {
            public void Process(in Ctx context,CancellationToken token) { }
        }
        """, iterations: 2);

    [Fact]
    public Task CommentLinesAboveTheParameters_StayWithThem() => Verify.VerifyAsync(Context + """
        [Node]
        public partial class Step
        {
            public void {|FLX0017:Process|}(
                // Cancels the run.
                CancellationToken token,

                // The batch item.
                // Two lines of it.
                Ctx context)
            {
            }
        }
        """, Context + """
        [Node]
        public partial class Step
        {
            public void Process(
                // The batch item.
                // Two lines of it.
                Ctx context,

                // Cancels the run.
                CancellationToken token)
            {
            }
        }
        """, ParameterOrderCodeFixProvider.SwapKey);

    [Fact]
    public Task EndOfLineComments_StayWithTheirParameters() => Verify.VerifyAsync(Context + """
        [Node]
        public partial class Step
        {
            public void {|FLX0017:Process|}(
                CancellationToken token,  // cancels the run
                Ctx context /* the item */ // of the batch
            )
            {
            }
        }

        [Node]
        public partial class Other
        {
            public void {|FLX0017:Process|}(
                CancellationToken token, // cancels the run
                Ctx context
            )
            {
            }
        }
        """, Context + """
        [Node]
        public partial class Step
        {
            public void Process(
                Ctx context,  /* the item */ // of the batch
                CancellationToken token // cancels the run
            )
            {
            }
        }

        [Node]
        public partial class Other
        {
            public void Process(
                Ctx context,
                CancellationToken token // cancels the run
            )
            {
            }
        }
        """, iterations: 2);

    [Fact]
    public Task MethodTheCodeCallsOrOthersDependOn_NoFix() => Verify.VerifyNoFixAsync(Context + """
        public interface IStep { Task ProcessAsync(CancellationToken token, Ctx context); }

        [Node]
        public partial class Called
        {
            public Task {|FLX0017:ProcessAsync|}(CancellationToken token, Ctx context) => Task.CompletedTask;
        }

        public static class Caller
        {
            public static Task Run() => new Called().ProcessAsync(CancellationToken.None, new Ctx());
        }

        [Node]
        public partial class Implements : IStep
        {
            public Task {|FLX0017:ProcessAsync|}(CancellationToken token, Ctx context) => Task.CompletedTask;
        }

        [Node]
        public partial class Virtual
        {
            public virtual Task {|FLX0017:ProcessAsync|}(CancellationToken token, Ctx context) => Task.CompletedTask;
        }

        // Today the call binds to the base method; swapped, it would bind to the node's (which would also hide it, CS0108).
        public class BaseStep { public Task ProcessAsync(Ctx context, CancellationToken token) => Task.CompletedTask; }

        [Node]
        public partial class Derived : BaseStep
        {
            public Task {|FLX0017:ProcessAsync|}(CancellationToken token, Ctx context) => Task.CompletedTask;
        }

        // Today the call binds to the extension method; swapped, it would bind to the node's.
        [Node]
        public partial class Extended
        {
            public Task {|FLX0017:ProcessAsync|}(CancellationToken token, Ctx context) => Task.CompletedTask;
        }

        public static class ExtendedCallers
        {
            public static Task ProcessAsync(this Extended step, Ctx context, CancellationToken token) => Task.CompletedTask;

            public static Task RunDerived() => new Derived().ProcessAsync(new Ctx(), CancellationToken.None);

            public static Task RunExtended() => new Extended().ProcessAsync(new Ctx(), CancellationToken.None);
        }

        public abstract class AbstractBase { public abstract Task ProcessAsync(CancellationToken token, Ctx context); }

        [Node]
        public partial class Overrides : AbstractBase
        {
            public override Task {|FLX0017:ProcessAsync|}(CancellationToken token, Ctx context) => Task.CompletedTask;
        }

        [Node]
        public abstract partial class Abstract
        {
            public abstract Task {|FLX0017:ProcessAsync|}(CancellationToken token, Ctx context);
        }

        [Node]
        public partial class Split
        {
            public partial Task {|FLX0017:ProcessAsync|}(CancellationToken token, Ctx context);

            public partial Task ProcessAsync(CancellationToken token, Ctx context) => Task.CompletedTask;
        }

        // A method group: the delegate's parameters would no longer match.
        [Node]
        public partial class Grouped
        {
            public Task {|FLX0017:ProcessAsync|}(CancellationToken token, Ctx context) => Task.CompletedTask;
        }

        // nameof names the method: a log or a test that looks it up by name would now read a different signature.
        [Node]
        public partial class Named
        {
            public Task {|FLX0017:ProcessAsync|}(CancellationToken token, Ctx context) => Task.CompletedTask;
        }

        public static class References
        {
            public static readonly System.Func<CancellationToken, Ctx, Task> Group = new Grouped().ProcessAsync;

            public const string Name = nameof(Named.ProcessAsync);
        }
        """);

    [Fact]
    public Task ExtensionMethodOfTheNameForAnotherType_StillFixes() => Verify.VerifyAsync(Context + """
        [Node]
        public partial class Step
        {
            public Task {|FLX0017:ProcessAsync|}(CancellationToken token, Ctx context) => Task.CompletedTask;
        }

        public static class Elsewhere
        {
            public static Task ProcessAsync(this string text, Ctx context, CancellationToken token) => Task.CompletedTask;
        }
        """, Context + """
        [Node]
        public partial class Step
        {
            public Task ProcessAsync(Ctx context, CancellationToken token) => Task.CompletedTask;
        }

        public static class Elsewhere
        {
            public static Task ProcessAsync(this string text, Ctx context, CancellationToken token) => Task.CompletedTask;
        }
        """, ParameterOrderCodeFixProvider.SwapKey);

    [Fact]
    public Task BothParametersDocumented_NoFix() => Verify.VerifyNoFixAsync(Context + """
        [Node]
        public partial class Step
        {
            /// <summary>Processes the item.</summary>
            /// <param name="token">Cancels the run.</param>
            /// <param name="context">The item.</param>
            public void {|FLX0017:Process|}(CancellationToken token, Ctx context) { }
        }
        """);

    [Fact]
    public Task OneParameterDocumented_Fixes() => Verify.VerifyAsync(Context + """
        [Node]
        public partial class Step
        {
            /// <summary>Processes the item.</summary>
            /// <param name="context">The item.</param>
            public void {|FLX0017:Process|}(CancellationToken token, Ctx context) { }
        }
        """, Context + """
        [Node]
        public partial class Step
        {
            /// <summary>Processes the item.</summary>
            /// <param name="context">The item.</param>
            public void Process(Ctx context, CancellationToken token) { }
        }
        """, ParameterOrderCodeFixProvider.SwapKey);

    [Theory]
    [InlineData("public void {|FLX0017:Process|}(CancellationToken token, Ctx context = null) { }")] // the context optional, the token not
    [InlineData("public void {|FLX0017:Process|}(CancellationToken token, ref Ctx context) { }")]
    [InlineData("public void {|FLX0017:Process|}(Ctx context, int retries) { }")]
    [InlineData("public static void {|FLX0017:Process|}(CancellationToken token, Ctx context) { }")] // static, whatever the order
    [InlineData("public void {|FLX0017:Process|}<T>(CancellationToken token, T context) { }")]
    public Task AnotherShape_NoFix(string method) => Verify.VerifyNoFixAsync(Context + $$"""
        [Node]
        public partial class Step
        {
            {{method}}
        }
        """);
}

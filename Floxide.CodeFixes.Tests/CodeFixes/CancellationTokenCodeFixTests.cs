using Verify = Floxide.CodeFixes.Tests.Verifiers.CodeFixVerifier<Floxide.Generators.Analyzers.NodeAnalyzer, Floxide.CodeFixes.CancellationTokenCodeFixProvider>;

namespace Floxide.CodeFixes.Tests.CodeFixes;

/// <summary>FLX0159: a process method under a [Timeout] gets the CancellationToken the generated node passes and the timeout cancels.</summary>
public sealed class CancellationTokenCodeFixTests
{
    private const string Context = """
        using System.Threading.Tasks;
        using Floxide;

        public sealed class Ctx { public int Value { get; set; } }

        """;

    [Fact]
    public Task AsyncMethod_GetsTheParameterAndItsUsing() => Verify.VerifyAsync(Context + """
        [Node, Timeout(Ms = 1_000)]
        public partial class Step
        {
            public async Task {|FLX0159:ProcessAsync|}(Ctx context)
            {
                await Task.Yield();
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;
        using Floxide;

        public sealed class Ctx { public int Value { get; set; } }
        [Node, Timeout(Ms = 1_000)]
        public partial class Step
        {
            public async Task ProcessAsync(Ctx context, CancellationToken cancellationToken = default)
            {
                await Task.Yield();
            }
        }
        """);

    [Fact]
    public Task SynchronousMethodsWithTakenNames_FixAll() => Verify.VerifyAsync("""
        using System.Threading;
        using Floxide;

        public sealed class Ctx { public int Value { get; set; } }

        [Node, Timeout(Ms = 1_000)]
        public partial class Step
        {
            public bool {|FLX0159:Process|}(Ctx cancellationToken) => cancellationToken.Value > 0;
        }

        [Node]
        [Timeout(Ms = 50)]
        public partial class Other
        {
            private readonly CancellationToken cancellationToken1 = CancellationToken.None;

            public void {|FLX0159:Process|}(Ctx context)
            {
                var cancellationToken = cancellationToken1;
                context.Value = cancellationToken.IsCancellationRequested ? 0 : 1;
            }
        }
        """, """
        using System.Threading;
        using Floxide;

        public sealed class Ctx { public int Value { get; set; } }

        [Node, Timeout(Ms = 1_000)]
        public partial class Step
        {
            public bool Process(Ctx cancellationToken, CancellationToken cancellationToken1 = default) => cancellationToken.Value > 0;
        }

        [Node]
        [Timeout(Ms = 50)]
        public partial class Other
        {
            private readonly CancellationToken cancellationToken1 = CancellationToken.None;

            public void Process(Ctx context, CancellationToken cancellationToken2 = default)
            {
                var cancellationToken = cancellationToken1;
                context.Value = cancellationToken.IsCancellationRequested ? 0 : 1;
            }
        }
        """, iterations: 2);

    [Fact]
    public Task MethodOthersDependOn_NoFix() => Verify.VerifyNoFixAsync(Context + """
        public interface IStep { void Process(Ctx context); }

        public abstract class Base { public abstract void Process(Ctx context); }

        [Node, Timeout(Ms = 1_000)]
        public partial class Implements : IStep
        {
            public void {|FLX0159:Process|}(Ctx context) { }
        }

        [Node, Timeout(Ms = 1_000)]
        public partial class Overrides : Base
        {
            public override void {|FLX0159:Process|}(Ctx context) { }
        }

        [Node, Timeout(Ms = 1_000)]
        public partial class Virtual
        {
            public virtual void {|FLX0159:Process|}(Ctx context) { }
        }

        [Node, Timeout(Ms = 1_000)]
        public partial class Split
        {
            public partial void {|FLX0159:Process|}(Ctx context);

            public partial void Process(Ctx context) { }
        }
        """);

    /// <summary>A call still compiles once the method takes an optional token, so a called method gets the fix.</summary>
    [Fact]
    public Task CalledDirectly_GetsTheFix() => Verify.VerifyAsync(Context + """
        [Node, Timeout(Ms = 1_000)]
        public partial class Called
        {
            public void {|FLX0159:Process|}(Ctx context) { }
        }

        public static class Uses
        {
            public static void Call() => new Called().Process(new Ctx());
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;
        using Floxide;

        public sealed class Ctx { public int Value { get; set; } }
        [Node, Timeout(Ms = 1_000)]
        public partial class Called
        {
            public void Process(Ctx context, CancellationToken cancellationToken = default) { }
        }

        public static class Uses
        {
            public static void Call() => new Called().Process(new Ctx());
        }
        """);

    /// <summary>A method group or a nameof breaks when the method gains a parameter, even an optional one; a call does not.</summary>
    [Fact]
    public Task ReferencedOtherThanByACall_NoFix() => Verify.VerifyNoFixAsync(Context + """
        [Node, Timeout(Ms = 1_000)]
        public partial class Grouped
        {
            public void {|FLX0159:Process|}(Ctx context) { }
        }

        [Node, Timeout(Ms = 1_000)]
        public partial class Named
        {
            public void {|FLX0159:Process|}(Ctx context) { }
        }

        public static class Uses
        {
            public static System.Action<Ctx> Group(Grouped step) => step.Process;

            public const string Name = nameof(Named.Process);
        }
        """);

    [Fact]
    public Task CallsToAnotherMethodOfTheName_NoFix() => Verify.VerifyNoFixAsync("""
        using System.Threading;
        using Floxide;

        public sealed class Ctx { public int Value { get; set; } }

        // Today the call binds to the base method; with a token parameter it would bind to the node's (which would also hide it, CS0108).
        public class BaseStep { public void Process(Ctx context, CancellationToken token) { } }

        [Node, Timeout(Ms = 1_000)]
        public partial class Derived : BaseStep
        {
            public void {|FLX0159:Process|}(Ctx context) { }
        }

        // Today the call binds to the extension method; with a token parameter it would bind to the node's.
        [Node, Timeout(Ms = 1_000)]
        public partial class Extended
        {
            public void {|FLX0159:Process|}(Ctx context) { }
        }

        public static class Callers
        {
            public static void Process(this Extended step, Ctx context, CancellationToken token) { }

            public static void Run()
            {
                new Derived().Process(new Ctx(), CancellationToken.None);
                new Extended().Process(new Ctx(), CancellationToken.None);
            }
        }
        """);
}

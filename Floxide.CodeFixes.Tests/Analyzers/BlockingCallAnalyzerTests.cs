using Verify = Floxide.CodeFixes.Tests.Verifiers.AnalyzerVerifier<Floxide.Generators.Analyzers.BlockingCallAnalyzer>;

namespace Floxide.CodeFixes.Tests.Analyzers;

public sealed class BlockingCallAnalyzerTests
{
    private const string Usings = """
        using System.Threading;
        using System.Threading.Tasks;
        using Floxide;

        public sealed class Ctx { public Task<int> Load() => Task.FromResult(1); public ValueTask<int> LoadFast() => new(1); }

        """;

    [Fact]
    public Task BlockingWaits_Report() => Verify.VerifyAsync(Usings + """
        [Node]
        public partial class Step
        {
            public int Process(Ctx context)
            {
                var a = {|FLX0021:context.Load().Result|};
                {|FLX0021:context.Load().Wait()|};
                var b = {|FLX0021:context.Load().GetAwaiter().GetResult()|};
                var c = {|FLX0021:context.LoadFast().Result|};
                var d = {|FLX0021:context.LoadFast().GetAwaiter().GetResult()|};
                var e = {|FLX0021:context.Load().ConfigureAwait(false).GetAwaiter().GetResult()|};
                {|FLX0021:Task.WaitAll(context.Load())|};
                return a + b + c + d + e > 0 ? 1 : 0;
            }
        }
        """,
        // The return type is an int, which NodeAnalyzer (not under test here) reports.
        []);

    [Fact]
    public Task AwaitAndNestedFunctions_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        [Node]
        public partial class Step
        {
            public async Task<bool> ProcessAsync(Ctx context, CancellationToken cancellationToken)
            {
                var task = context.Load();
                var value = await task;
                var next = await task.ContinueWith(t => t.Result, cancellationToken);
                int Local() => task.Result;
                return value + next + Local() > 0 && task.IsCompleted;
            }
        }
        """);

    [Fact]
    public Task OutsideProcessMethodOrNode_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        [Node]
        public partial class Step
        {
            public void Process(Ctx context) { }
            public int Helper(Ctx context) => context.Load().Result;
        }

        public class NotANode
        {
            public int Process(Ctx context) => context.Load().Result;
        }
        """);
}

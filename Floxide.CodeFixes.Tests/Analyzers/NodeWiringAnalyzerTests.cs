using Microsoft.CodeAnalysis;
using Verify = Floxide.CodeFixes.Tests.Verifiers.AnalyzerVerifier<Floxide.Generators.Analyzers.NodeWiringAnalyzer>;

namespace Floxide.CodeFixes.Tests.Analyzers;

/// <summary>
/// The generator does not run in these tests, so the nodes are written the way the generator completes
/// them (implementing INode) or, for the mismatch cases, left as the user writes them: the compiler's own
/// CS1503 is then expected beside FLX0020, as in a real build.
/// </summary>
public sealed class NodeWiringAnalyzerTests
{
    private const string Declarations = """
        using System.Threading;
        using System.Threading.Tasks;
        using Floxide;

        public class Order { }
        public class SpecialOrder : Order { }
        public class Invoice { }

        [Node]
        public partial class Check : INode<Order>
        {
            public string Id => "check";
            public ValueTask<NodeAction> RunAsync(Order context, CancellationToken cancellationToken) => new(NodeAction.Default);
            public void Process(Order order) { }
        }

        [Node]
        public partial class Bill
        {
            public void Process(Invoice invoice) { }
        }

        """;

    [Fact]
    public Task NodeOfOtherContextInWorkflowBuilder_Reports() => Verify.VerifyAsync(
        Declarations + """
        public static class Wiring
        {
            public static void Build() => new WorkflowBuilder<Order>("flow").StartWith({|FLX0020:new Bill()|});
        }
        """,
        CompilerDiagnostics.None);

    [Fact]
    public Task NodeOfOtherContextInBatchNode_Reports() => Verify.VerifyAsync(
        Declarations + """
        public sealed class Batch : IBatchContext<Batch, int>
        {
            public BatchItems<int> GetBatchItems() => new int[] { 1 };
            public Batch CreateItemContext(int item) => new();
            public void UpdateWithResults(BatchResults<Batch, int> results) { }
        }

        public static class Wiring
        {
            public static object Make() => new BatchNode<Batch, int>("b", {|FLX0020:new Check()|});
            public static object Named() => new BatchFlow<Batch, int>(itemWorkflow: {|FLX0020:new Bill()|});
        }
        """,
        CompilerDiagnostics.None);

    [Fact]
    public Task MatchingOrContravariantContext_NoDiagnostic() => Verify.VerifyAsync(Declarations + """
        public static class Wiring
        {
            public static void Build()
            {
                var check = new Check();
                new WorkflowBuilder<Order>("flow").StartWith(check).Then(check, new Check());
                new WorkflowBuilder<SpecialOrder>("special").StartWith(new Check());
            }
        }
        """);

    [Fact]
    public Task NonNodeArguments_NoDiagnostic() => Verify.VerifyAsync(Declarations + """
        public static class Wiring
        {
            public static void Take(object o) { }
            public static void Build() => Take(new Bill());
        }
        """);
}

namespace Floxide.Generators.Tests.Workflows;

/// <summary>Source texts of the workflow scenarios the generator tests run.</summary>
internal static class WorkflowScenarios
{
    /// <summary>Every kind of step: void, bool, enum, NodeAction, async, a nested workflow, a batch step; a cycle under a limit.</summary>
    public const string Orders = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Floxide;

        namespace Shop.Flow;

        public enum Review { Approved, Rejected, Escalate }

        [BatchContext(MaxDegreeOfParallelism = 2)]
        public partial class Order
        {
            [BatchItems] public List<string> Lines { get; set; } = new();
            [BatchItem] public string Line { get; set; } = "";
            public int Attempts { get; set; }
        }

        [Node] public partial class Validate { public bool Process(Order order) => order.Lines.Count > 0; }
        [Node(Id = "review")] public partial class ReviewNode { public Review Process(Order order, CancellationToken token) => Review.Approved; }
        [Node] public partial class Charge { public NodeAction Process(Order order) => ++order.Attempts < 3 ? "retry" : NodeAction.Default; }
        [Node] public partial class Ship { public async Task ProcessAsync(Order order) => await Task.Yield(); }
        [Node] public partial class Notify { internal void Process(Order order) { } }
        [Node] public partial class PackLine { public void Process(Order order) { } }
        [Node] public partial class Audit { private void Process(Order order) { } }

        [Workflow(typeof(Order), Id = "packing")]
        [Start(typeof(PackLine))]
        public partial class PackingFlow { }

        [Workflow(typeof(Order), Id = "orders", MaxSteps = 50)]
        [Start(typeof(Validate))]
        [Route(typeof(Validate), typeof(ReviewNode))]
        [Route(typeof(ReviewNode), Review.Approved, typeof(Charge))]
        [Route(typeof(ReviewNode), Review.Escalate, typeof(Audit))]
        [EndOn(typeof(ReviewNode), Review.Rejected)]
        [Route(typeof(Charge), "retry", typeof(Charge))]
        [Route(typeof(Charge), typeof(PackingFlow))]
        [BatchStep(typeof(PackingFlow), Id = "pack-all")]
        [Route(typeof(PackingFlow), typeof(Ship))]
        [Fallback(typeof(Ship), typeof(Notify))]
        [EndOn("cancelled")]
        public partial class OrderFlow { }
        """;

    /// <summary>A linear workflow in the global namespace, nested in a class, with a step that has no parameterless constructor.</summary>
    public const string Linear = """
        using Floxide;

        public sealed class Counter { public int Value; }

        [Node] public partial class First { public void Process(Counter c) => c.Value++; }
        [Node] public partial class Second { private readonly int _by; public Second(int by) => _by = by; public void Process(Counter c) => c.Value += _by; }

        public static partial class Flows
        {
            [Workflow(typeof(Counter))]
            [Start(typeof(First))]
            [Route(typeof(First), typeof(Second))]
            public partial class Linear { }
        }
        """;

    /// <summary>A workflow over the nodes of <see cref="Scenarios.Nodes"/> (file <c>Nodes.cs</c>), for the incremental tests.</summary>
    public const string OverNodes = """
        using Floxide;

        namespace Shop.Nodes;

        [Workflow(typeof(Order))]
        [Start(typeof(ValidateNode))]
        [Route(typeof(ValidateNode), typeof(RouteNode))]
        [Route(typeof(RouteNode), Route.Ship, typeof(SaveNode))]
        [EndOn(typeof(RouteNode), Route.Hold)]
        public partial class ShippingFlow { }
        """;

    /// <summary>A workflow and its steps named with escaped keywords: the generated constructors must be escaped too.</summary>
    public const string KeywordNames = """
        using Floxide;

        namespace Keywords;

        public sealed class Tally { public int Value; }

        [Node] public partial class @checked { public void Process(Tally tally) => tally.Value++; }
        [Node] public partial class @fixed { public bool Process(Tally tally) => tally.Value > 0; }

        [Workflow(typeof(Tally))]
        [Start(typeof(@checked))]
        [Route(typeof(@checked), typeof(@fixed))]
        public partial class @switch { }
        """;

    /// <summary>
    /// A context private to its container: the nodes' generated RunAsync is private too (only the explicit INode
    /// implementation is reachable), so the workflow holds an awaitable step as an INode; a synchronous step's
    /// process method it can call stays a direct call.
    /// </summary>
    public const string PrivateContext = """
        using System.Threading.Tasks;
        using Floxide;

        namespace Hidden;

        public static partial class Shipping
        {
            private sealed class Parcel { public int Weight; }

            [Node] public partial class Weigh { private async Task ProcessAsync(Parcel parcel) { await Task.Yield(); parcel.Weight++; } }
            [Node] private partial class Label { internal void Process(Parcel parcel) => parcel.Weight++; }

            [Workflow(typeof(Parcel))]
            [Start(typeof(Weigh))]
            [Route(typeof(Weigh), typeof(Label))]
            public partial class ParcelFlow { }
        }

        // The same, in a generic container whose closed construction the workflow names: the step was generated
        // from its declaration, Depot<TKey>.Count, and its RunAsync is private there.
        public static partial class Depot<TKey>
        {
            private sealed class Crate { public int Count; }

            [Node] private partial class Count { private async Task ProcessAsync(Depot<int>.Crate crate) { await Task.Yield(); crate.Count++; } }

            [Workflow(typeof(Depot<int>.Crate))]
            [Start(typeof(Depot<int>.Count))]
            public partial class CrateFlow { }
        }
        """;
}

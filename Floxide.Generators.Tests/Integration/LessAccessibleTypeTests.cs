using System.Reflection;

namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// Runs code generated for public types whose items or context are less accessible (this project would
/// not compile if the generated members kept <c>public</c>), and for dynamic items.
/// </summary>
public sealed class LessAccessibleTypeTests
{
    [Fact]
    public async Task PublicContextOverInternalItemsRunsThroughItsInternalFactories()
    {
        var batch = new ShipmentBatch { Parcels = [new("a", 100), new("lost", 1), new("c", 300)] };

        var report = await ShipmentBatch.CreateBatchFlow(new WeighNode()).RunAsync(batch);

        Assert.Equal(2, report.Succeeded);
        Assert.Equal([100, 300], batch.Weights);
        Assert.Equal(1, batch.LastBatch!.Failures.Single().Index);
        Assert.Equal("internal", Accessibility(typeof(ShipmentBatch).GetMethod(nameof(ShipmentBatch.CreateBatchNode), BindingFlags.Static | BindingFlags.NonPublic)!));
    }

    [Fact]
    public async Task PublicNodesOverAnInternalContextRunDirectlyAndThroughTheInterface()
    {
        var ledger = new Ledger();
        var open = new OpenLedgerNode();
        INode<Ledger> close = new CloseLedgerNode();

        Assert.Equal(NodeAction.Default, await open.RunAsync(ledger, CancellationToken.None));
        Assert.Equal(NodeAction.Default, await close.RunAsync(ledger, CancellationToken.None));
        Assert.Equal(["open", "close"], ledger.Entries);
        Assert.Equal("internal", Accessibility(typeof(OpenLedgerNode).GetMethod(nameof(OpenLedgerNode.RunAsync), BindingFlags.Instance | BindingFlags.NonPublic)!));
    }

    [Fact]
    public async Task PublicWorkflowOverAnInternalContextRunsItsSteps()
    {
        var ledger = new Ledger();
        INode<Ledger> flow = new LedgerFlow();

        Assert.Equal(NodeAction.Default, await flow.RunAsync(ledger, CancellationToken.None));
        Assert.Equal(NodeAction.Default, await new LedgerFlow(new OpenLedgerNode(), new CloseLedgerNode()).RunAsync(ledger, CancellationToken.None));
        Assert.Equal(["open", "close", "open", "close"], ledger.Entries);
    }

    [Fact]
    public async Task DynamicItemsReachTheirSlots()
    {
        var batch = new DynamicBatch { Values = [1, "two", 3.5] };

        var report = await DynamicBatch.CreateBatchFlow(Node.Create<DynamicBatch>("describe", c => c.Text = $"{c.Value}:{c.Value!.GetType().Name}")).RunAsync(batch);

        Assert.Equal(3, report.Succeeded);
        Assert.Equal(["1:Int32", "two:String", $"{3.5}:Double"], batch.Texts);
    }

    private static string Accessibility(MethodInfo method) =>
        method.IsPublic ? "public" : method.IsAssembly ? "internal" : method.IsPrivate ? "private" : "other";
}

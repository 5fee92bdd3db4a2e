namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>Pays one item through <see cref="PayoutGate"/>, the paid call, then records the amount as its output.</summary>
[Node(Id = "pay")]
public partial class PayNode
{
    public async Task ProcessAsync(PayoutRun run, CancellationToken cancellationToken)
    {
        await run.Gate.CallAsync(run.Item, cancellationToken);
        run.Paid = run.Item * 10;
        run.Gate.Finish(run.Item);
    }
}

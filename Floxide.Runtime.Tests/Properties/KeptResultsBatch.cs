namespace Floxide.Runtime.Tests.Properties;

/// <summary>A context that keeps every result (a hand-written <see cref="IBatchContext{TContext, TItem}"/>).</summary>
public sealed class KeptResultsBatch : IBatchContext<KeptResultsBatch, int>, ILedgerItem
{
    public required EngineCaseRun Run { get; init; }

    public int Item { get; private init; }

    public int Output { get; set; }

    public BatchItems<int> GetBatchItems() => Run.Items();

    public KeptResultsBatch CreateItemContext(int item) => new() { Run = Run, Item = item };

    public void UpdateWithResults(BatchResults<KeptResultsBatch, int> results) => Run.Updated(results);
}

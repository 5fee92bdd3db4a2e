namespace Floxide.Runtime.Tests.Properties;

/// <summary>A context that takes its results through the streaming merge.</summary>
public sealed class MergedResultsBatch : IStreamingBatchContext<MergedResultsBatch, int>, ILedgerItem
{
    public required EngineCaseRun Run { get; init; }

    public int Item { get; private init; }

    public int Output { get; set; }

    public BatchItems<int> GetBatchItems() => Run.Items();

    public MergedResultsBatch CreateItemContext(int item) => new() { Run = Run, Item = item };

    public void MergeResults(ReadOnlySpan<BatchItemResult<MergedResultsBatch, int>> results) => Run.Merged(results);

    public void UpdateWithResults(BatchResults<MergedResultsBatch, int> results) => Run.Updated(results);
}

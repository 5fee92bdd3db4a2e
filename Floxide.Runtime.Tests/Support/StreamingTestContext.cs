namespace Floxide.Runtime.Tests.Support;

/// <summary>A context that merges results as they come, and checks how they come.</summary>
public sealed class StreamingTestContext : IStreamingBatchContext<StreamingTestContext, int>
{
    private int _merging;
    private long _merged;

    public Func<BatchItems<int>> Items { get; init; } = () => Array.Empty<int>();

    public int Item { get; private set; }

    public int Output { get; set; }

    public Action<int>? OnMerge { get; init; }

    /// <summary>How many results were merged; read concurrently by tests.</summary>
    public long Merged => Interlocked.Read(ref _merged);

    public long OutputSum { get; private set; }

    public Dictionary<BatchItemStatus, int> Statuses { get; } = [];

    /// <summary>Each merged item's status, by item (merges never overlap, so a plain dictionary will do).</summary>
    public Dictionary<int, BatchItemStatus> StatusOf { get; } = [];

    /// <summary>Gets how many merged results said they were restored from a durable run's record.</summary>
    public int ResumedMerged { get; private set; }

    public List<string> Violations { get; } = [];

    public List<BatchResults<StreamingTestContext, int>> Updates { get; } = [];

    public BatchItems<int> GetBatchItems() => Items();

    public StreamingTestContext CreateItemContext(int item) => new() { Item = item };

    public void MergeResults(ReadOnlySpan<BatchItemResult<StreamingTestContext, int>> results)
    {
        if (Interlocked.Exchange(ref _merging, 1) == 1)
        {
            Violations.Add("two merges overlapped");
        }

        foreach (var result in results)
        {
            if (result.Index != _merged)
            {
                Violations.Add($"expected result {_merged}, got {result.Index}");
            }

            OutputSum += result.Context?.Output ?? 0;
            Statuses[result.Status] = Statuses.GetValueOrDefault(result.Status) + 1;
            StatusOf[result.Item] = result.Status;
            ResumedMerged += result.Resumed ? 1 : 0;
            Interlocked.Increment(ref _merged);
        }

        OnMerge?.Invoke(results.Length);
        Volatile.Write(ref _merging, 0);
    }

    public void UpdateWithResults(BatchResults<StreamingTestContext, int> results) => Updates.Add(results);
}

namespace Floxide.Sqlite.Tests.CrashHost;

/// <summary>
/// Items 0..count-1; each item's output is <see cref="OutputOf"/>; the merge collects outputs and checks their order. As a
/// workflow step's context, it gives the step <see cref="DurableRun"/>.
/// </summary>
internal sealed class CrashContext : IStreamingBatchContext<CrashContext, int>, IDurableBatchContext<CrashContext, int>
{
    public const string BatchId = "crash";

    private readonly int _count;
    private readonly StreamWriter _runLog;
    private long _expected;

    public CrashContext(int count, StreamWriter runLog)
    {
        _count = count;
        _runLog = runLog;
    }

    private CrashContext(CrashContext parent, int item)
    {
        _count = parent._count;
        _runLog = parent._runLog;
        Item = item;
    }

    public int Item { get; }

    public int Output { get; set; }

    public List<int> Outputs { get; } = [];

    public string? Violation { get; private set; }

    public DurableRun<CrashContext, int>? DurableRun { get; set; }

    /// <summary>Gets how many merged results were restored from records, and how many succeeded.</summary>
    public long Resumed { get; private set; }

    public long Succeeded { get; private set; }

    public DurableRun<CrashContext, int>? GetDurableRun(string stepId) => DurableRun;

    public static int OutputOf(int item) => (item * 3) + 1;

    /// <summary>Appends the item to the run log: a write per line, so it survives a SIGKILL.</summary>
    public void LogRun()
    {
        lock (_runLog)
        {
            _runLog.WriteLine(Item);
        }
    }

    public BatchItems<int> GetBatchItems() => Enumerable.Range(0, _count).ToArray();

    public CrashContext CreateItemContext(int item) => new(this, item);

    public void MergeResults(ReadOnlySpan<BatchItemResult<CrashContext, int>> results)
    {
        foreach (var result in results)
        {
            if (result.Index != _expected++ || result.Status != BatchItemStatus.Succeeded)
            {
                Violation ??= $"merged {result} at position {_expected - 1}";
            }

            Outputs.Add(result.Context?.Output ?? -1);
            Resumed += result.Resumed ? 1 : 0;
            Succeeded += result.Status == BatchItemStatus.Succeeded ? 1 : 0;
        }
    }

    public void UpdateWithResults(BatchResults<CrashContext, int> results)
    {
        if (results.Total != _count)
        {
            Violation ??= $"{results.Total} items merged, not {_count}";
        }
    }
}

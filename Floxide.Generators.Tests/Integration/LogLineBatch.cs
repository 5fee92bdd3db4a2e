namespace Floxide.Generators.Tests.Integration;

/// <summary>A context that merges results as they arrive, so a stream of any length runs in bounded memory.</summary>
[BatchContext(MaxDegreeOfParallelism = 4)]
public partial class LogLineBatch
{
    private int _merging;

    [BatchItems] public IAsyncEnumerable<int> LineNumbers { get; init; } = AsyncEnumerable.Empty<int>();

    [BatchItem] public int LineNumber { get; set; }

    [ItemOutput] public string? Parsed { get; set; }

    [BatchOutputs] public List<string> ParsedLines { get; } = [];

    public int MergeCalls { get; private set; }

    public long MergedResults { get; private set; }

    /// <summary>Gets what the hook saw against its promise (input order, calls never overlap); written by the parent only.</summary>
    [Shared] public List<string> MergeViolations { get; } = [];

    partial void OnResultsMerged(ReadOnlySpan<BatchItemResult<LogLineBatch, int>> results)
    {
        if (Interlocked.Exchange(ref _merging, 1) == 1)
        {
            MergeViolations.Add("two calls overlapped");
        }

        MergeCalls++;
        foreach (var result in results)
        {
            if (result.Index != MergedResults)
            {
                MergeViolations.Add($"expected result {MergedResults}, got {result.Index}");
            }

            MergedResults++;
        }

        Volatile.Write(ref _merging, 0);
    }
}

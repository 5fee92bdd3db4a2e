namespace Floxide.Generators.Tests.Integration;

/// <summary>A context that merges results as they arrive, so a stream of any length runs in bounded memory.</summary>
[BatchContext(MaxDegreeOfParallelism = 4)]
public partial class LogLineBatch
{
    [BatchItems] public IAsyncEnumerable<int> LineNumbers { get; init; } = AsyncEnumerable.Empty<int>();

    [BatchItem] public int LineNumber { get; set; }

    [ItemOutput] public string? Parsed { get; set; }

    [BatchOutputs] public List<string> ParsedLines { get; } = [];

    public int MergeCalls { get; private set; }

    public long MergedResults { get; private set; }

    partial void OnResultsMerged(ReadOnlySpan<BatchItemResult<LogLineBatch, int>> results)
    {
        MergeCalls++;
        MergedResults += results.Length;
    }
}

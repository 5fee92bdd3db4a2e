using Floxide;

namespace WordFrequency;

/// <summary>
/// The batch context: the parent holds the files and, after the batch, every file's counts; each
/// item context holds one file and its counts. The generator writes the batch contract from the
/// attributes: the item-context factory, the merge into <see cref="PerFile"/>, and CreateBatchFlow.
/// </summary>
[BatchContext(MaxDegreeOfParallelism = 4)]
public sealed partial class WordFrequencyContext
{
    /// <summary>The text files to count.</summary>
    [BatchItems]
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>The file one item context counts.</summary>
    [BatchItem]
    public string File { get; set; } = "";

    /// <summary>The file's counts, set by <see cref="CountWordsNode"/>.</summary>
    [ItemOutput]
    public FileCounts? Counts { get; set; }

    /// <summary>Every counted file, in input order.</summary>
    [BatchOutputs]
    public List<FileCounts> PerFile { get; } = [];

    /// <summary>Words shorter than this are not counted; a setting copied into every item context.</summary>
    public int MinWordLength { get; init; } = 4;

    /// <summary>Words never counted: one read-only set shared by every item context.</summary>
    [Shared]
    public IReadOnlySet<string> StopWords { get; init; } = new HashSet<string>();

    /// <summary>Merges every file's counts into one table.</summary>
    /// <returns>Word to total count over all files.</returns>
    public Dictionary<string, int> MergedCounts()
    {
        var totals = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in PerFile)
        {
            foreach (var (word, count) in file.Words)
            {
                totals[word] = totals.GetValueOrDefault(word) + count;
            }
        }

        return totals;
    }
}

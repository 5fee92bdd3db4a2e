using Floxide;

namespace WordFrequency;

/// <summary>
/// The batch context: the parent holds the files and, after the batch, every file's counts; each
/// item context holds one file and its counts. Written by hand in the shape the [BatchContext]
/// generator wants, so switching to it means adding the attributes and deleting the three methods.
/// </summary>
public sealed class WordFrequencyContext : IBatchContext<WordFrequencyContext, string>
{
    /// <summary>The text files to count ([BatchItems]).</summary>
    public IReadOnlyList<string> Files { get; init; } = null!;

    /// <summary>The file one item context counts ([BatchItem]).</summary>
    public string File { get; set; } = "";

    /// <summary>The file's counts, set by <see cref="CountWordsNode"/> ([ItemOutput]).</summary>
    public FileCounts? Counts { get; set; }

    /// <summary>Every counted file, in input order ([BatchOutputs]).</summary>
    public List<FileCounts> PerFile { get; init; } = null!;

    /// <summary>Words shorter than this are not counted; a setting copied into every item context.</summary>
    public int MinWordLength { get; set; } = 4;

    /// <summary>Words never counted; shared by every item context on purpose ([Shared]).</summary>
    public IReadOnlySet<string> StopWords { get; init; } = null!;

    // --- What the generator emits for the members above ---

    /// <inheritdoc/>
    public BatchItems<string> GetBatchItems() => new(Files);

    /// <inheritdoc/>
    public WordFrequencyContext CreateItemContext(string item) =>
        new() { File = item, Files = Files, PerFile = PerFile, MinWordLength = MinWordLength, StopWords = StopWords };

    /// <inheritdoc/>
    public void UpdateWithResults(BatchResults<WordFrequencyContext, string> results)
    {
        foreach (var result in results)
        {
            if (result.Succeeded && result.Context!.Counts is { } counts)
            {
                PerFile.Add(counts);
            }
        }
    }

    // --- The sample's own code: merging the per-file counts in the parent ---

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

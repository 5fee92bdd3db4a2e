using Floxide;
using WordFrequency;

// Counts the words of every text file in texts/ (shipped with the sample), one batch item per
// file, at most four files at a time; the parent receives every file's counts and merges them.
var folder = Path.Combine(AppContext.BaseDirectory, "texts");
var files = Directory.GetFiles(folder, "*.txt").Order(StringComparer.Ordinal).ToArray();

var batch = new WordFrequencyContext
{
    Files = files,
    MinWordLength = 4,
    StopWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "that", "with", "from", "they", "were", "have", "this", "their", "them", "then", "there", "when",
        "what", "which", "into", "would", "been", "only", "over", "some", "said", "like", "more", "than",
    },
};

// No generic arguments: the generated factory knows the context and item types, and the limit of 4
// comes from [BatchContext(MaxDegreeOfParallelism = 4)].
var flow = WordFrequencyContext.CreateBatchFlow(new CountWordsNode(), id: "word-frequency");
var report = await flow.RunAsync(batch);

Console.WriteLine($"Counted {files.Length} files in {folder}:");
foreach (var file in batch.PerFile)
{
    Console.WriteLine($"  {file.File,-20} {file.TotalWords,5} words, {file.Words.Count,4} distinct counted");
}

Console.WriteLine();
Console.WriteLine($"Top 15 words of at least {batch.MinWordLength} letters:");
var rank = 0;
foreach (var (word, count) in batch.MergedCounts().OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(15))
{
    Console.WriteLine($"  {++rank,2}. {word,-12} {count,4}");
}

Console.WriteLine();
Console.WriteLine(report);
foreach (var failure in report.Results.Failures)
{
    Console.WriteLine($"  failed: {failure}");
}

return report.Failed == 0 ? 0 : 1;

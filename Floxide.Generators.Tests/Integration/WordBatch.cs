namespace Floxide.Generators.Tests.Integration;

/// <summary>A batch context built by the generator at build time, the way users get it.</summary>
[BatchContext(MaxDegreeOfParallelism = 3, KeepResults = true)]
public partial class WordBatch
{
    [BatchItems] public IReadOnlyList<string> Words { get; init; } = [];

    [BatchItem] public string Word { get; set; } = "";

    [Shared] public WordCounter Counter { get; init; } = new();

    [PerItem] public List<string> Trace { get; init; } = [];

    public string Suffix { get; set; } = "";

    public string ReadOnlySetting { get; } = "fixed";

    private readonly int _salt;

    public WordBatch(int salt) => _salt = salt;

    public int Salt => _salt;

    [ItemOutput] public string? Result { get; set; }

    [BatchOutputs] public List<string> Results { get; } = [];

    // Written by the parent only (OnBatchCompleted), so sharing it with the item contexts is intended.
    [Shared] public List<string> MergeLog { get; } = [];

    public int ItemContextsCreated;

    partial void OnItemContextCreated(WordBatch itemContext) => Interlocked.Increment(ref ItemContextsCreated);

    partial void OnBatchCompleted(BatchResults<WordBatch, string> results) =>
        MergeLog.Add($"{results.Succeeded} succeeded, {results.Failed} failed");
}

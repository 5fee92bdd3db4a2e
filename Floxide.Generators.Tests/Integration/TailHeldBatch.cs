namespace Floxide.Generators.Tests.Integration;

/// <summary>A context that merges results as they arrive and says when every item but the last has merged.</summary>
[BatchContext(MaxDegreeOfParallelism = 4)]
public partial class TailHeldBatch
{
    private long _merged;

    [BatchItems] public IReadOnlyList<int> Numbers { get; init; } = [];

    [BatchItem] public int Number { get; set; }

    [ItemOutput] public int Doubled { get; set; }

    [BatchOutputs] public List<int> Doubles { get; } = [];

    /// <summary>Gets the signal set once every item but the last has merged; set by the parent only.</summary>
    [Shared] public TaskCompletionSource AllButLastMerged { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    partial void OnResultsMerged(ReadOnlySpan<BatchItemResult<TailHeldBatch, int>> results)
    {
        _merged += results.Length;
        if (_merged == Numbers.Count - 1)
        {
            AllButLastMerged.TrySetResult();
        }
    }
}

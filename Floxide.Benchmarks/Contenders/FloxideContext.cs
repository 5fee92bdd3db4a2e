using Floxide.Benchmarks.Scenarios;

namespace Floxide.Benchmarks.Contenders;

// The Floxide contender's batch contexts, written by hand exactly the way the [BatchContext]
// generator emits them: CreateItemContext is `new Ctx { Item = item, <every other member copied> }`
// (the generator copies the [BatchItems] and [BatchOutputs] references too; the output starts at
// its initial value), the items getter wraps the [BatchItems] member, and the update step adds each
// succeeded item's [ItemOutput] to the [BatchOutputs] collection in input order. Once the generator
// lands, each class becomes
//
//     [BatchContext]
//     public sealed partial class SequenceBatch
//     {
//         [BatchItems] public IReadOnlyList<int> Items { get; init; } = null!;
//         [BatchItem] public int Item;
//         [ItemOutput] public long Output;
//         [BatchOutputs] public List<long> Outputs { get; init; } = null!;
//         public WorkSpec Work = null!;   // copied into every item context
//     }
//
// and the hand-written members below are deleted; nothing else in the benchmarks changes.
// Members are not initialised (`= null!`): an initialiser such as `= []` would run for every item
// context too (object initialisers and the generator's item-context constructor both run it) and
// allocate a list per item only to overwrite it with the parent's.

/// <summary>A batch over items held in memory (the trivial, cpu and io scenarios).</summary>
public sealed class SequenceBatch : IBatchContext<SequenceBatch, int>
{
    /// <summary>The items ([BatchItems]).</summary>
    public IReadOnlyList<int> Items { get; init; } = null!;

    /// <summary>The item of an item context ([BatchItem]).</summary>
    public int Item;

    /// <summary>The item's output ([ItemOutput]).</summary>
    public long Output;

    /// <summary>The outputs of succeeded items, in input order ([BatchOutputs]).</summary>
    public List<long> Outputs { get; init; } = null!;

    /// <summary>The work to do; copied into every item context.</summary>
    public WorkSpec Work = null!;

    /// <inheritdoc/>
    public BatchItems<int> GetBatchItems() => new(Items);

    /// <inheritdoc/>
    public SequenceBatch CreateItemContext(int item) => new() { Item = item, Items = Items, Outputs = Outputs, Work = Work };

    /// <inheritdoc/>
    public void UpdateWithResults(BatchResults<SequenceBatch, int> results)
    {
        var outputs = Outputs;
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i];
            if (result.Status == BatchItemStatus.Succeeded)
            {
                outputs.Add(result.Context!.Output);
            }
        }
    }
}

/// <summary>
/// A batch over an asynchronous stream that merges results as they come, in input order
/// (<see cref="IStreamingBatchContext{TContext, TItem}"/>): the engine keeps a bounded window of
/// results instead of all of them. This is what the stream scenario's "floxide" runs.
/// </summary>
public sealed class StreamBatch : IStreamingBatchContext<StreamBatch, int>
{
    /// <summary>The items ([BatchItems]).</summary>
    public IAsyncEnumerable<int> Items { get; init; } = null!;

    /// <summary>The item of an item context ([BatchItem]).</summary>
    public int Item;

    /// <summary>The item's output ([ItemOutput]).</summary>
    public long Output;

    /// <summary>The outputs of succeeded items, in input order ([BatchOutputs]).</summary>
    public List<long> Outputs { get; init; } = null!;

    /// <summary>The work to do; copied into every item context.</summary>
    public WorkSpec Work = null!;

    /// <inheritdoc/>
    public BatchItems<int> GetBatchItems() => new(Items);

    /// <inheritdoc/>
    public StreamBatch CreateItemContext(int item) => new() { Item = item, Items = Items, Outputs = Outputs, Work = Work };

    /// <inheritdoc/>
    public void MergeResults(ReadOnlySpan<BatchItemResult<StreamBatch, int>> results)
    {
        var outputs = Outputs;
        foreach (ref readonly var result in results)
        {
            if (result.Status == BatchItemStatus.Succeeded)
            {
                outputs.Add(result.Context!.Output);
            }
        }
    }

    /// <inheritdoc/>
    public void UpdateWithResults(BatchResults<StreamBatch, int> results)
    {
        // Everything was merged by MergeResults; the end brings only the counts.
    }
}

/// <summary>
/// A batch over an asynchronous stream that merges everything at the end (plain
/// <see cref="IBatchContext{TContext, TItem}"/>): every result is held until then.
/// </summary>
public sealed class EndMergeStreamBatch : IBatchContext<EndMergeStreamBatch, int>
{
    /// <summary>The items ([BatchItems]).</summary>
    public IAsyncEnumerable<int> Items { get; init; } = null!;

    /// <summary>The item of an item context ([BatchItem]).</summary>
    public int Item;

    /// <summary>The item's output ([ItemOutput]).</summary>
    public long Output;

    /// <summary>The outputs of succeeded items, in input order ([BatchOutputs]).</summary>
    public List<long> Outputs { get; init; } = null!;

    /// <summary>The work to do; copied into every item context.</summary>
    public WorkSpec Work = null!;

    /// <inheritdoc/>
    public BatchItems<int> GetBatchItems() => new(Items);

    /// <inheritdoc/>
    public EndMergeStreamBatch CreateItemContext(int item) => new() { Item = item, Items = Items, Outputs = Outputs, Work = Work };

    /// <inheritdoc/>
    public void UpdateWithResults(BatchResults<EndMergeStreamBatch, int> results)
    {
        var outputs = Outputs;
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i];
            if (result.Status == BatchItemStatus.Succeeded)
            {
                outputs.Add(result.Context!.Output);
            }
        }
    }
}

using Floxide.Benchmarks.Scenarios;

namespace Floxide.Benchmarks.Contenders;

// The Floxide contender's batch contexts, written by hand exactly the way the [BatchContext]
// generator emits them: CreateItemContext is `new Ctx { Item = item, <copied members> }`, the items
// getter wraps the [BatchItems] member, and the update step adds each succeeded item's [ItemOutput]
// to the [BatchOutputs] collection in input order. Once the generator lands, each class becomes
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
// context too (`new Ctx { ... }` runs it) and allocate a list per item.

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
    public SequenceBatch CreateItemContext(int item) => new() { Item = item, Work = Work };

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

/// <summary>A batch over an asynchronous stream (the stream scenario).</summary>
public sealed class StreamBatch : IBatchContext<StreamBatch, int>
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
    public StreamBatch CreateItemContext(int item) => new() { Item = item, Work = Work };

    /// <inheritdoc/>
    public void UpdateWithResults(BatchResults<StreamBatch, int> results)
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

using Floxide.Benchmarks.Scenarios;

namespace Floxide.Benchmarks.Contenders;

// The Floxide contender's batch contexts, declared the way users declare them: the [BatchContext]
// generator writes the item-context factory, the items getter and the merge of each succeeded
// item's [ItemOutput] into [BatchOutputs] in input order.
// Members are not initialised (`= null!`): an initialiser such as `= []` would also run for every
// item context and allocate a list per item that nothing uses.

/// <summary>
/// A batch over items held in memory (the trivial, cpu and io scenarios) that merges results as they
/// come, in input order (the default): the engine keeps a bounded window of results, and each item
/// context is garbage as soon as its output is collected. This is what "floxide" runs.
/// </summary>
[BatchContext]
public sealed partial class SequenceBatch
{
    /// <summary>The items.</summary>
    [BatchItems]
    public IReadOnlyList<int> Items { get; init; } = null!;

    /// <summary>The item of an item context.</summary>
    [BatchItem]
    public int Item;

    /// <summary>The item's output.</summary>
    [ItemOutput]
    public long Output;

    /// <summary>The outputs of succeeded items, in input order.</summary>
    [BatchOutputs]
    public List<long> Outputs { get; init; } = null!;

    /// <summary>The work to do; copied into every item context.</summary>
    public WorkSpec Work = null!;
}

/// <summary>
/// A batch over an asynchronous stream that merges results as they come, in input order
/// (the default): the engine keeps a bounded window of results instead of all of them. This is what
/// the stream scenario's "floxide" runs.
/// </summary>
[BatchContext]
public sealed partial class StreamBatch
{
    /// <summary>The items.</summary>
    [BatchItems]
    public IAsyncEnumerable<int> Items { get; init; } = null!;

    /// <summary>The item of an item context.</summary>
    [BatchItem]
    public int Item;

    /// <summary>The item's output.</summary>
    [ItemOutput]
    public long Output;

    /// <summary>The outputs of succeeded items, in input order.</summary>
    [BatchOutputs]
    public List<long> Outputs { get; init; } = null!;

    /// <summary>The work to do; copied into every item context.</summary>
    public WorkSpec Work = null!;
}

/// <summary>A batch over an asynchronous stream that merges everything at the end (<c>KeepResults = true</c>): every result is held until then.</summary>
[BatchContext(KeepResults = true)]
public sealed partial class EndMergeStreamBatch
{
    /// <summary>The items.</summary>
    [BatchItems]
    public IAsyncEnumerable<int> Items { get; init; } = null!;

    /// <summary>The item of an item context.</summary>
    [BatchItem]
    public int Item;

    /// <summary>The item's output.</summary>
    [ItemOutput]
    public long Output;

    /// <summary>The outputs of succeeded items, in input order.</summary>
    [BatchOutputs]
    public List<long> Outputs { get; init; } = null!;

    /// <summary>The work to do; copied into every item context.</summary>
    public WorkSpec Work = null!;
}

/// <summary>
/// A batch over items held in memory that merges everything at the end: every result, with its item
/// context, is held until then (what <c>LastBatch</c> exposes with <c>KeepResults = true</c>). This is
/// "floxide_end_merge".
/// </summary>
[BatchContext(KeepResults = true)]
public sealed partial class EndMergeSequenceBatch
{
    /// <summary>The items.</summary>
    [BatchItems]
    public IReadOnlyList<int> Items { get; init; } = null!;

    /// <summary>The item of an item context.</summary>
    [BatchItem]
    public int Item;

    /// <summary>The item's output.</summary>
    [ItemOutput]
    public long Output;

    /// <summary>The outputs of succeeded items, in input order.</summary>
    [BatchOutputs]
    public List<long> Outputs { get; init; } = null!;

    /// <summary>The work to do; copied into every item context.</summary>
    public WorkSpec Work = null!;
}

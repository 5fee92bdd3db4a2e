namespace Floxide;

/// <summary>An item whose run did not complete synchronously, with the slot its result goes to.</summary>
internal readonly struct PendingItem<TContext, TItem>(
    long index, TItem item, TContext? context, ValueTask<NodeAction> run, BatchItemResult<TContext, TItem>[] results, int slot, long started)
{
    public long Index { get; } = index;

    public TItem Item { get; } = item;

    public TContext? Context { get; } = context;

    public ValueTask<NodeAction> Run { get; } = run;

    public BatchItemResult<TContext, TItem>[] Results { get; } = results;

    public int Slot { get; } = slot;

    /// <summary>When the item started (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public long Started { get; } = started;
}

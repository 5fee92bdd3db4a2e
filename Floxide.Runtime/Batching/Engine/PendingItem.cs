namespace Floxide;

/// <summary>An item whose run did not complete synchronously, with the slot its result goes to.</summary>
internal readonly struct PendingItem<TContext, TItem>(
    long index,
    TItem item,
    TContext? context,
    ItemAttempts<TContext, TItem>? attempts,
    ValueTask<NodeAction> run,
    BatchItemResult<TContext, TItem>[] results,
    int slot,
    long started)
    where TContext : IBatchContext<TContext, TItem>
{
    public long Index { get; } = index;

    public TItem Item { get; } = item;

    public TContext? Context { get; } = context;

    /// <summary>Gets the item's attempts when the run has resilience (its context is then the last attempt's); null otherwise.</summary>
    public ItemAttempts<TContext, TItem>? Attempts { get; } = attempts;

    public ValueTask<NodeAction> Run { get; } = run;

    public BatchItemResult<TContext, TItem>[] Results { get; } = results;

    public int Slot { get; } = slot;

    /// <summary>When the item started (a <see cref="BatchOptions.TimeProvider"/> timestamp).</summary>
    public long Started { get; } = started;
}

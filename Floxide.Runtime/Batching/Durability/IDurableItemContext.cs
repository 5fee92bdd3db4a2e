namespace Floxide;

/// <summary>
/// Implemented by a batch context that wants each item's idempotency key in a durable run: the engine
/// sets <see cref="ItemKey"/> on every item context before its workflow runs, so nodes can make an
/// external side effect exactly-once (the same key on every attempt and every rerun).
/// </summary>
public interface IDurableItemContext
{
    /// <summary>Gets or sets the item's idempotency key; default outside a durable run.</summary>
    DurableItemKey ItemKey { get; set; }
}

namespace Floxide;

/// <summary>The idempotency key of one item of a durable batch: the batch id and the item's identity.</summary>
/// <param name="BatchId">The durable batch's id.</param>
/// <param name="ItemKey">The item's identity (its key, or its input position).</param>
public readonly record struct DurableItemKey(string BatchId, string ItemKey)
{
    /// <summary>Gets the key as one string, <c>batchId/itemKey</c>.</summary>
    /// <returns>The key.</returns>
    public override string ToString() => $"{BatchId}/{ItemKey}";
}

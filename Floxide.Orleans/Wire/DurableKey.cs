using global::Orleans;

namespace Floxide.Orleans;

/// <summary>A <see cref="DurableItemKey"/> on the wire (the runtime's type carries no Orleans serializer).</summary>
[GenerateSerializer, Immutable, Alias("Floxide.Orleans.DurableKey")]
internal sealed class DurableKey
{
    /// <summary>Gets the durable batch's id.</summary>
    [Id(0)]
    public required string BatchId { get; init; }

    /// <summary>Gets the item's identity within the batch.</summary>
    [Id(1)]
    public required string ItemKey { get; init; }

    /// <summary>The key of <paramref name="itemContext"/>, when it wants one and a durable run gave it one; else null.</summary>
    public static DurableKey? Of(object? itemContext) =>
        itemContext is IDurableItemContext { ItemKey: { BatchId: { } batchId, ItemKey: { } itemKey } }
            ? new DurableKey { BatchId = batchId, ItemKey = itemKey }
            : null;

    /// <summary>Gives <paramref name="itemContext"/> this key, when it wants one.</summary>
    public void ApplyTo(object? itemContext)
    {
        if (itemContext is IDurableItemContext keyed)
        {
            keyed.ItemKey = new DurableItemKey(BatchId, ItemKey);
        }
    }
}

namespace Floxide.Orleans.Tests;

/// <summary>A batch whose item contexts take their idempotency key from a durable run, and whose node reports the key it saw.</summary>
[BatchContext(MaxDegreeOfParallelism = 4)]
public sealed partial class KeyedBatch : IDurableItemContext
{
    /// <summary>Gets the numbers.</summary>
    [BatchItems]
    public IReadOnlyList<int> Numbers { get; init; } = [];

    /// <summary>Gets or sets one item's number.</summary>
    [BatchItem]
    public int Number { get; set; }

    /// <summary>Gets or sets the idempotency key the item's workflow saw (null: none).</summary>
    [ItemOutput]
    public string? SeenKey { get; set; }

    /// <summary>Gets the keys the items saw, in input order.</summary>
    [BatchOutputs]
    public List<string?> SeenKeys { get; } = [];

    /// <inheritdoc/>
    public DurableItemKey ItemKey { get; set; }
}

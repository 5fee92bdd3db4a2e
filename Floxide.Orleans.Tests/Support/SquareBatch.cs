namespace Floxide.Orleans.Tests;

/// <summary>The batch the cluster tests run: each item is squared on some silo, and the silo is recorded.</summary>
[BatchContext(MaxDegreeOfParallelism = 16)]
public sealed partial class SquareBatch
{
    /// <summary>Gets the items.</summary>
    [BatchItems]
    public IReadOnlyList<int> Numbers { get; init; } = [];

    /// <summary>Gets or sets the item, in an item context.</summary>
    [BatchItem]
    public int Number { get; set; }

    /// <summary>Gets or sets the item's output, written on the silo and sent back.</summary>
    [ItemOutput]
    public Square? Square { get; set; }

    /// <summary>Gets the outputs, in input order.</summary>
    [BatchOutputs]
    public List<Square> Squares { get; } = [];
}

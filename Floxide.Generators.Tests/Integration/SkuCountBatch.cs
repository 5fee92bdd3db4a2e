namespace Floxide.Generators.Tests.Integration;

/// <summary>A durable context keyed by a base record's positional parameter (<see cref="SkuRow.Sku"/>).</summary>
[BatchContext(MaxDegreeOfParallelism = 2, DurableJson = typeof(DurableKeyJson))]
public sealed partial class SkuCountBatch
{
    [BatchItems] public IReadOnlyList<SkuCount> Counts { get; init; } = [];

    [BatchItem] public SkuCount Count { get; set; } = null!;

    [ItemOutput] public int Doubled { get; set; }

    [BatchOutputs] public List<int> Outputs { get; } = [];
}

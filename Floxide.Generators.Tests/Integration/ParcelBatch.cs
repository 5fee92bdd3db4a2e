namespace Floxide.Generators.Tests.Integration;

/// <summary>A durable context over nullable keyed items: a null item is keyed like a null key, the empty string.</summary>
[BatchContext(MaxDegreeOfParallelism = 2, DurableJson = typeof(DurableKeyJson))]
public sealed partial class ParcelBatch
{
    [BatchItems] public List<ParcelOrder?> Orders { get; init; } = [];

    [BatchItem] public ParcelOrder? Order { get; set; }

    [ItemOutput] public int Doubled { get; set; }

    [BatchOutputs] public List<int> Outputs { get; } = [];
}

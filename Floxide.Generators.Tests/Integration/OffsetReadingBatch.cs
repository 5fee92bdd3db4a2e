namespace Floxide.Generators.Tests.Integration;

/// <summary>A durable context keyed by a DateTimeOffset (<see cref="OffsetReading.At"/>).</summary>
[BatchContext(MaxDegreeOfParallelism = 2, DurableJson = typeof(DurableKeyJson))]
public sealed partial class OffsetReadingBatch
{
    [BatchItems] public IReadOnlyList<OffsetReading> Readings { get; init; } = [];

    [BatchItem] public OffsetReading Reading { get; set; } = null!;

    [ItemOutput] public int Doubled { get; set; }

    [BatchOutputs] public List<int> Outputs { get; } = [];
}

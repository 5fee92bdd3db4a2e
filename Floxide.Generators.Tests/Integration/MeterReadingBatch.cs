namespace Floxide.Generators.Tests.Integration;

/// <summary>A durable context keyed by a DateTime (<see cref="MeterReading.At"/>).</summary>
[BatchContext(MaxDegreeOfParallelism = 2, DurableJson = typeof(DurableKeyJson))]
public sealed partial class MeterReadingBatch
{
    [BatchItems] public IReadOnlyList<MeterReading> Readings { get; init; } = [];

    [BatchItem] public MeterReading Reading { get; set; } = null!;

    [ItemOutput] public int Doubled { get; set; }

    [BatchOutputs] public List<int> Outputs { get; } = [];
}

namespace Floxide.Generators.Tests.Integration;

/// <summary>A durable context keyed by a nullable string (<see cref="LabeledReading.Label"/>).</summary>
[BatchContext(MaxDegreeOfParallelism = 2, DurableJson = typeof(DurableKeyJson))]
public sealed partial class LabeledReadingBatch
{
    [BatchItems] public IReadOnlyList<LabeledReading> Readings { get; init; } = [];

    [BatchItem] public LabeledReading Reading { get; set; } = null!;

    [ItemOutput] public int Doubled { get; set; }

    [BatchOutputs] public List<int> Outputs { get; } = [];
}

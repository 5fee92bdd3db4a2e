namespace Floxide.Generators.Tests.Integration;

/// <summary>A durable context keyed by a double (<see cref="RatioSample.Ratio"/>).</summary>
[BatchContext(MaxDegreeOfParallelism = 2, DurableJson = typeof(DurableKeyJson))]
public sealed partial class RatioSampleBatch
{
    [BatchItems] public IReadOnlyList<RatioSample> Samples { get; init; } = [];

    [BatchItem] public RatioSample Sample { get; set; } = null!;

    [ItemOutput] public int Doubled { get; set; }

    [BatchOutputs] public List<int> Outputs { get; } = [];
}

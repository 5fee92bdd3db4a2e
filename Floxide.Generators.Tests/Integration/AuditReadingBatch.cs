namespace Floxide.Generators.Tests.Integration;

/// <summary>A durable context keyed by a DateTime (<see cref="AuditReading.At"/>).</summary>
[BatchContext(MaxDegreeOfParallelism = 2, DurableJson = typeof(DurableKeyJson))]
public sealed partial class AuditReadingBatch
{
    [BatchItems] public IReadOnlyList<AuditReading> Readings { get; init; } = [];

    [BatchItem] public AuditReading Reading { get; set; } = null!;

    [ItemOutput] public int Doubled { get; set; }

    [BatchOutputs] public List<int> Outputs { get; } = [];
}

using Orleans;

namespace ClusterBatch;

/// <summary>One item's output and where it was computed: the reply that crosses the wire back.</summary>
[GenerateSerializer, Immutable]
public sealed record Digest
{
    /// <summary>Gets the seed.</summary>
    [Id(0)]
    public required int Seed { get; init; }

    /// <summary>Gets the final hash, in hex.</summary>
    [Id(1)]
    public required string Hash { get; init; }

    /// <summary>Gets the silo that computed it.</summary>
    [Id(2)]
    public required string Silo { get; init; }
}

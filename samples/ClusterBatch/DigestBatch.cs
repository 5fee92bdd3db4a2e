using Floxide;

namespace ClusterBatch;

/// <summary>A batch of CPU-heavy items: each seed is hashed many times over, on whichever silo runs it.</summary>
[BatchContext(MaxDegreeOfParallelism = 12)]
public sealed partial class DigestBatch
{
    /// <summary>Gets the seeds.</summary>
    [BatchItems]
    public IReadOnlyList<int> Seeds { get; init; } = [];

    /// <summary>Gets or sets the seed, in an item context: the only thing that crosses the wire to a silo.</summary>
    [BatchItem]
    public int Seed { get; set; }

    /// <summary>Gets or sets how many times each seed is hashed; the silos' own batch context sets it.</summary>
    public int Rounds { get; set; } = 20_000;

    /// <summary>Gets or sets the item's output, computed on a silo and sent back.</summary>
    [ItemOutput]
    public Digest? Digest { get; set; }

    /// <summary>Gets the outputs, in input order.</summary>
    [BatchOutputs]
    public List<Digest> Digests { get; } = [];
}

using Floxide;

namespace FilePipeline;

/// <summary>
/// The batch context: the parent holds the manifest and, afterwards, the verified files; each item
/// context holds one manifest entry and what its workflow found. The generator writes the batch
/// contract from the attributes.
/// </summary>
[BatchContext(MaxDegreeOfParallelism = 4)]
public sealed partial class ChecksumContext
{
    /// <summary>The manifest.</summary>
    [BatchItems]
    public IReadOnlyList<ManifestEntry> Manifest { get; init; } = [];

    /// <summary>The entry one item context checks.</summary>
    [BatchItem]
    public ManifestEntry Entry { get; set; } = null!;

    /// <summary>The file's SHA-256 and length, set by <see cref="HashFileNode"/>.</summary>
    public (string Sha256, long Bytes) Actual { get; set; }

    /// <summary>The verified file, set by <see cref="RecordNode"/> when the checksum matched.</summary>
    [ItemOutput]
    public VerifiedFile? Verified { get; set; }

    /// <summary>Every verified file, in manifest order.</summary>
    [BatchOutputs]
    public List<VerifiedFile> VerifiedFiles { get; } = [];

    /// <summary>The read buffer size; a setting copied into every item context.</summary>
    public int BufferSize { get; init; } = 16 * 1024;
}

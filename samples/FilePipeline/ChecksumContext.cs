using Floxide;

namespace FilePipeline;

/// <summary>
/// The batch context: the parent holds the manifest and, afterwards, the verified files; each item
/// context holds one manifest entry and its result. Shaped for the [BatchContext] generator: with
/// it, the members keep their attributes (noted below) and the three methods go away.
/// </summary>
public sealed class ChecksumContext : IBatchContext<ChecksumContext, ManifestEntry>
{
    /// <summary>The manifest ([BatchItems]).</summary>
    public IReadOnlyList<ManifestEntry> Manifest { get; init; } = null!;

    /// <summary>The entry one item context checks ([BatchItem]).</summary>
    public ManifestEntry Entry { get; set; } = null!;

    /// <summary>The verified file, set when the checksum matched ([ItemOutput]).</summary>
    public VerifiedFile? Verified { get; set; }

    /// <summary>Every verified file, in manifest order ([BatchOutputs]).</summary>
    public List<VerifiedFile> VerifiedFiles { get; init; } = null!;

    /// <summary>The read buffer size; a setting copied into every item context.</summary>
    public int BufferSize { get; set; } = 16 * 1024;

    // --- What the generator emits for the members above ---

    /// <inheritdoc/>
    public BatchItems<ManifestEntry> GetBatchItems() => new(Manifest);

    /// <inheritdoc/>
    public ChecksumContext CreateItemContext(ManifestEntry item) => new() { Entry = item, Manifest = Manifest, VerifiedFiles = VerifiedFiles, BufferSize = BufferSize };

    /// <inheritdoc/>
    public void UpdateWithResults(BatchResults<ChecksumContext, ManifestEntry> results)
    {
        foreach (var result in results)
        {
            if (result.Succeeded && result.Context!.Verified is { } verified)
            {
                VerifiedFiles.Add(verified);
            }
        }
    }
}

namespace FilePipeline;

/// <summary>What <see cref="CompareNode"/> concludes; the workflow routes on it.</summary>
public enum ChecksumVerdict
{
    /// <summary>The file's checksum is the manifest's.</summary>
    Match,

    /// <summary>The file's checksum differs from the manifest's.</summary>
    Mismatch,
}

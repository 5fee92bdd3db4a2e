using Floxide;

namespace FilePipeline;

/// <summary>Compares the file's checksum with the manifest's; synchronous, so the workflow calls it directly.</summary>
[Node(Id = "compare")]
public sealed partial class CompareNode
{
    /// <summary>Decides the verdict the workflow routes on.</summary>
    /// <param name="context">The item context.</param>
    /// <returns><see cref="ChecksumVerdict.Match"/> or <see cref="ChecksumVerdict.Mismatch"/>.</returns>
    public ChecksumVerdict Process(ChecksumContext context) =>
        string.Equals(context.Actual.Sha256, context.Entry.ExpectedSha256, StringComparison.Ordinal)
            ? ChecksumVerdict.Match
            : ChecksumVerdict.Mismatch;
}

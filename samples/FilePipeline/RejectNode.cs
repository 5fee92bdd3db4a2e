using Floxide;

namespace FilePipeline;

/// <summary>Fails the item whose file does not match the manifest; the batch goes on.</summary>
[Node(Id = "reject")]
public sealed partial class RejectNode
{
    /// <summary>Throws, so the item's result is Failed with the reason.</summary>
    /// <param name="context">The item context.</param>
    /// <exception cref="InvalidDataException">Always: the checksum differs.</exception>
    public void Process(ChecksumContext context) =>
        throw new InvalidDataException($"checksum mismatch: manifest says {context.Entry.ExpectedSha256[..12]}…, file has {context.Actual.Sha256[..12]}…");
}

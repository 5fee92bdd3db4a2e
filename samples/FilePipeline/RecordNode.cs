using Floxide;

namespace FilePipeline;

/// <summary>Records a verified file as the item's output.</summary>
[Node(Id = "record")]
public sealed partial class RecordNode
{
    /// <summary>Sets <see cref="ChecksumContext.Verified"/>.</summary>
    /// <param name="context">The item context.</param>
    public void Process(ChecksumContext context) =>
        context.Verified = new VerifiedFile(Path.GetFileName(context.Entry.Path), context.Actual.Bytes, context.Actual.Sha256);
}

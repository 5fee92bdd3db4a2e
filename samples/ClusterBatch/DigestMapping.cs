using Floxide.Orleans;

namespace ClusterBatch;

/// <summary>What crosses the wire: the seed out, the <see cref="Digest"/> back.</summary>
public sealed class DigestMapping : ItemMapping<DigestBatch, int, int, Digest?>
{
    /// <inheritdoc/>
    public override int ToRequest(DigestBatch itemContext) => itemContext.Seed;

    /// <inheritdoc/>
    public override int GetItem(int request) => request;

    /// <inheritdoc/>
    public override Digest? ToReply(DigestBatch itemContext) => itemContext.Digest;

    /// <inheritdoc/>
    public override void ApplyReply(Digest? reply, DigestBatch itemContext) => itemContext.Digest = reply;
}

namespace Floxide.Orleans.Tests;

/// <summary>Sends a <see cref="KeyedBatch"/> item's number, and brings back the key its workflow saw; the key itself is not mapped.</summary>
public sealed class KeyedMapping : ItemMapping<KeyedBatch, int, int, string?>
{
    /// <inheritdoc/>
    public override int ToRequest(KeyedBatch itemContext) => itemContext.Number;

    /// <inheritdoc/>
    public override int GetItem(int request) => request;

    /// <inheritdoc/>
    public override string? ToReply(KeyedBatch itemContext) => itemContext.SeenKey;

    /// <inheritdoc/>
    public override void ApplyReply(string? reply, KeyedBatch itemContext) => itemContext.SeenKey = reply;
}

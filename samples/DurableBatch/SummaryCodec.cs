using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Floxide;

namespace DurableBatch;

/// <summary>How the durable run identifies a document (by id) and saves and restores its summary (JSON).</summary>
internal sealed class SummaryCodec : IItemStateCodec<SummaryBatch, Document>
{
    public string? GetKey(Document item) => item.Id.ToString(CultureInfo.InvariantCulture);

    public long GetFingerprint(Document item) => ItemFingerprint.Combine(ItemFingerprint.Of(item.Id), ItemFingerprint.Of(item.Title));

    public void WriteOutputs(SummaryBatch itemContext, IBufferWriter<byte> writer)
    {
        using var json = new Utf8JsonWriter(writer);
        JsonSerializer.Serialize(json, itemContext.Summary, SummaryJson.Default.Summary);
    }

    public void ReadOutputs(SummaryBatch itemContext, ReadOnlySpan<byte> outputs) =>
        itemContext.Summary = JsonSerializer.Deserialize(outputs, SummaryJson.Default.Summary);
}

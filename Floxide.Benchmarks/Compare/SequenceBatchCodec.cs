using System.Buffers;
using System.Buffers.Binary;
using Floxide.Benchmarks.Contenders;

namespace Floxide.Benchmarks.Compare;

/// <summary>The durable scenario's codec: items by position, the 8-byte output.</summary>
public sealed class SequenceBatchCodec : IItemStateCodec<SequenceBatch, int>
{
    /// <inheritdoc/>
    public string? GetKey(int item) => null;

    /// <inheritdoc/>
    public long GetFingerprint(int item) => ItemFingerprint.Of(item);

    /// <inheritdoc/>
    public void WriteOutputs(SequenceBatch itemContext, IBufferWriter<byte> writer)
    {
        BinaryPrimitives.WriteInt64LittleEndian(writer.GetSpan(8), itemContext.Output);
        writer.Advance(8);
    }

    /// <inheritdoc/>
    public void ReadOutputs(SequenceBatch itemContext, ReadOnlySpan<byte> outputs) => itemContext.Output = BinaryPrimitives.ReadInt64LittleEndian(outputs);
}

using System.Buffers;
using System.Buffers.Binary;

namespace Floxide.Sqlite.Tests.CrashHost;

/// <summary>Items by position; the output as four bytes.</summary>
internal sealed class CrashCodec : IItemStateCodec<CrashContext, int>
{
    public string? GetKey(int item) => null;

    public long GetFingerprint(int item) => ItemFingerprint.Of(item);

    public void WriteOutputs(CrashContext itemContext, IBufferWriter<byte> writer)
    {
        BinaryPrimitives.WriteInt32LittleEndian(writer.GetSpan(4), itemContext.Output);
        writer.Advance(4);
    }

    public void ReadOutputs(CrashContext itemContext, ReadOnlySpan<byte> outputs) => itemContext.Output = BinaryPrimitives.ReadInt32LittleEndian(outputs);
}

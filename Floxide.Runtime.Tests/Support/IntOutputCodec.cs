using System.Buffers;
using System.Buffers.Binary;

namespace Floxide.Testing;

/// <summary>
/// The hand-written codec of the durable tests: an int item, fingerprinted as itself; an int output, as four bytes;
/// items by position unless <c>key</c> is given; <c>fingerprint</c> replaces the item's own. One file, linked into the
/// runtime's, the SQLite store's and the Orleans tests and the crash host, so their codecs cannot drift apart.
/// </summary>
internal sealed class IntOutputCodec<TContext>(
    Func<TContext, int> getOutput, Action<TContext, int> setOutput, Func<int, string?>? key = null, Func<int, long>? fingerprint = null) : IItemStateCodec<TContext, int>
{
    public string? GetKey(int item) => key?.Invoke(item);

    public long GetFingerprint(int item) => fingerprint?.Invoke(item) ?? ItemFingerprint.Of(item);

    public void WriteOutputs(TContext itemContext, IBufferWriter<byte> writer)
    {
        BinaryPrimitives.WriteInt32LittleEndian(writer.GetSpan(4), getOutput(itemContext));
        writer.Advance(4);
    }

    public void ReadOutputs(TContext itemContext, ReadOnlySpan<byte> outputs) => setOutput(itemContext, BinaryPrimitives.ReadInt32LittleEndian(outputs));
}

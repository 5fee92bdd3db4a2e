using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;

namespace Floxide.Runtime.Tests.Support;

/// <summary>A hand-written codec for the test contexts: an int item, an int output; keyed by the item when asked.</summary>
public sealed class IntOutputCodec<TContext>(Func<TContext, int> getOutput, Action<TContext, int> setOutput, bool keyed = false) : IItemStateCodec<TContext, int>
{
    public string? GetKey(int item) => keyed ? item.ToString(CultureInfo.InvariantCulture) : null;

    public long GetFingerprint(int item) => ItemFingerprint.Of(item);

    public void WriteOutputs(TContext itemContext, IBufferWriter<byte> writer)
    {
        BinaryPrimitives.WriteInt32LittleEndian(writer.GetSpan(4), getOutput(itemContext));
        writer.Advance(4);
    }

    public void ReadOutputs(TContext itemContext, ReadOnlySpan<byte> outputs) => setOutput(itemContext, BinaryPrimitives.ReadInt32LittleEndian(outputs));
}

public static class Codecs
{
    public static IntOutputCodec<TestContext> Test(bool keyed = false) => new(c => c.Output, (c, v) => c.Output = v, keyed);

    public static IntOutputCodec<StreamingTestContext> Streaming(bool keyed = false) => new(c => c.Output, (c, v) => c.Output = v, keyed);
}

using System.Runtime.InteropServices;

namespace Floxide;

/// <summary>
/// Stable 64-bit fingerprints (FNV-1a) for <see cref="IItemStateCodec{TContext, TItem}.GetFingerprint"/>:
/// the same input gives the same value in every process and on every platform.
/// </summary>
public static class ItemFingerprint
{
    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    /// <summary>Fingerprints bytes.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The fingerprint.</returns>
    public static long Of(ReadOnlySpan<byte> data) => (long)Mix(OffsetBasis, data);

    /// <summary>Fingerprints a string by its UTF-16 code units (null and empty differ).</summary>
    /// <param name="text">The string.</param>
    /// <returns>The fingerprint.</returns>
    public static long Of(string? text) =>
        text is null ? 0 : (long)Mix(OffsetBasis, MemoryMarshal.AsBytes(text.AsSpan()));

    /// <summary>Fingerprints a number.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The fingerprint.</returns>
    public static long Of(long value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return Of(bytes);
    }

    /// <summary>Combines two fingerprints, e.g. of an item's fields, in order.</summary>
    /// <param name="first">The first.</param>
    /// <param name="second">The second.</param>
    /// <returns>The combined fingerprint.</returns>
    public static long Combine(long first, long second)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes, second);
        return (long)Mix((ulong)first, bytes);
    }

    private static ulong Mix(ulong hash, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }
}

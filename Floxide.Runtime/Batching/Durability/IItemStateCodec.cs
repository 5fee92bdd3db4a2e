using System.Buffers;

namespace Floxide;

/// <summary>
/// How a durable batch identifies items and saves and restores one item context's outputs. Written by
/// hand for now (see docs/durability.md); the outputs are typically written with a source-generated
/// System.Text.Json context, which keeps it AOT-safe.
/// </summary>
/// <typeparam name="TContext">The batch context type.</typeparam>
/// <typeparam name="TItem">The item type.</typeparam>
/// <remarks>Called concurrently from worker threads: an implementation must be thread-safe (a stateless one is).</remarks>
public interface IItemStateCodec<TContext, TItem>
{
    /// <summary>
    /// Gets the item's key, stable across runs and unique within the batch (a run with two items of one key stops with
    /// <see cref="DuplicateItemKeyException"/>); null to identify items by their input position (for a deterministic
    /// sequence). Return null for every item or for none.
    /// </summary>
    /// <param name="item">The item.</param>
    /// <returns>The key, or null.</returns>
    string? GetKey(TItem item);

    /// <summary>
    /// Gets a fingerprint of the item, stable across processes (never <see cref="object.GetHashCode"/>):
    /// a resumed run checks that each recorded item is still the same. <see cref="ItemFingerprint"/> computes one.
    /// </summary>
    /// <param name="item">The item.</param>
    /// <returns>The fingerprint.</returns>
    long GetFingerprint(TItem item);

    /// <summary>Writes the outputs of an item context whose workflow succeeded.</summary>
    /// <param name="itemContext">The item context after its workflow ran.</param>
    /// <param name="writer">Where to write.</param>
    void WriteOutputs(TContext itemContext, IBufferWriter<byte> writer);

    /// <summary>Restores recorded outputs into a fresh item context (made by <see cref="IBatchContext{TContext, TItem}.CreateItemContext"/>).</summary>
    /// <param name="itemContext">The fresh item context.</param>
    /// <param name="outputs">What <see cref="WriteOutputs"/> wrote.</param>
    void ReadOutputs(TContext itemContext, ReadOnlySpan<byte> outputs);
}

namespace Floxide;

/// <summary>Sees every item as the serialised reader reads it, before any worker runs it: the seam "an item was read".</summary>
internal interface IItemReadObserver<TItem>
{
    /// <summary>Items <paramref name="items"/>[0..<paramref name="count"/>) were read at input positions from <paramref name="start"/>.</summary>
    void OnRead(long start, TItem[] items, int count);

    /// <summary>
    /// Whether the item at <paramref name="index"/> (already read) has a recorded result the executor will replay:
    /// it then needs no attempt of its own (no permit, no concurrency slot, no retry).
    /// </summary>
    bool HasRecordedResult(long index);
}

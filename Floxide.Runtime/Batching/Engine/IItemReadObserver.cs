namespace Floxide;

/// <summary>Sees every item as the serialised reader reads it, before any worker runs it: the seam "an item was read".</summary>
internal interface IItemReadObserver<TItem>
{
    /// <summary>Items <paramref name="items"/>[0..<paramref name="count"/>) were read at input positions from <paramref name="start"/>.</summary>
    void OnRead(long start, TItem[] items, int count);
}

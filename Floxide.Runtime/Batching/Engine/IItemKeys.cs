namespace Floxide;

/// <summary>
/// Names a durable run's items by their keys, for their spans and log events: the durable session, which knows each
/// item's identity. Asked only when a span is sampled or an event written, so an unobserved item costs nothing.
/// </summary>
internal interface IItemKeys<TItem>
{
    /// <summary>
    /// The key of <paramref name="item"/>, read at input position <paramref name="index"/>, as its codec gives it; null when
    /// items are identified by their positions (the index says it all) or the codec failed (the record reports that).
    /// </summary>
    string? KeyOf(long index, TItem item);
}

namespace Floxide;

/// <summary>
/// A run of consecutive items handed to one worker, with the slots their results go to.
/// A chunk never spans two result segments.
/// </summary>
internal readonly struct ItemChunk<TContext, TItem>(
    long start, TItem[] items, int first, int count, BatchItemResult<TContext, TItem>[] results, int resultOffset)
{
    /// <summary>The input index of the first item.</summary>
    public long Start { get; } = start;

    /// <summary>A pooled array, owned by this chunk; its items are at <see cref="First"/> and after.</summary>
    public TItem[] Items { get; } = items;

    /// <summary>Where in <see cref="Items"/> the chunk's first item is.</summary>
    public int First { get; } = first;

    public int Count { get; } = count;

    public BatchItemResult<TContext, TItem>[] Results { get; } = results;

    public int ResultOffset { get; } = resultOffset;

    /// <summary>Gets the item at position <paramref name="position"/> of the chunk.</summary>
    public TItem this[int position] => Items[First + position];

    /// <summary>The chunk's items up to and including <paramref name="position"/>, over the same arrays.</summary>
    public ItemChunk<TContext, TItem> Through(int position) => new(Start, Items, First, position + 1, Results, ResultOffset);

    /// <summary>The chunk's items from <paramref name="position"/> on; it takes over the items array.</summary>
    public ItemChunk<TContext, TItem> From(int position) =>
        new(Start + position, Items, First + position, Count - position, Results, ResultOffset + position);
}

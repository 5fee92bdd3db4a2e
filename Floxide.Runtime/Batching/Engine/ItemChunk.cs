namespace Floxide;

/// <summary>
/// A run of consecutive items handed to one worker, with the slots their results go to.
/// A chunk never spans two result segments.
/// </summary>
internal readonly struct ItemChunk<TContext, TItem>(
    long start, TItem[] items, int count, BatchItemResult<TContext, TItem>[] results, int resultOffset)
{
    /// <summary>The input index of the first item.</summary>
    public long Start { get; } = start;

    /// <summary>A pooled array; only the first <see cref="Count"/> entries are items.</summary>
    public TItem[] Items { get; } = items;

    public int Count { get; } = count;

    public BatchItemResult<TContext, TItem>[] Results { get; } = results;

    public int ResultOffset { get; } = resultOffset;
}

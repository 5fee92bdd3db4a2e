using System.Collections;

namespace Floxide;

/// <summary>Every item's result, in input order, with counts per status.</summary>
/// <typeparam name="TContext">The batch context type.</typeparam>
/// <typeparam name="TItem">The item type.</typeparam>
public sealed class BatchResults<TContext, TItem> : IReadOnlyList<BatchItemResult<TContext, TItem>>
{
    private readonly BatchItemResult<TContext, TItem>[][] _segments;
    private readonly int _segmentSize;
    private IReadOnlyList<BatchItemResult<TContext, TItem>>? _failures;

    internal BatchResults(
        BatchItemResult<TContext, TItem>[][] segments,
        int segmentSize,
        int count,
        long total,
        BatchCounts counts,
        IReadOnlyList<BatchItemResult<TContext, TItem>>? failures)
    {
        _segments = segments;
        _segmentSize = segmentSize;
        _failures = failures;
        Count = count;
        Total = total;
        Succeeded = (int)counts.Succeeded;
        Failed = (int)counts.Failed;
        Canceled = (int)counts.Canceled;
        Skipped = (int)counts.Skipped;
    }

    /// <summary>
    /// Gets the number of results held: one per item read from the source, or zero when a
    /// <see cref="IStreamingBatchContext{TContext, TItem}"/> merged them as they came.
    /// </summary>
    public int Count { get; }

    /// <summary>Gets the number of items read from the source, whether or not their results are held.</summary>
    public long Total { get; }

    /// <summary>Gets how many items succeeded.</summary>
    public int Succeeded { get; }

    /// <summary>Gets how many items failed.</summary>
    public int Failed { get; }

    /// <summary>Gets how many items were canceled.</summary>
    public int Canceled { get; }

    /// <summary>Gets how many items were skipped by a fail-fast stop.</summary>
    public int Skipped { get; }

    /// <summary>Gets the result of the item at input position <paramref name="index"/>.</summary>
    /// <param name="index">The item's input position.</param>
    public BatchItemResult<TContext, TItem> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _segments[index / _segmentSize][index % _segmentSize];
        }
    }

    /// <summary>
    /// Gets the result of every item that failed, in input order, with its item, exception and item
    /// context: also when a <see cref="IStreamingBatchContext{TContext, TItem}"/> merged the results
    /// as they came and no other result is held.
    /// </summary>
    public IReadOnlyList<BatchItemResult<TContext, TItem>> Failures => _failures ??= this.Where(r => r.Status == BatchItemStatus.Failed).ToArray();

    /// <inheritdoc/>
    public IEnumerator<BatchItemResult<TContext, TItem>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _segments[i / _segmentSize][i % _segmentSize];
        }
    }

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

using System.Collections;
using System.Collections.ObjectModel;

namespace Floxide;

/// <summary>
/// The results of a batch run, in input order. What is held depends on the context:
/// <list type="bullet">
/// <item>A plain <see cref="IBatchContext{TContext, TItem}"/> keeps every result: the list holds one
/// per item read (<see cref="Count"/> equals <see cref="Total"/>), each with its item context.</item>
/// <item>A <see cref="IStreamingBatchContext{TContext, TItem}"/> received every result through
/// <see cref="IStreamingBatchContext{TContext, TItem}.MergeResults"/> as they came, so the list is
/// empty (<see cref="Count"/> is zero) and only the failed results are kept, in <see cref="Failures"/>.</item>
/// </list>
/// In both, the counts cover every item read and <see cref="Failures"/> holds every failed result,
/// with its item, exception and item context, so a failure is never invisible.
/// </summary>
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
        IList<BatchItemResult<TContext, TItem>>? failures,
        long resumed = 0)
    {
        _segments = segments;
        _segmentSize = segmentSize;
        _failures = failures is null ? null : new ReadOnlyCollection<BatchItemResult<TContext, TItem>>(failures); // the merge's, final by now
        Count = count;
        Total = total;
        Succeeded = counts.Succeeded;
        Failed = counts.Failed;
        Canceled = counts.Canceled;
        Skipped = counts.Skipped;
        Resumed = resumed;
    }

    /// <summary>
    /// Gets the number of results held in the list: one per item read from the source, or zero when a
    /// <see cref="IStreamingBatchContext{TContext, TItem}"/> merged them as they came (see <see cref="Failures"/>).
    /// </summary>
    public int Count { get; }

    /// <summary>Gets the number of items read from the source, whether or not their results are held.</summary>
    public long Total { get; }

    /// <summary>Gets how many items succeeded.</summary>
    public long Succeeded { get; }

    /// <summary>Gets how many items failed.</summary>
    public long Failed { get; }

    /// <summary>Gets how many items were canceled.</summary>
    public long Canceled { get; }

    /// <summary>Gets how many items the batch's own stop (fail-fast, a failed merge or store) kept from finishing (<see cref="BatchItemStatus.Skipped"/>).</summary>
    public long Skipped { get; }

    /// <summary>
    /// Gets how many items a durable run restored from their records instead of running them (succeeded items with their
    /// outputs, and failed ones replaying their recorded failure), counted among the statuses above; zero for other runs.
    /// </summary>
    public long Resumed { get; }

    /// <summary>
    /// Gets the count of each status, as <see cref="ToString"/> and <see cref="BatchReport{TContext, TItem}.ToString"/> print
    /// them: "2 succeeded, 0 failed, 0 canceled, 0 skipped", then how many were resumed, when any were.
    /// </summary>
    internal string StatusCounts =>
        $"{Succeeded} succeeded, {Failed} failed, {Canceled} canceled, {Skipped} skipped" + (Resumed == 0 ? "" : $" ({Resumed} of them resumed)");

    /// <summary>Prints the counts, e.g. "3 items: 2 succeeded, 1 failed, 0 canceled, 0 skipped (2 of them resumed)".</summary>
    /// <returns>The counts.</returns>
    public override string ToString() => $"{Total} items: {StatusCounts}";

    /// <summary>Gets the result of the item at input position <paramref name="index"/>; only when results are kept.</summary>
    /// <param name="index">The item's input position.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="Count"/> (always, when results were streamed).</exception>
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
    public IReadOnlyList<BatchItemResult<TContext, TItem>> Failures => _failures ??= Array.AsReadOnly(this.Where(r => r.Status == BatchItemStatus.Failed).ToArray());

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

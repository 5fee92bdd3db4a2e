namespace Floxide;

/// <summary>
/// A stretch of <see cref="StreamingMerge{TContext, TItem}"/>'s ring: result slots and, at the first slot of
/// each finished run, the run's length. Allocated when the reader first reaches it and reused once merged, so
/// the ring's memory follows how far the reader actually runs ahead, not the window it may run ahead.
/// </summary>
internal sealed class RingSegment<TContext, TItem>(int size)
{
    public BatchItemResult<TContext, TItem>[] Results { get; } = new BatchItemResult<TContext, TItem>[size];

    public int[] FinishedRuns { get; } = new int[size];

    /// <summary>Gets or sets the next segment of the reader's free list; only the reader touches it.</summary>
    public RingSegment<TContext, TItem>? NextFree { get; set; }
}

namespace Floxide;

/// <summary>
/// Where a run's results go: slots claimed by the serialised reader as it reads, filled by the
/// workers, and handed back a finished run at a time.
/// </summary>
internal interface IResultSink<TContext, TItem>
{
    /// <summary>Gets the array holding the slot of input index <paramref name="start"/>, and the slot's offset in it.</summary>
    BatchItemResult<TContext, TItem>[] Claim(long start, out int offset);

    /// <summary>How many slots follow <paramref name="start"/> in its array: a chunk never spans two arrays.</summary>
    int RoomAfter(long start);

    /// <summary>
    /// The seam "results are finished": the <paramref name="count"/> slots of <paramref name="results"/>
    /// from <paramref name="offset"/> hold final results (not necessarily the oldest ones).
    /// </summary>
    void RunFinished(BatchItemResult<TContext, TItem>[] results, int offset, int count);
}

namespace Floxide;

/// <summary>A snapshot of a running batch, reported at most every 100 ms and once at the end.</summary>
/// <param name="Completed">Items that ran to the end so far, succeeded or failed. Canceled and skipped items are not completed.</param>
/// <param name="Failed">Of the completed items, those that failed.</param>
/// <param name="Canceled">Items canceled so far: never started because the batch was canceled, or stopped by the cancellation.</param>
/// <param name="Skipped">Items the batch's own stop (fail-fast, a failed merge or store) kept from finishing (<see cref="BatchItemStatus.Skipped"/>).</param>
/// <param name="Total">The number of items, when known without enumerating the source.</param>
/// <remarks>Every item read ends in exactly one of completed, canceled or skipped; at the end they add up to the items read.</remarks>
public readonly record struct BatchProgress(long Completed, long Failed, long Canceled, long Skipped, long? Total)
{
    /// <summary>
    /// Gets how many items may run at once right now: <see cref="BatchOptions.MaxDegreeOfParallelism"/>,
    /// or with <see cref="BatchOptions.AdaptiveConcurrency"/> the level the batch has adapted to (never above it).
    /// </summary>
    public int ConcurrencyLevel { get; init; }

    /// <summary>
    /// Gets when the batch starts attempts again while it waits out what a throttled service asked for
    /// (<see cref="AdaptiveConcurrency.RetryAfter"/>), on <see cref="BatchOptions.TimeProvider"/>'s clock; null when it
    /// is not paused.
    /// </summary>
    public DateTimeOffset? PausedUntil { get; init; }

    /// <summary>
    /// Gets how many of the <see cref="Completed"/> items a durable run restored from its store's records instead of
    /// running them (as <see cref="BatchReport{TContext, TItem}.Resumed"/> counts them at the end); zero otherwise.
    /// </summary>
    public long Resumed { get; init; }

    /// <summary>
    /// Gets, for a batch canceled with a <see cref="BatchOptions.CancellationGracePeriod"/>, when the attempts still running
    /// see their token canceled, on <see cref="BatchOptions.TimeProvider"/>'s clock: the cancellation's moment plus the
    /// period, <see cref="DateTimeOffset.MaxValue"/> for one that waits for them all, or the moment the batch's own stop (or
    /// a stream's consumer that left) cut the period short. Null until the batch drains; once set, it stays (in the end's
    /// report too).
    /// </summary>
    public DateTimeOffset? DrainingUntil { get; init; }
}

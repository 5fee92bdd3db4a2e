namespace Floxide;

/// <summary>
/// Makes one batch run durable: finished items are recorded in <see cref="Store"/> under
/// <see cref="BatchId"/>, and a rerun with the same id restores them instead of running them again.
/// </summary>
/// <typeparam name="TContext">The batch context type.</typeparam>
/// <typeparam name="TItem">The item type.</typeparam>
/// <remarks>
/// See the README's "Durable batches" for what a durable run guarantees. A record, so the run a generated
/// <c>CreateDurableRun</c> returns takes settings with <c>with</c>:
/// <c>X.CreateDurableRun(store, id) with { RetryFailed = true, LeaseWaitTimeout = TimeSpan.FromSeconds(30) }</c>.
/// </remarks>
public sealed record DurableRun<TContext, TItem>
{
    /// <summary>Creates a durable run.</summary>
    /// <param name="store">Where items are recorded.</param>
    /// <param name="batchId">The batch's id: the same id resumes, a new one starts afresh.</param>
    /// <param name="codec">How items are identified and their outputs saved and restored.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="codec"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="batchId"/> is null or empty.</exception>
    public DurableRun(IBatchStore store, string batchId, IItemStateCodec<TContext, TItem> codec)
    {
        Store = store ?? throw new ArgumentNullException(nameof(store));
        BatchId = string.IsNullOrEmpty(batchId) ? throw new ArgumentException("A durable run needs a batch id.", nameof(batchId)) : batchId;
        Codec = codec ?? throw new ArgumentNullException(nameof(codec));
    }

    /// <summary>Gets where items are recorded.</summary>
    public IBatchStore Store { get; }

    /// <summary>Gets the batch's id.</summary>
    public string BatchId { get; }

    /// <summary>Gets how items are identified and their outputs saved and restored.</summary>
    public IItemStateCodec<TContext, TItem> Codec { get; }

    /// <summary>
    /// Gets whether items recorded as failed run again; false (the default) replays their recorded
    /// failure (a <see cref="RecordedItemFailureException"/>) without running them. A failed item that has a key (the
    /// codec's <c>GetKey</c>, <c>[ItemKey]</c>) runs again even when its input changed since (a corrected input), where
    /// any other recorded item, and one identified by its position, would stop the run with a
    /// <see cref="DurableSourceChangedException"/>.
    /// </summary>
    public bool RetryFailed { get; init; }

    /// <summary>
    /// Gets whether an item with a key (the codec's <c>GetKey</c>, <c>[ItemKey]</c>) whose input changed since it was
    /// recorded runs again as it is now, its record replaced when it finishes, instead of stopping the run with a
    /// <see cref="DurableSourceChangedException"/>; false (the default) stops it. For runs over a source that is edited
    /// between runs (a folder whose files change): the new and the changed items run, the others are restored. Items
    /// identified by their position keep the check (there a changed item and one that moved look the same), and records
    /// of items no longer in the source stay. A changed item keeps its <see cref="IDurableItemContext.ItemKey"/>: a
    /// service that binds an idempotency key to the first request it saw would answer the changed one with the old
    /// response, so send such a service a key that includes the input (the codec's fingerprint, a version).
    /// </summary>
    public bool RunChangedItems { get; init; }

    /// <summary>
    /// Gets how long the run's lease lasts without a commit; the run renews it well before. Defaults to 15 seconds; more
    /// than zero and at most a day.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero, a negative time or more than a day.</exception>
    public TimeSpan LeaseDuration
    {
        get;
        init => field = value > TimeSpan.Zero && value <= MaximumWait
            ? value
            : throw new ArgumentOutOfRangeException(nameof(LeaseDuration), value, $"A lease must last more than zero and at most a day; {value} was given.");
    } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Gets how long to wait for another owner's lease to end (to be released, or to expire, say, of a process that was
    /// killed) before failing with <see cref="BatchLeaseException"/>; zero (the default) fails at once, and at most a day.
    /// The run asks the store again at least once a second meanwhile.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative time or more than a day.</exception>
    public TimeSpan LeaseWaitTimeout
    {
        get;
        init => field = value >= TimeSpan.Zero && value <= MaximumWait
            ? value
            : throw new ArgumentOutOfRangeException(nameof(LeaseWaitTimeout), value, $"The wait for a lease must be from zero to a day; {value} was given.");
    }

    /// <summary>
    /// Gets the clock the run renews its lease and waits for another run's lease on; null (the default) for the batch's
    /// own, <see cref="BatchOptions.TimeProvider"/>, so one clock a test gives the batch drives both. (The store keeps
    /// the leases' expiry on its own clock: give a test's store the same one.)
    /// </summary>
    public TimeProvider? TimeProvider { get; init; }

    // Longer would be no lease a rerun could wait out, and past what a timer can wait for a third of it.
    private static readonly TimeSpan MaximumWait = TimeSpan.FromDays(1);
}

using Microsoft.Extensions.Logging;

namespace Floxide;

/// <summary>
/// Floxide's log events, source-generated (no boxing, no formatting unless the level is enabled). They are written
/// to the category <see cref="Category"/> of <see cref="BatchOptions.LoggerFactory"/>; without one nothing is logged.
/// </summary>
internal static partial class BatchLog
{
    /// <summary>The logger category of batch events.</summary>
    public const string Category = "Floxide.Batch";

    // One event may have two wordings, for a value that is not always there (the count, the step): each wording reads
    // naturally, and the event keeps its id, name and property names (the missing value is null). The generator warns
    // about an event name used twice and a property left out of a wording; both are meant here. It names a property
    // left out of the wording after its parameter, so that parameter is spelt as the property is.
#pragma warning disable SYSLIB1025, SYSLIB1015

    [LoggerMessage(EventId = 1, EventName = "BatchStarted", Level = LogLevel.Information,
        Message = "Batch {BatchId} started: {ItemsTotal} items known, at most {Parallelism} at a time")]
    public static partial void StartedWithCount(ILogger logger, string batchId, long? itemsTotal, int parallelism);

    [LoggerMessage(EventId = 1, EventName = "BatchStarted", Level = LogLevel.Information,
        Message = "Batch {BatchId} started: the number of items is not known up front, at most {Parallelism} at a time")]
    public static partial void StartedWithoutCount(ILogger logger, string batchId, long? ItemsTotal, int parallelism);

    [LoggerMessage(EventId = 2, EventName = "BatchFinished", Level = LogLevel.Information,
        Message = "Batch {BatchId} finished in {DurationSeconds:0.###} s: {Succeeded} succeeded, {Failed} failed, {Canceled} canceled, {Skipped} skipped")]
    public static partial void Finished(ILogger logger, string batchId, double durationSeconds, long succeeded, long failed, long canceled, long skipped);

    [LoggerMessage(EventId = 3, EventName = "ItemFailed", Level = LogLevel.Warning,
        Message = "Batch {BatchId}: item {ItemIndex} failed in step {FailedStepId}")]
    public static partial void ItemFailedInStep(ILogger logger, string batchId, long itemIndex, string? failedStepId, string? FailedOutsideSteps, Exception exception);

    [LoggerMessage(EventId = 3, EventName = "ItemFailed", Level = LogLevel.Warning,
        Message = "Batch {BatchId}: item {ItemIndex} failed")]
    public static partial void ItemFailedOutsideSteps(ILogger logger, string batchId, long itemIndex, string? FailedStepId, string? FailedOutsideSteps, Exception exception);

    [LoggerMessage(EventId = 3, EventName = "ItemFailed", Level = LogLevel.Warning,
        Message = "Batch {BatchId}: item {ItemIndex} failed outside its steps: {FailedOutsideSteps}")]
    public static partial void ItemFailedInExecutor(ILogger logger, string batchId, long itemIndex, string? FailedStepId, string? failedOutsideSteps, Exception exception);

    [LoggerMessage(EventId = 12, EventName = "BatchDraining", Level = LogLevel.Information,
        Message = "Batch {BatchId} was canceled: it starts no further item or attempt, and the attempts running have {GraceSeconds:0.###} s to finish")]
    public static partial void DrainingFor(ILogger logger, string batchId, double? graceSeconds);

    [LoggerMessage(EventId = 12, EventName = "BatchDraining", Level = LogLevel.Information,
        Message = "Batch {BatchId} was canceled: it starts no further item or attempt, and the attempts running go on to their end")]
    public static partial void DrainingToTheEnd(ILogger logger, string batchId, double? GraceSeconds);

#pragma warning restore SYSLIB1025, SYSLIB1015

    [LoggerMessage(EventId = 4, EventName = "BatchCanceled", Level = LogLevel.Warning,
        Message = "Batch {BatchId} was canceled after {DurationSeconds:0.###} s: {Completed} items completed, {Canceled} canceled")]
    public static partial void Canceled(ILogger logger, string batchId, double durationSeconds, long completed, long canceled);

    [LoggerMessage(EventId = 5, EventName = "BatchSourceFailed", Level = LogLevel.Error,
        Message = "Batch {BatchId}: reading its items failed after {ItemsRead} items")]
    public static partial void SourceFailed(ILogger logger, string batchId, long itemsRead, Exception exception);

    [LoggerMessage(EventId = 6, EventName = "BatchStopped", Level = LogLevel.Warning,
        Message = "Batch {BatchId} stopped at the failure of item {ItemIndex} (fail-fast): {Skipped} items skipped")]
    public static partial void Stopped(ILogger logger, string batchId, long itemIndex, long skipped);

    [LoggerMessage(EventId = 7, EventName = "BatchFailed", Level = LogLevel.Error,
        Message = "Batch {BatchId} failed after {DurationSeconds:0.###} s")]
    public static partial void Failed(ILogger logger, string batchId, double durationSeconds, Exception exception);

    [LoggerMessage(EventId = 8, EventName = "BatchPaused", Level = LogLevel.Warning,
        Message = "Batch {BatchId} paused until {PausedUntil:O}: an attempt of item {ItemIndex} was throttled and asked to wait {WaitSeconds:0.###} s")]
    public static partial void Paused(ILogger logger, string batchId, DateTimeOffset pausedUntil, long itemIndex, double waitSeconds);

    [LoggerMessage(EventId = 9, EventName = "DurableBatchOpened", Level = LogLevel.Information,
        Message = "Batch {BatchId} runs as durable batch {DurableBatchId}: items an earlier run recorded are restored, not run again")]
    public static partial void DurableBatchOpened(ILogger logger, string batchId, string durableBatchId);

    [LoggerMessage(EventId = 10, EventName = "ItemFailureRestored", Level = LogLevel.Debug,
        Message = "Batch {BatchId}: item {ItemIndex} failed in an earlier run; its recorded failure is restored, not run again")]
    public static partial void ItemFailureRestored(ILogger logger, string batchId, long itemIndex, Exception exception);

    [LoggerMessage(EventId = 11, EventName = "DurableBatchWaitingForLease", Level = LogLevel.Information,
        Message = "Batch {BatchId} waits for durable batch {DurableBatchId}: another writer ({LeaseHolder}) holds its lease, which expires at {LeaseExpiresAt:O}; the run waits at most {LeaseWaitSeconds:0.###} s")]
    public static partial void WaitingForLease(ILogger logger, string batchId, string durableBatchId, string? leaseHolder, DateTimeOffset leaseExpiresAt, double leaseWaitSeconds);

    [LoggerMessage(EventId = 13, EventName = "DurableLeaseNotReleased", Level = LogLevel.Warning,
        Message = "Batch {BatchId}: the lease of durable batch {DurableBatchId} could not be released; everything finished is committed, and the lease expires at {LeaseExpiresAt:O}: a run of the batch before then waits for it (DurableRun.LeaseWaitTimeout) or fails with BatchLeaseException")]
    public static partial void LeaseNotReleased(ILogger logger, string batchId, string durableBatchId, DateTimeOffset leaseExpiresAt, Exception exception);

    /// <summary>The <c>DurableLeaseNotReleased</c> event; a logger that throws does not reach the run, whose items are committed.</summary>
    public static void LeaseNotReleasedBestEffort(ILogger? logger, string batchId, BatchLease lease, Exception exception) =>
        BestEffort(logger, (batchId, lease, exception), static (logger, e) => LeaseNotReleased(logger, e.batchId, e.lease.BatchId, e.lease.ExpiresAt, e.exception));

    /// <summary>The <c>BatchStarted</c> event, in the wording that fits whether the number of items is known.</summary>
    public static void Started(ILogger logger, string batchId, long? itemsTotal, int parallelism)
    {
        if (itemsTotal is null)
        {
            StartedWithoutCount(logger, batchId, itemsTotal, parallelism);
        }
        else
        {
            StartedWithCount(logger, batchId, itemsTotal, parallelism);
        }
    }

    // Best effort: these events are written while the engine acts on what they describe (an item's failure, a pause
    // already in place, the run's own error). A logging provider that throws there (a factory's logger rethrows its
    // providers' errors together) must not fail the attempt, cost the results of the chunk around it, skip a fail-fast
    // stop, nor replace the run's error, so its error is dropped. BatchFinished is not among them (see BatchRun.RunAsync).

    /// <summary>
    /// The run's error, best effort: <see cref="Canceled"/> for a cancellation, <see cref="SourceFailed"/> when reading
    /// the items failed, else <see cref="Failed"/>; nothing without a logger.
    /// </summary>
    public static void RunFailedBestEffort(ILogger? logger, string batchId, Exception exception, double durationSeconds, long completed, long canceled) =>
        BestEffort(logger, (batchId, exception, durationSeconds, completed, canceled), static (logger, e) =>
        {
            switch (e.exception)
            {
                case OperationCanceledException:
                    Canceled(logger, e.batchId, e.durationSeconds, e.completed, e.canceled);
                    break;
                case BatchSourceException source:
                    SourceFailed(logger, e.batchId, source.ItemsRead, source.InnerException ?? source);
                    break;
                default:
                    Failed(logger, e.batchId, e.durationSeconds, e.exception);
                    break;
            }
        });

    /// <summary>
    /// The <c>BatchDraining</c> event, best effort (it is written on the thread that canceled the batch), in the wording
    /// that fits a finite grace period or none; nothing without a logger.
    /// </summary>
    public static void DrainingBestEffort(ILogger? logger, string batchId, TimeSpan grace) =>
        BestEffort(logger, (batchId, grace), static (logger, e) =>
        {
            if (e.grace == Timeout.InfiniteTimeSpan)
            {
                DrainingToTheEnd(logger, e.batchId, null);
            }
            else
            {
                DrainingFor(logger, e.batchId, e.grace.TotalSeconds);
            }
        });

    // The event's values travel as a tuple to a static lambda: nothing is allocated per call.
    private static void BestEffort<TEvent>(ILogger? logger, TEvent values, Action<ILogger, TEvent> log)
    {
        if (logger is null)
        {
            return;
        }

        try
        {
            log(logger, values);
        }
        catch (Exception)
        {
            // The provider's error is not the engine's (see the note above the wrappers).
        }
    }

    // The keyed wordings of the per-item events (written by BatchLog.ItemEvents.cs). Second wordings of events, as above:
    // the generator's warnings about a reused event name, and a property left out of a wording, are meant here too.
#pragma warning disable SYSLIB1025, SYSLIB1015

    [LoggerMessage(EventId = 3, EventName = "ItemFailed", Level = LogLevel.Warning,
        Message = "Batch {BatchId}: item {ItemIndex} (key '{ItemKey}') failed in step {FailedStepId}")]
    public static partial void KeyedItemFailedInStep(ILogger logger, string batchId, long itemIndex, string itemKey, string? failedStepId, string? FailedOutsideSteps, Exception exception);

    [LoggerMessage(EventId = 3, EventName = "ItemFailed", Level = LogLevel.Warning,
        Message = "Batch {BatchId}: item {ItemIndex} (key '{ItemKey}') failed")]
    public static partial void KeyedItemFailedOutsideSteps(ILogger logger, string batchId, long itemIndex, string itemKey, string? FailedStepId, string? FailedOutsideSteps, Exception exception);

    [LoggerMessage(EventId = 3, EventName = "ItemFailed", Level = LogLevel.Warning,
        Message = "Batch {BatchId}: item {ItemIndex} (key '{ItemKey}') failed outside its steps: {FailedOutsideSteps}")]
    public static partial void KeyedItemFailedInExecutor(ILogger logger, string batchId, long itemIndex, string itemKey, string? FailedStepId, string? failedOutsideSteps, Exception exception);

    [LoggerMessage(EventId = 8, EventName = "BatchPaused", Level = LogLevel.Warning,
        Message = "Batch {BatchId} paused until {PausedUntil:O}: an attempt of item {ItemIndex} (key '{ItemKey}') was throttled and asked to wait {WaitSeconds:0.###} s")]
    public static partial void KeyedPaused(ILogger logger, string batchId, DateTimeOffset pausedUntil, long itemIndex, string itemKey, double waitSeconds);

    [LoggerMessage(EventId = 10, EventName = "ItemFailureRestored", Level = LogLevel.Debug,
        Message = "Batch {BatchId}: item {ItemIndex} (key '{ItemKey}') failed in an earlier run; its recorded failure is restored, not run again")]
    public static partial void KeyedItemFailureRestored(ILogger logger, string batchId, long itemIndex, string itemKey, Exception exception);

#pragma warning restore SYSLIB1025, SYSLIB1015
}

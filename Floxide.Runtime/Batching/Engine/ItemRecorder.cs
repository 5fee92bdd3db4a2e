namespace Floxide;

/// <summary>
/// Writes what became of items into their slots and publishes finished runs: the home of the seam
/// "an item finished". Also times items when asked to, counts them, and stops a fail-fast batch.
/// Telemetry and logging hook in here: item counts, durations and failures, each only when listened to.
/// </summary>
internal sealed class ItemRecorder<TContext, TItem>
    where TContext : IBatchContext<TContext, TItem>
{
    private readonly string _workflowId;
    private readonly BatchStop _stop;
    private readonly bool _failFast;
    private readonly bool _timed;
    private readonly bool _keepDurations;
    private readonly TimeProvider _time;
    private readonly BatchCounts _counts;
    private readonly IResultSink<TContext, TItem> _sink;
    private readonly string _batchId;
    private readonly ItemTelemetry? _telemetry;
    private readonly ChunkFeed<TContext, TItem>? _replays;
    private readonly IItemKeys<TItem>? _keys; // a durable run's: failures name the item's key
    private readonly Microsoft.Extensions.Logging.ILogger? _logger;

    public ItemRecorder(
        BatchNode<TContext, TItem> node,
        BatchStop stop,
        BatchCounts counts,
        IResultSink<TContext, TItem> sink,
        ChunkFeed<TContext, TItem> feed)
    {
        _workflowId = node.ItemWorkflow.Id;
        _failFast = node.Options.ErrorMode == BatchErrorMode.FailFast;
        _batchId = node.Id;
        _telemetry = node.Telemetry;

        // Telemetry and logging ask which items replayed a record (a durable run's): they ran no workflow, so they get no
        // duration or attempts, and a restored failure is not a new one.
        _replays = feed.Resumable ? feed : null;
        _logger = node.Logger;
        _keys = node.Executor as IItemKeys<TItem>;
        _keepDurations = node.Options.MeasureItemDurations;
        _time = node.Options.TimeProvider;

        // The clock is read only when a result keeps the duration or the duration histogram is listened to.
        _timed = _keepDurations || _telemetry is { TimeItems: true };
        _stop = stop;
        _counts = counts;
        _sink = sink;
    }

    /// <summary>Gets whether items are timed: read once per chunk by the plain loop (see <see cref="ChunkWorker{TContext, TItem}"/>).</summary>
    public bool TimesItems => _timed;

    /// <summary>Now, when items are timed (a clock read costs about as much as a trivial item); else zero.</summary>
    public long Now() => _timed ? _time.GetTimestamp() : 0;

    /// <summary>Records an item that succeeded after an await or through its resilience, and ends its clock.</summary>
    public void Succeeded(
        long index, TItem item, TContext? itemContext, NodeAction action, BatchItemResult<TContext, TItem>[] results, int slot, ref ChunkTally tally, int attempts = 1)
    {
        results[slot] = new(index, item, BatchItemStatus.Succeeded, itemContext, action, null, _timed ? Lap(ref tally, BatchItemStatus.Succeeded, index) : TimeSpan.Zero, attempts);
        tally.Succeeded++;
    }

    /// <summary>
    /// Ends the clock of the item at <paramref name="index"/> (callers check <see cref="TimesItems"/> first): feeds the
    /// duration histogram (unless the item replayed a record, see <see cref="ChunkFeed{TContext, TItem}.Replayed"/>),
    /// returns the duration when results keep it, and starts the next item's clock at the same instant. An item that never
    /// started (<paramref name="started"/> false: canceled, skipped or timed out before its first attempt) has no duration.
    /// </summary>
    public TimeSpan Lap(ref ChunkTally tally, BatchItemStatus status, long index, Exception? error = null, bool started = true)
    {
        var now = _time.GetTimestamp();
        var duration = _time.GetElapsedTime(tally.ItemStarted, now);
        tally.ItemStarted = now;
        if (!started)
        {
            return TimeSpan.Zero;
        }

        if (_telemetry is { } telemetry && _replays?.Replayed(index, status, error) != true)
        {
            telemetry.Timed(status, duration);
        }

        return _keepDurations ? duration : TimeSpan.Zero;
    }

    /// <summary>
    /// Records an item that threw as failed; as canceled when it observed the caller's cancellation, or as skipped when it
    /// observed the batch's own stop (fail-fast, a failed merge or store) in its workflow or while it waited for an attempt.
    /// <paramref name="fromStep"/> is the exception when a step threw it (not the context factory, nor
    /// a resilience pipeline's own rejection such as a timeout).
    /// </summary>
    public void Thrown(
        long index,
        TItem item,
        TContext? itemContext,
        Exception? fromStep,
        Exception exception,
        BatchItemResult<TContext, TItem>[] results,
        int slot,
        ref ChunkTally tally,
        int attempts = 1)
    {
        var status = ThrownItemStatus.Of(exception, _stop);
        if (status == BatchItemStatus.Failed && fromStep is not null and not FloxideException)
        {
            // A single node threw: name it the way a workflow names its failing node (the result unwraps it), so
            // FailedStepId follows NodeFailedException.FailedStepOf, as item spans do.
            exception = new NodeFailedException(_workflowId, fromStep);
        }

        results[slot] = new(index, item, status, itemContext, default, exception, _timed ? Lap(ref tally, status, index, exception, attempts > 0) : TimeSpan.Zero, attempts);
        if (status != BatchItemStatus.Failed)
        {
            CountUnfinished(status);
            return;
        }

        tally.Failed++;
        if (_logger is not null)
        {
            // As the result reports the failure: what the failing step itself threw, and the step; for a failure its executor
            // made outside the steps, also where it failed (the wrapper's message, which the result unwraps). A dead letter a
            // durable run restores warned once, in the run where it failed: a rerun that restores it does not warn again.
            // A durable run's item is named by its key too.
            ref readonly var failed = ref results[slot];
            if (_replays?.Replayed(index, status, exception) == true)
            {
                BatchLog.ItemFailureRestoredBestEffort(_logger, _batchId, index, _keys, item, failed.Exception!);
            }
            else
            {
                BatchLog.ItemFailedBestEffort(_logger, _batchId, index, _keys, item, failed.FailedStepId, (exception as ItemFailedOutsideStepsException)?.Message, failed.Exception!);
            }
        }

        if (_failFast)
        {
            _counts.SetFirstFailure(index);
            _stop.StopNow();
        }
    }

    /// <summary>Records an item that never started: canceled, or skipped by the batch's own stop.</summary>
    public void NotStarted(long index, TItem item, BatchItemResult<TContext, TItem>[] results, int slot)
    {
        var canceled = _stop.CallerCanceled;
        var status = canceled ? BatchItemStatus.Canceled : BatchItemStatus.Skipped;
        results[slot] = new(index, item, status, default, default, null, TimeSpan.Zero, 0);
        CountUnfinished(status);
    }

    /// <summary>Counts an item canceled or skipped (they are counted one by one; the finished ones per run).</summary>
    private void CountUnfinished(BatchItemStatus status)
    {
        if (status == BatchItemStatus.Canceled)
        {
            _counts.AddCanceled();
        }
        else
        {
            _counts.AddSkipped();
        }

        _telemetry?.Completed(status, 1);
    }

    /// <summary>
    /// The seam "items finished": a run of consecutive slots holds final results. Counts first, so
    /// whoever sees the run (the streaming merge) sees its counts.
    /// </summary>
    public void Publish(BatchItemResult<TContext, TItem>[] results, int resultOffset, int count, in ChunkTally tally)
    {
        _counts.AddFinished(tally.Succeeded, tally.Failed);
        _telemetry?.Published<TContext, TItem>(results.AsSpan(resultOffset, count), tally.Succeeded, tally.Failed, _replays);

        _sink.RunFinished(results, resultOffset, count);
    }
}

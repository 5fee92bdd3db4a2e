using System.Diagnostics;
using Polly.Timeout;

namespace Floxide;

/// <summary>
/// What one batch run records per item, decided once when the run starts: each flag is false, and its method does
/// nothing, when nobody listens to that signal. Tag lists are built once per run, so recording allocates nothing.
/// </summary>
internal sealed class ItemTelemetry
{
    /// <summary>The status description of a timed-out attempt's span (the timeout's length is in the result's exception).</summary>
    internal const string TimedOutMessage = "The attempt timed out: a timeout in the item's resilience pipeline canceled it.";

    private readonly string _batchId;
    private readonly string _spanName;
    private readonly KeyValuePair<string, object?>[] _batchTags;
    private readonly KeyValuePair<string, object?>[][] _statusTags;
    private readonly KeyValuePair<string, object?>[][]? _resumedStatusTags; // a durable run's only

    /// <param name="batchId">The batch node's id.</param>
    /// <param name="traceItems">Whether items get spans.</param>
    /// <param name="resumable">Whether items may be resumed from records (a durable run), and counted so.</param>
    public ItemTelemetry(string batchId, bool traceItems, bool resumable)
    {
        _batchId = batchId;
        _spanName = "item " + batchId;
        _batchTags = [new(TelemetryTags.BatchId, batchId)];
        _statusTags = TagsByStatus(batchId, resumed: false);
        _resumedStatusTags = resumable ? TagsByStatus(batchId, resumed: true) : null;
        TraceItems = traceItems;
        CountItems = FloxideInstruments.ItemsCompleted.Enabled;
        TimeItems = FloxideInstruments.ItemDuration.Enabled;
        TrackActive = FloxideInstruments.ItemsActive.Enabled;
        CountAttempts = FloxideInstruments.ItemAttempts.Enabled || FloxideInstruments.ItemRetries.Enabled;
    }

    /// <summary>Gets whether items resumed from records (a durable run's) are told apart from items that ran.</summary>
    public bool CountsResumed => _resumedStatusTags is not null;

    /// <summary>Gets whether items get spans: the batch's span is recorded (a listener may still sample items out).</summary>
    public bool TraceItems { get; }

    /// <summary>Gets whether finished items are counted.</summary>
    public bool CountItems { get; }

    /// <summary>Gets whether item durations are recorded: only then does the engine read the clock for them.</summary>
    public bool TimeItems { get; }

    /// <summary>Gets whether running items are counted as they start and end.</summary>
    public bool TrackActive { get; }

    /// <summary>Gets whether attempts and retries are counted (from the results, once per published run of items).</summary>
    public bool CountAttempts { get; }

    /// <summary>Gets whether items must be seen as they start and end, which the item executor's seam does.</summary>
    public bool WrapsExecution => TraceItems || TrackActive;

    /// <summary>Counts <paramref name="count"/> items that ended in <paramref name="status"/>.</summary>
    public void Completed(BatchItemStatus status, long count)
    {
        if (CountItems && count > 0)
        {
            FloxideInstruments.ItemsCompleted.Add(count, _statusTags[(int)status]);
        }
    }

    /// <summary>
    /// Counts a published run of results: <paramref name="succeeded"/> and <paramref name="failed"/> items finished (as
    /// the worker tallied them), and the attempts and retries of those that ran. The items that replayed a recorded
    /// result (<see cref="ChunkFeed{TContext, TItem}.Replayed"/>) are told apart: counted as resumed, with no attempts,
    /// since no workflow ran. Called before the results reach a durable session, which still knows them then.
    /// </summary>
    public void Published<TContext, TItem>(ReadOnlySpan<BatchItemResult<TContext, TItem>> results, long succeeded, long failed, ChunkFeed<TContext, TItem>? replays)
        where TContext : IBatchContext<TContext, TItem>
    {
        long resumedSucceeded = 0, resumedFailed = 0;
        if (CountAttempts || (CountItems && replays is not null))
        {
            foreach (ref readonly var result in results)
            {
                if (replays?.Replayed(result.Index, result.Status, result.Exception) == true)
                {
                    if (result.Status == BatchItemStatus.Succeeded)
                    {
                        resumedSucceeded++;
                    }
                    else
                    {
                        resumedFailed++;
                    }
                }
                else if (CountAttempts && result.Attempts > 0)
                {
                    var tags = _statusTags[(int)result.Status];
                    FloxideInstruments.ItemAttempts.Add(result.Attempts, tags);
                    if (result.Attempts > 1)
                    {
                        FloxideInstruments.ItemRetries.Add(result.Attempts - 1, tags);
                    }
                }
            }
        }

        Completed(BatchItemStatus.Succeeded, succeeded - resumedSucceeded);
        Completed(BatchItemStatus.Failed, failed - resumedFailed);
        if (CountItems && resumedSucceeded + resumedFailed > 0)
        {
            AddResumed(BatchItemStatus.Succeeded, resumedSucceeded);
            AddResumed(BatchItemStatus.Failed, resumedFailed);
        }
    }

    /// <summary>Records an item's duration.</summary>
    public void Timed(BatchItemStatus status, TimeSpan duration)
    {
        if (TimeItems)
        {
            FloxideInstruments.ItemDuration.Record(duration.TotalSeconds, _statusTags[(int)status]);
        }
    }

    /// <summary>An item starts: counts it running and starts its span (when sampled), which becomes current.</summary>
    public Activity? ItemStarting(long index)
    {
        if (TrackActive)
        {
            FloxideInstruments.ItemsActive.Add(1, _batchTags);
        }

        if (!TraceItems)
        {
            return null;
        }

        var activity = FloxideInstruments.Source.StartActivity(_spanName, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.BatchId, _batchId);
            activity.SetTag(TelemetryTags.ItemIndex, index);
        }

        return activity;
    }

    /// <summary>
    /// An attempt of an item ended in <paramref name="status"/> (as the item's result would say, were it the item's last
    /// attempt), with <paramref name="error"/> when it threw: a failed one makes its span an error the way the result
    /// reports it, by what the failing step itself threw and the step's id (a single node is its own step); one its executor
    /// failed outside the steps is described by the executor's message.
    /// </summary>
    public void ItemEnded(Activity? activity, BatchItemStatus status, Exception? error, string itemWorkflowId)
    {
        if (Ending(activity, status) is not { } span)
        {
            return;
        }

        if (status == BatchItemStatus.Failed && error is not null)
        {
            if (NodeFailedException.FailedStepOf(error, itemWorkflowId) is { } stepId)
            {
                span.SetTag(TelemetryTags.StepId, stepId);
            }

            // A failure its executor made outside the steps is reported by what failed, described by where it failed (the
            // wrapper's message, say how many calls to a cluster were lost), which the result leaves out.
            BatchTelemetry.RecordError(span, NodeFailedException.ThrownByStep(error), (error as ItemFailedOutsideStepsException)?.Message);
        }

        span.Stop();
    }

    /// <summary>
    /// An attempt of an item ended as a timeout in its resilience pipeline stopped it (<see cref="ThrownItemStatus.TimedOut"/>):
    /// failed, and its span an error the way the item's result reports a timeout, by Polly's
    /// <see cref="TimeoutRejectedException"/> (made here, with <paramref name="canceled"/> as its inner exception as Polly's
    /// has: Polly makes its own only outside the attempt) and the step the timeout canceled, when it canceled one.
    /// </summary>
    /// <param name="activity">The attempt's span, if any.</param>
    /// <param name="canceled">The cancellation the attempt ended with, as the pipeline saw it.</param>
    /// <param name="stepId">The step the cancellation came out of (<see cref="CanceledSteps.StepOf"/>); null for none.</param>
    public void ItemTimedOut(Activity? activity, Exception canceled, string? stepId)
    {
        if (Ending(activity, BatchItemStatus.Failed) is { } span)
        {
            if (stepId is not null)
            {
                span.SetTag(TelemetryTags.StepId, stepId);
            }

            BatchTelemetry.RecordError(span, new TimeoutRejectedException(TimedOutMessage, canceled));
            span.Stop();
        }
    }

    /// <summary>An attempt ends in <paramref name="status"/>: counted out of the running ones, and its span (if any) tagged so.</summary>
    private Activity? Ending(Activity? activity, BatchItemStatus status)
    {
        if (TrackActive)
        {
            FloxideInstruments.ItemsActive.Add(-1, _batchTags);
        }

        activity?.SetTag(TelemetryTags.ItemStatus, TelemetryTags.StatusValue(status));
        return activity;
    }

    /// <summary>The tags of <c>items.completed</c> for each status, with <c>floxide.item.resumed</c> when <paramref name="resumed"/>.</summary>
    private static KeyValuePair<string, object?>[][] TagsByStatus(string batchId, bool resumed) =>
        [.. Enum.GetValues<BatchItemStatus>().Select(status => resumed
            ? new KeyValuePair<string, object?>[] { new(TelemetryTags.BatchId, batchId), new(TelemetryTags.ItemStatus, TelemetryTags.StatusValue(status)), new(TelemetryTags.ItemResumed, true) }
            : [new(TelemetryTags.BatchId, batchId), new(TelemetryTags.ItemStatus, TelemetryTags.StatusValue(status))])];

    private void AddResumed(BatchItemStatus status, long count)
    {
        if (count > 0)
        {
            FloxideInstruments.ItemsCompleted.Add(count, _resumedStatusTags![(int)status]);
        }
    }
}

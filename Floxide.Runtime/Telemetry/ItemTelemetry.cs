using System.Diagnostics;

namespace Floxide;

/// <summary>
/// What one batch run records per item, decided once when the run starts: each flag is false, and its method does
/// nothing, when nobody listens to that signal. Tag lists are built once per run, so recording allocates nothing.
/// </summary>
internal sealed class ItemTelemetry
{
    private readonly string _batchId;
    private readonly string _spanName;
    private readonly KeyValuePair<string, object?>[] _batchTags;
    private readonly KeyValuePair<string, object?>[][] _statusTags;

    public ItemTelemetry(string batchId, bool traceItems)
    {
        _batchId = batchId;
        _spanName = "item " + batchId;
        _batchTags = [new(TelemetryTags.BatchId, batchId)];
        _statusTags = [.. Enum.GetValues<BatchItemStatus>().Select(status => new KeyValuePair<string, object?>[]
        {
            new(TelemetryTags.BatchId, batchId),
            new(TelemetryTags.ItemStatus, TelemetryTags.StatusValue(status)),
        })];
        TraceItems = traceItems;
        CountItems = FloxideInstruments.ItemsCompleted.Enabled;
        TimeItems = FloxideInstruments.ItemDuration.Enabled;
        TrackActive = FloxideInstruments.ItemsActive.Enabled;
        CountAttempts = FloxideInstruments.ItemAttempts.Enabled || FloxideInstruments.ItemRetries.Enabled;
    }

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

    /// <summary>Counts the attempts and retries of the items in <paramref name="results"/> (items that never started have none).</summary>
    public void Attempted<TContext, TItem>(ReadOnlySpan<BatchItemResult<TContext, TItem>> results)
        where TContext : IBatchContext<TContext, TItem>
    {
        foreach (var result in results)
        {
            if (result.Attempts > 0)
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
    /// An item ended, with <paramref name="error"/> when it threw: an exception that observed the batch's
    /// cancellation makes it canceled (as its result says), any other makes its span an error.
    /// </summary>
    public void ItemEnded(Activity? activity, Exception? error, CancellationToken batchToken)
    {
        if (TrackActive)
        {
            FloxideInstruments.ItemsActive.Add(-1, _batchTags);
        }

        if (activity is null)
        {
            return;
        }

        var status = error switch
        {
            null => BatchItemStatus.Succeeded,
            OperationCanceledException when batchToken.IsCancellationRequested => BatchItemStatus.Canceled,
            _ => BatchItemStatus.Failed,
        };
        activity.SetTag(TelemetryTags.ItemStatus, TelemetryTags.StatusValue(status));
        if (status == BatchItemStatus.Failed)
        {
            BatchTelemetry.RecordError(activity, error!);
        }

        activity.Stop();
    }
}

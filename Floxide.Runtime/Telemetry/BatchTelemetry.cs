using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Floxide;

/// <summary>
/// One batch run's span and metrics, started when the run starts and stopped when it ends. A run that nobody
/// listens to gets none (<see cref="Start"/> returns null), and then no telemetry code runs per item.
/// </summary>
internal sealed class BatchTelemetry
{
    // The runs whose progress the observable gauge reports; only runs started while it was listened to.
    private static readonly List<BatchTelemetry> Observed = [];

    private readonly string _batchId;
    private readonly BatchCounts _counts;
    private readonly Activity? _activity;
    private readonly KeyValuePair<string, object?>[] _batchTags;
    private readonly bool _countedActive;
    private readonly bool _timed;
    private long? _total;
    private bool _observed;

    private BatchTelemetry(string batchId, BatchOptions options, BatchCounts counts, string? durableBatchId, bool traced)
    {
        _batchId = batchId;
        _counts = counts;
        _batchTags = [new(TelemetryTags.BatchId, batchId)];
        _activity = traced ? FloxideInstruments.Source.StartActivity("batch " + batchId, ActivityKind.Internal) : null;
        if (_activity is { IsAllDataRequested: true })
        {
            _activity.SetTag(TelemetryTags.BatchId, batchId);
            _activity.SetTag(TelemetryTags.Parallelism, options.MaxDegreeOfParallelism);
            _activity.SetTag(TelemetryTags.ErrorMode, options.ErrorMode == BatchErrorMode.FailFast ? "fail_fast" : "continue_on_error");
            if (durableBatchId is not null)
            {
                // On the span only: a durable batch id names one batch's runs, too many values for a metric's attribute.
                _activity.SetTag(TelemetryTags.DurableBatchId, durableBatchId);
            }
        }

        var traceItems = _activity is { IsAllDataRequested: true };
        Items = traceItems || FloxideInstruments.AnyItemInstrumentEnabled ? new ItemTelemetry(batchId, traceItems, resumable: durableBatchId is not null) : null;

        if (FloxideInstruments.BatchesActive.Enabled)
        {
            _countedActive = true;
            FloxideInstruments.BatchesActive.Add(1, _batchTags);
        }

        _timed = FloxideInstruments.BatchDuration.Enabled; // the duration is the report's, on the options' clock
    }

    /// <summary>Gets what the run records per item, or null when nobody listens to anything per item.</summary>
    public ItemTelemetry? Items { get; }

    /// <summary>Starts the run's telemetry, or returns null when nobody listens to Floxide's spans or metrics.</summary>
    /// <param name="batchId">The batch node's id.</param>
    /// <param name="options">The run's options.</param>
    /// <param name="counts">The run's counts, read when it ends and by the progress gauges.</param>
    /// <param name="durableBatchId">The durable run's batch id (<see cref="DurableRun{TContext, TItem}.BatchId"/>); null when it is not durable.</param>
    public static BatchTelemetry? Start(string batchId, BatchOptions options, BatchCounts counts, string? durableBatchId)
    {
        var traced = FloxideInstruments.Source.HasListeners();
        if (!traced
            && !FloxideInstruments.BatchDuration.Enabled
            && !FloxideInstruments.BatchesActive.Enabled
            && !FloxideInstruments.Progress.Enabled
            && !FloxideInstruments.ConcurrencyLevel.Enabled
            && !FloxideInstruments.AnyItemInstrumentEnabled)
        {
            return null;
        }

        return new BatchTelemetry(batchId, options, counts, durableBatchId, traced);
    }

    /// <summary>The number of items is known (or known to be unknown): the run's progress becomes observable.</summary>
    public void Prepared(long? total)
    {
        _total = total;
        if (total is { } count)
        {
            _activity?.SetTag(TelemetryTags.ItemsTotal, count);
        }

        if (FloxideInstruments.Progress.Enabled || FloxideInstruments.ConcurrencyLevel.Enabled)
        {
            lock (Observed)
            {
                Observed.Add(this);
                _observed = true;
            }
        }
    }

    /// <summary>
    /// Ends the run's span and metrics; <paramref name="error"/> is what the run threw, if it did, and
    /// <paramref name="resumed"/> how many items a durable run restored from their records (null when not durable), and
    /// <paramref name="elapsed"/> how long it ran, on the options' clock, as its report says.
    /// </summary>
    public void Stop(Exception? error, long? resumed, TimeSpan elapsed)
    {
        if (_observed)
        {
            lock (Observed)
            {
                Observed.Remove(this);
            }
        }

        if (_countedActive)
        {
            FloxideInstruments.BatchesActive.Add(-1, _batchTags);
        }

        if (_timed)
        {
            if (error is null)
            {
                FloxideInstruments.BatchDuration.Record(elapsed.TotalSeconds, _batchTags);
            }
            else
            {
                FloxideInstruments.BatchDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>(TelemetryTags.BatchId, _batchId), new(TelemetryTags.ErrorType, ErrorType(error)));
            }
        }

        if (_activity is null)
        {
            return;
        }

        _activity.SetTag(TelemetryTags.ItemsSucceeded, _counts.Succeeded);
        _activity.SetTag(TelemetryTags.ItemsFailed, _counts.Failed);
        _activity.SetTag(TelemetryTags.ItemsCanceled, _counts.Canceled);
        _activity.SetTag(TelemetryTags.ItemsSkipped, _counts.Skipped);
        if (resumed is { } restored)
        {
            _activity.SetTag(TelemetryTags.ItemsResumed, restored);
        }
        if (error is OperationCanceledException)
        {
            // Canceled is not failed, on any Floxide span: the counts say how far the run got.
        }
        else if (error is not null)
        {
            RecordError(_activity, error);
        }
        else if (_counts.FirstFailure is { } index)
        {
            _activity.SetTag(TelemetryTags.StoppedAt, index);
            _activity.SetStatus(ActivityStatusCode.Error, $"Stopped at item {index} (fail-fast).");
        }

        _activity.Stop();
    }

    /// <summary>
    /// Marks a span as failed by <paramref name="error"/>: the exception event, error.type and status Error, described by
    /// <paramref name="description"/>, or else by the exception's message.
    /// </summary>
    public static void RecordError(Activity activity, Exception error, string? description = null)
    {
        activity.AddException(error);
        activity.SetTag(TelemetryTags.ErrorType, ErrorType(error));
        activity.SetStatus(ActivityStatusCode.Error, description ?? error.Message);
    }

    /// <summary>The progress gauge's callback: per batch id, the sum of its running runs' progress.</summary>
    public static IEnumerable<Measurement<long>> ObserveProgress()
    {
        var measurements = new List<Measurement<long>>();
        foreach (var batch in ObservedRuns())
        {
            long completed = 0, failed = 0, canceled = 0, skipped = 0, total = 0;
            var totalKnown = true;
            foreach (var run in batch)
            {
                var progress = run._counts.Progress(run._total);
                completed += progress.Completed;
                failed += progress.Failed;
                canceled += progress.Canceled;
                skipped += progress.Skipped;
                totalKnown &= progress.Total is not null;
                total += progress.Total ?? 0;
            }

            Add("completed", completed);
            Add("failed", failed);
            Add("canceled", canceled);
            Add("skipped", skipped);
            if (totalKnown)
            {
                Add("total", total);
            }

            void Add(string state, long value) =>
                measurements.Add(new(value, new KeyValuePair<string, object?>(TelemetryTags.BatchId, batch.Key), new(TelemetryTags.ProgressState, state)));
        }

        return measurements;
    }

    /// <summary>The concurrency level gauge's callback: per batch id, the sum of its running runs' levels.</summary>
    public static IEnumerable<Measurement<long>> ObserveConcurrencyLevel() =>
        ObservedRuns().Select(batch => new Measurement<long>(
            batch.Sum(run => (long)run._counts.ConcurrencyLevel), new KeyValuePair<string, object?>(TelemetryTags.BatchId, batch.Key)));

    /// <summary>The runs being observed, by batch id.</summary>
    private static IEnumerable<IGrouping<string, BatchTelemetry>> ObservedRuns()
    {
        lock (Observed)
        {
            return Observed.Count == 0 ? [] : [.. Observed.GroupBy(run => run._batchId, StringComparer.Ordinal)];
        }
    }

    /// <summary>The <c>error.type</c> of <paramref name="error"/>: its type's full name.</summary>
    internal static string ErrorType(Exception error) => error.GetType().FullName ?? error.GetType().Name;
}

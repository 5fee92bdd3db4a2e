using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Floxide;

/// <summary>
/// Writes what became of items into their slots and publishes finished runs: the home of the seam
/// "an item finished". Also times items when asked to, counts them, and stops a fail-fast batch.
/// </summary>
internal sealed class ItemRecorder<TContext, TItem>
    where TContext : IBatchContext<TContext, TItem>
{
    private readonly string _workflowId;
    private readonly CancellationToken _cancellationToken;
    private readonly CancellationTokenSource _stop;
    private readonly bool _failFast;
    private readonly bool _timed;
    private readonly BatchCounts _counts;
    private readonly IResultSink<TContext, TItem> _sink;

    public ItemRecorder(
        BatchNode<TContext, TItem> node, CancellationToken cancellationToken, CancellationTokenSource stop, BatchCounts counts, IResultSink<TContext, TItem> sink)
    {
        _workflowId = node.ItemWorkflow.Id;
        _failFast = node.Options.ErrorMode == BatchErrorMode.FailFast;
        _timed = node.Options.MeasureItemDurations;
        _cancellationToken = cancellationToken;
        _stop = stop;
        _counts = counts;
        _sink = sink;
    }

    /// <summary>Now, when items are timed (a clock read costs about as much as a trivial item); else zero.</summary>
    public long Now() => _timed ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Ends the current item's clock: returns its duration, and starts the next item's at the same instant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TimeSpan Lap(ref ChunkTally tally)
    {
        if (!_timed)
        {
            return TimeSpan.Zero;
        }

        var now = Stopwatch.GetTimestamp();
        var duration = Stopwatch.GetElapsedTime(tally.ItemStarted, now);
        tally.ItemStarted = now;
        return duration;
    }

    /// <summary>
    /// Records an item that threw as failed, or canceled when it observed the batch's cancellation.
    /// <paramref name="fromStep"/> is the exception when a step threw it (not the context factory).
    /// </summary>
    public void Thrown(
        long index,
        TItem item,
        TContext? itemContext,
        Exception? fromStep,
        Exception exception,
        BatchItemResult<TContext, TItem>[] results,
        int slot,
        ref ChunkTally tally)
    {
        var status = exception is OperationCanceledException && _cancellationToken.IsCancellationRequested
            ? BatchItemStatus.Canceled
            : BatchItemStatus.Failed;
        if (status == BatchItemStatus.Failed && fromStep is not null and not FloxideException)
        {
            // A single node threw: name it the way a workflow names its failing node (the result unwraps it).
            exception = new NodeFailedException(_workflowId, fromStep);
        }

        results[slot] = new(index, item, status, itemContext, default, exception, Lap(ref tally));
        if (status == BatchItemStatus.Canceled)
        {
            _counts.AddCanceled();
            return;
        }

        tally.Failed++;
        if (_failFast)
        {
            _counts.SetFirstFailure(index);
            _stop.Cancel();
        }
    }

    /// <summary>Records an item that never started: canceled, or skipped by a fail-fast stop.</summary>
    public void NotStarted(long index, TItem item, BatchItemResult<TContext, TItem>[] results, int slot)
    {
        var canceled = _cancellationToken.IsCancellationRequested;
        results[slot] = new(index, item, canceled ? BatchItemStatus.Canceled : BatchItemStatus.Skipped, default, default, null, TimeSpan.Zero);
        if (canceled)
        {
            _counts.AddCanceled();
        }
        else
        {
            _counts.AddSkipped();
        }
    }

    /// <summary>
    /// The seam "items finished": a run of consecutive slots holds final results. Counts first, so
    /// whoever sees the run (the streaming merge) sees its counts.
    /// </summary>
    public void Publish(BatchItemResult<TContext, TItem>[] results, int resultOffset, int count, in ChunkTally tally)
    {
        _counts.AddFinished(tally.Succeeded, tally.Failed);
        _sink.RunFinished(results, resultOffset, count);
    }
}

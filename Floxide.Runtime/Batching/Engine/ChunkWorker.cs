using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Floxide;

/// <summary>
/// The body of the loop: runs a chunk's items one after another (so at most MaxDegreeOfParallelism
/// items are ever in flight), writes each result into its slot, and publishes finished runs.
/// </summary>
/// <remarks>
/// Items that complete synchronously run in a plain loop (<see cref="RunUntilPending"/>) with no
/// async state machine in the way. When an item really awaits, the items before it are published,
/// the items after it are offered to any worker, and only that item is awaited
/// (<see cref="SplitAtPending"/>), so an awaiting item never holds the rest of its chunk hostage.
/// </remarks>
internal sealed class ChunkWorker<TContext, TItem>
    where TContext : IBatchContext<TContext, TItem>
{
    private readonly TContext _parent;
    private readonly INode<TContext> _workflow;
    private readonly IItemExecutor<TContext>? _executor;
    private readonly CancellationToken _cancellationToken;
    private readonly CancellationTokenSource _stop;
    private readonly bool _failFast;
    private readonly BatchCounts _counts;
    private readonly ChunkFeed<TContext, TItem> _feed;
    private readonly IResultSink<TContext, TItem> _sink;
    private readonly bool _timed;

    public ChunkWorker(
        BatchNode<TContext, TItem> node,
        TContext parent,
        CancellationToken cancellationToken,
        CancellationTokenSource stop,
        BatchCounts counts,
        ChunkFeed<TContext, TItem> feed,
        IResultSink<TContext, TItem> sink)
    {
        _parent = parent;
        _workflow = node.ItemWorkflow;
        _executor = node.Executor;
        _failFast = node.Options.ErrorMode == BatchErrorMode.FailFast;
        _timed = node.Options.MeasureItemDurations;
        _cancellationToken = cancellationToken;
        _stop = stop;
        _counts = counts;
        _feed = feed;
        _sink = sink;
    }

    /// <summary>The loop body: runs <paramref name="chunk"/>.</summary>
    public ValueTask ProcessChunkAsync(ItemChunk<TContext, TItem> chunk, CancellationToken loopToken)
    {
        var tally = new ChunkTally { ItemStarted = Now() };
        if (!RunUntilPending(chunk, ref tally, out var pending, out var itemContext))
        {
            FinishChunk(chunk, ref tally);
            _feed.OnChunkRanSynchronously(chunk.Count);
            return default;
        }

        var waiting = SplitAtPending(chunk, ref tally, pending, itemContext, out var rest);
        return AwaitItemAsync(waiting, rest);
    }

    /// <summary>Accounts for an item read but never started (the batch stopped first).</summary>
    public void RecordNotStarted(TItem item)
    {
        var chunk = _feed.CreateChunk([], 1);
        RecordNotStarted(chunk.Start, item, chunk.Results, chunk.ResultOffset);
        Publish(chunk.ResultOffset, 1, default);
    }

    /// <summary>Now, when items are timed (a clock read costs about as much as a trivial item); else zero.</summary>
    private long Now() => _timed ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Ends the current item's clock: returns its duration, and starts the next item's at the same instant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private TimeSpan Lap(ref ChunkTally tally)
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

    /// <summary>The seam "run one attempt of one item": the executor, or the item workflow in-process.</summary>
    private ValueTask<NodeAction> RunAttempt(TContext itemContext, long index) =>
        _executor is null
            ? _workflow.RunAsync(itemContext, _cancellationToken)
            : _executor.ExecuteAsync(_workflow, itemContext, index, _cancellationToken);

    /// <summary>
    /// Runs items from <see cref="ChunkTally.Next"/> while they complete synchronously. Returns true,
    /// with the item's pending run and context, when an item has to be awaited; false when the chunk
    /// is done or the batch stopped (<see cref="ChunkTally.Next"/> is then the first item not started).
    /// </summary>
    private bool RunUntilPending(
        ItemChunk<TContext, TItem> chunk, ref ChunkTally tally, out ValueTask<NodeAction> pending, out TContext? itemContext)
    {
        var results = chunk.Results;
        for (; tally.Next < chunk.Count; tally.Next++)
        {
            // The caller's token too: its callbacks (and continuations they run inline) may come before the linked stop's.
            if (_stop.IsCancellationRequested || _cancellationToken.IsCancellationRequested)
            {
                break;
            }

            var index = chunk.Start + tally.Next;
            var item = chunk[tally.Next];
            var context = default(TContext);
            var created = false;
            try
            {
                context = _parent.CreateItemContext(item);
                created = true;
                var run = RunAttempt(context, index);
                if (!run.IsCompletedSuccessfully)
                {
                    pending = run;
                    itemContext = context;
                    return true;
                }

                results[chunk.ResultOffset + tally.Next] = new(index, item, BatchItemStatus.Succeeded, context, run.Result, null, Lap(ref tally));
                tally.Succeeded++;
            }
            catch (Exception ex)
            {
                RecordThrown(index, item, context, created ? ex : null, ex, results, chunk.ResultOffset + tally.Next, ref tally);
            }
        }

        pending = default;
        itemContext = default;
        return false;
    }

    /// <summary>
    /// Splits a chunk at its awaiting item (<see cref="ChunkTally.Next"/>): publishes the items before
    /// it, offers the items after it to any worker (<paramref name="rest"/>, null when none), and
    /// returns the awaiting item.
    /// </summary>
    private PendingItem<TContext, TItem> SplitAtPending(
        ItemChunk<TContext, TItem> chunk, ref ChunkTally tally, ValueTask<NodeAction> pending, TContext? itemContext, out OfferedChunk<TContext, TItem>? rest)
    {
        var position = tally.Next;
        var waiting = new PendingItem<TContext, TItem>(
            chunk.Start + position, chunk[position], itemContext, pending, chunk.Results, chunk.ResultOffset + position, tally.ItemStarted);
        _feed.OnItemAwaited();
        if (position + 1 < chunk.Count)
        {
            rest = new OfferedChunk<TContext, TItem>(chunk.From(position + 1)); // takes over the items array
            _feed.Offer(rest);
        }
        else
        {
            rest = null;
            _feed.ReturnItems(chunk.Items);
        }

        if (position > 0)
        {
            Publish(chunk.ResultOffset, position, tally);
        }

        return waiting;
    }

    /// <summary>
    /// Awaits an item that did not complete synchronously; then, if no other worker took the rest
    /// of its chunk meanwhile, runs it here, as the chunk would have.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))] // once per awaiting item: reuse the box
    private async ValueTask AwaitItemAsync(PendingItem<TContext, TItem> waiting, OfferedChunk<TContext, TItem>? rest)
    {
        while (true)
        {
            var tally = new ChunkTally { ItemStarted = waiting.Started };
            try
            {
                var action = await waiting.Run.ConfigureAwait(false);
                waiting.Results[waiting.Slot] = new(
                    waiting.Index, waiting.Item, BatchItemStatus.Succeeded, waiting.Context, action, null, Lap(ref tally));
                tally.Succeeded++;
            }
            catch (Exception ex)
            {
                RecordThrown(waiting.Index, waiting.Item, waiting.Context, ex, ex, waiting.Results, waiting.Slot, ref tally);
            }

            Publish(waiting.Slot, 1, tally);
            if (rest is null || !rest.TryClaim())
            {
                return;
            }

            var chunk = rest.Chunk;
            tally = new ChunkTally { ItemStarted = Now() };
            if (!RunUntilPending(chunk, ref tally, out var pending, out var itemContext))
            {
                FinishChunk(chunk, ref tally);
                return;
            }

            waiting = SplitAtPending(chunk, ref tally, pending, itemContext, out rest);
        }
    }

    /// <summary>
    /// Records an item that threw as failed, or canceled when it observed the batch's cancellation.
    /// <paramref name="fromStep"/> is the exception when a step threw it (not the context factory).
    /// </summary>
    private void RecordThrown(
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
            exception = new NodeFailedException(_workflow.Id, fromStep);
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

    /// <summary>Accounts for the chunk's items that never started, returns its items array and publishes it.</summary>
    private void FinishChunk(ItemChunk<TContext, TItem> chunk, ref ChunkTally tally)
    {
        for (var rest = tally.Next; rest < chunk.Count; rest++)
        {
            RecordNotStarted(chunk.Start + rest, chunk[rest], chunk.Results, chunk.ResultOffset + rest);
        }

        _feed.ReturnItems(chunk.Items);
        Publish(chunk.ResultOffset, chunk.Count, tally);
    }

    private void RecordNotStarted(long index, TItem item, BatchItemResult<TContext, TItem>[] results, int slot)
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
    private void Publish(int resultOffset, int count, in ChunkTally tally)
    {
        _counts.AddFinished(tally.Succeeded, tally.Failed);
        _sink.RunFinished(resultOffset, count);
    }
}

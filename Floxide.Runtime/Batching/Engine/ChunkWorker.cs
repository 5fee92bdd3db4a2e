using System.Runtime.CompilerServices;

namespace Floxide;

/// <summary>
/// The body of the loop: runs a chunk's items one after another (so at most MaxDegreeOfParallelism
/// items are ever in flight, and with an item limiter at most that many attempts: <see cref="PermitWaits"/>), writes each
/// result into its slot, and publishes finished runs.
/// </summary>
/// <remarks>
/// Items that complete synchronously run in a plain loop (<see cref="RunUntilPending"/>) with no
/// async state machine in the way. When an item really awaits, the items before it are published,
/// the items after it are offered to any worker, and only that item is awaited
/// (<see cref="SplitAtPending"/>), so an awaiting item never holds the rest of its chunk hostage.
/// When the options ask for resilience (a pipeline, rate limiters, adaptive concurrency), each item goes through
/// <see cref="ItemResilience{TContext, TItem}"/> instead (<see cref="RunResilientUntilPending"/>); the choice is made once
/// per chunk, so a batch without them runs the plain loop unchanged. A cancellation grace period alone keeps the plain loop.
/// </remarks>
internal sealed class ChunkWorker<TContext, TItem> : IDisposable
    where TContext : IBatchContext<TContext, TItem>
{
    private readonly TContext _parent;
    private readonly AttemptRunner<TContext, TItem> _attempt;
    private readonly CancellationToken _halted;
    private readonly CancellationToken _callerToken;
    private readonly CancellationToken _itemToken;
    private readonly ChunkFeed<TContext, TItem> _feed;
    private readonly ItemRecorder<TContext, TItem> _recorder;
    private readonly ItemResilience<TContext, TItem>? _resilience;

    public ChunkWorker(
        BatchNode<TContext, TItem> node,
        TContext parent,
        BatchStop stop,
        BatchCounts counts,
        ChunkFeed<TContext, TItem> feed,
        IResultSink<TContext, TItem> sink)
    {
        _parent = parent;
        _attempt = new AttemptRunner<TContext, TItem>(node);
        _halted = stop.Halted;
        _callerToken = stop.CallerToken;
        _itemToken = stop.ItemToken;
        _feed = feed;
        _recorder = new ItemRecorder<TContext, TItem>(node, stop, counts, sink, feed);
        _resilience = ItemResilience<TContext, TItem>.For(node, parent, stop, counts, feed.Waits);
    }

    /// <summary>
    /// Gets whether the run is halted (<see cref="BatchStop.IsHalted"/>): the caller's token is read too, as its callbacks, and
    /// continuations they run inline, may come before the linked halt's. Two token reads, as before the run had two stops,
    /// from the worker's own copies of the tokens rather than through the stop.
    /// </summary>
    private bool IsHalted => _halted.IsCancellationRequested || _callerToken.IsCancellationRequested;

    /// <summary>Gets what lets items wait for an item limiter's permit without holding a worker; null without an item limiter.</summary>
    public PermitWaits? Waits => _feed.Waits;

    /// <summary>The loop body: runs <paramref name="chunk"/>, or, given an empty one, stands by for a rest still to be offered.</summary>
    /// <remarks>
    /// Never inlined: at a limit of one, <see cref="ChunkLoop"/>'s in-order loop runs once per batch, so its state machine
    /// only ever runs on-stack-replacement code. Inlined there, this body (with its resilience and telemetry branches)
    /// lost the per-chunk tiering and PGO it gets as its own method, and trivial items ran about 5% slower.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public ValueTask ProcessChunkAsync(ItemChunk<TContext, TItem> chunk, CancellationToken loopToken)
    {
        if (chunk.Count == 0)
        {
            return _feed.StandByWithChunkAsync(loopToken); // the source ended while a rest may still be offered (SequenceChunker)
        }

        var tally = new ChunkTally { ItemStarted = _recorder.Now() };
        if (!RunChunkUntilPending(chunk, ref tally, out var pending, out var itemContext, out var attempts))
        {
            FinishChunk(chunk, ref tally);
            _feed.OnChunkRanSynchronously(chunk.Count);
            return default;
        }

        var waiting = SplitAtPending(chunk, ref tally, pending, itemContext, attempts, out var rest);
        return AwaitItemAsync(waiting, rest);
    }

    /// <summary>Stops what the run's resilience still times (a pause that outlived the last attempt).</summary>
    public void Dispose() => _resilience?.Dispose();

    /// <summary>Accounts for an item read but never started (the batch stopped first).</summary>
    public void RecordNotStarted(TItem item)
    {
        var chunk = _feed.CreateChunk([], 1);
        _recorder.NotStarted(chunk.Start, item, chunk.Results, chunk.ResultOffset);
        _recorder.Publish(chunk.Results, chunk.ResultOffset, 1, default);
    }

    /// <summary>Runs the chunk's items, plainly or through the run's resilience, until one has to be awaited.</summary>
    private bool RunChunkUntilPending(
        ItemChunk<TContext, TItem> chunk,
        ref ChunkTally tally,
        out ValueTask<NodeAction> pending,
        out TContext? itemContext,
        out ItemAttempts<TContext, TItem>? attempts)
    {
        attempts = null;
        return _resilience is null
            ? RunUntilPending(chunk, ref tally, out pending, out itemContext)
            : RunResilientUntilPending(chunk, ref tally, out pending, out itemContext, out attempts);
    }

    /// <summary>
    /// Runs items from <see cref="ChunkTally.Next"/> while they complete synchronously.
    /// Returns true, with the item's pending run and context, when an item has to be awaited; false when the
    /// items are done or the batch stopped (<see cref="ChunkTally.Next"/> is then the first item not started).
    /// </summary>
    private bool RunUntilPending(
        ItemChunk<TContext, TItem> chunk, ref ChunkTally tally, out ValueTask<NodeAction> pending, out TContext? itemContext)
    {
        var results = chunk.Results;
        var timed = _recorder.TimesItems;
        for (; tally.Next < chunk.Count; tally.Next++)
        {
            var index = chunk.Start + tally.Next;
            var item = chunk[tally.Next];
            var context = default(TContext);
            var created = false;
            try
            {
                context = _parent.CreateItemContext(item);
                created = true;

                // Read once the context is made, so an item halted while it was made never starts: with a grace period its
                // token is not canceled yet, and it would run on through the period, a call started after the cancellation.
                // A halted run so drops one context in each chunk it still starts, instead of reading the tokens twice per item.
                // IsHalted, written out: the per-item path of every plain batch, kept as it was measured.
                if (_halted.IsCancellationRequested || _callerToken.IsCancellationRequested)
                {
                    break;
                }

                // It sees the run's stop for running items: the batch's own (fail-fast, a failed merge or store) at once, the
                // caller's cancellation at once or at the end of its grace period.
                var run = _attempt.RunAsync(context, index, item, _itemToken);
                if (!run.IsCompletedSuccessfully)
                {
                    pending = run;
                    itemContext = context;
                    return true;
                }

                // Written out, not through _recorder.Succeeded: this is the per-item path of every plain batch, and the
                // call (not inlined with this many arguments) cost about 24 instructions per trivial item.
                results[chunk.ResultOffset + tally.Next] = new(index, item, BatchItemStatus.Succeeded, context, run.Result, null, timed ? _recorder.Lap(ref tally, BatchItemStatus.Succeeded, index) : TimeSpan.Zero, 1);
                tally.Succeeded++;
            }
            catch (Exception ex)
            {
                if (!created && IsHalted)
                {
                    break; // its context was made for a halted run: never started, whatever the factory threw
                }

                _recorder.Thrown(index, item, context, created ? ex : null, ex, results, chunk.ResultOffset + tally.Next, ref tally);
            }
        }

        pending = default;
        itemContext = default;
        return false;
    }

    /// <summary>
    /// <see cref="RunUntilPending"/> through the run's <see cref="ItemResilience{TContext, TItem}"/>: each
    /// item's attempts (each on a fresh context) run in its pipeline, and the last one is recorded.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // out of the plain path's way: a batch without resilience never calls it
    private bool RunResilientUntilPending(
        ItemChunk<TContext, TItem> chunk,
        ref ChunkTally tally,
        out ValueTask<NodeAction> pending,
        out TContext? itemContext,
        out ItemAttempts<TContext, TItem>? attempts)
    {
        var results = chunk.Results;
        itemContext = default;
        for (; tally.Next < chunk.Count; tally.Next++)
        {
            if (IsHalted)
            {
                break;
            }

            if (_feed.HasRecordedResult(chunk.Start + tally.Next))
            {
                // A resumed item replays its record: it runs as a plain item, taking no permit, slot or retry.
                attempts = null;
                if (RunUntilPending(chunk.Through(tally.Next), ref tally, out pending, out itemContext))
                {
                    return true;
                }

                tally.Next--; // this loop's increment moves past it again; a batch that stopped meanwhile ends at the check above
                continue;
            }

            var item = new ItemAttempts<TContext, TItem>(_resilience!, chunk[tally.Next], chunk.Start + tally.Next);
            ValueTask<NodeAction> run;
            try
            {
                run = _resilience!.RunAsync(item);
            }
            catch (Exception ex)
            {
                RecordAttempts(item, default, ex, results, chunk.ResultOffset + tally.Next, ref tally);
                continue;
            }

            if (!run.IsCompletedSuccessfully)
            {
                pending = run;
                attempts = item;
                return true;
            }

            RecordAttempts(item, run.Result, null, results, chunk.ResultOffset + tally.Next, ref tally);
        }

        pending = default;
        attempts = null;
        return false;
    }

    /// <summary>Records an item that went through its resilience: its last attempt's context and outcome, and how many attempts it took.</summary>
    private void RecordAttempts(
        ItemAttempts<TContext, TItem> item, NodeAction action, Exception? thrown, BatchItemResult<TContext, TItem>[] results, int slot, ref ChunkTally tally)
    {
        if (item.FirstAttemptStarted is { } admitted)
        {
            tally.ItemStarted = admitted; // its duration runs from its first attempt, not from its wait for one
        }

        if (thrown is null)
        {
            _recorder.Succeeded(item.Index, item.Item, item.Context, action, results, slot, ref tally, item.Count);
            return;
        }

        var recorded = item.Recorded(thrown, out var fromStep);
        _recorder.Thrown(item.Index, item.Item, item.Context, fromStep, recorded, results, slot, ref tally, item.Count);
    }

    /// <summary>
    /// Splits a chunk at its awaiting item (<see cref="ChunkTally.Next"/>): publishes the items before
    /// it, offers the items after it to any worker (<paramref name="rest"/>, null when none), and
    /// returns the awaiting item.
    /// </summary>
    private PendingItem<TContext, TItem> SplitAtPending(
        ItemChunk<TContext, TItem> chunk,
        ref ChunkTally tally,
        ValueTask<NodeAction> pending,
        TContext? itemContext,
        ItemAttempts<TContext, TItem>? attempts,
        out OfferedChunk<TContext, TItem>? rest)
    {
        var position = tally.Next;
        var waiting = new PendingItem<TContext, TItem>(
            chunk.Start + position, chunk[position], itemContext, attempts, pending, chunk.Results, chunk.ResultOffset + position, tally.ItemStarted);
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
            _feed.OnChunkFinished();
        }

        if (position > 0)
        {
            _recorder.Publish(chunk.Results, chunk.ResultOffset, position, tally);
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
            if (waiting.Attempts is { } tried)
            {
                NodeAction action = default;
                Exception? thrown = null;
                try
                {
                    action = await waiting.Run.ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    thrown = ex;
                }

                RecordAttempts(tried, action, thrown, waiting.Results, waiting.Slot, ref tally);
            }
            else
            {
                try
                {
                    var action = await waiting.Run.ConfigureAwait(false);
                    _recorder.Succeeded(waiting.Index, waiting.Item, waiting.Context, action, waiting.Results, waiting.Slot, ref tally);
                }
                catch (Exception ex)
                {
                    _recorder.Thrown(waiting.Index, waiting.Item, waiting.Context, ex, ex, waiting.Results, waiting.Slot, ref tally);
                }
            }

            _recorder.Publish(waiting.Results, waiting.Slot, 1, tally);
            if (rest is null || !rest.TryClaim())
            {
                return;
            }

            var chunk = rest.Chunk;
            tally = new ChunkTally { ItemStarted = _recorder.Now() };
            if (!RunChunkUntilPending(chunk, ref tally, out var pending, out var itemContext, out var attempts))
            {
                FinishChunk(chunk, ref tally);
                return;
            }

            waiting = SplitAtPending(chunk, ref tally, pending, itemContext, attempts, out rest);
        }
    }

    /// <summary>Accounts for the chunk's items that never started, returns its items array and publishes it.</summary>
    private void FinishChunk(ItemChunk<TContext, TItem> chunk, ref ChunkTally tally)
    {
        for (var rest = tally.Next; rest < chunk.Count; rest++)
        {
            _recorder.NotStarted(chunk.Start + rest, chunk[rest], chunk.Results, chunk.ResultOffset + rest);
        }

        _feed.ReturnItems(chunk.Items);
        _recorder.Publish(chunk.Results, chunk.ResultOffset, chunk.Count, tally);
        _feed.OnChunkFinished();
    }
}

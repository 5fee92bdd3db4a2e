using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Floxide;

/// <summary>
/// One run of a <see cref="BatchNode{TContext, TItem}"/>: reads the source in chunks, runs the items
/// through <see cref="Parallel.ForEachAsync{TSource}(IEnumerable{TSource}, ParallelOptions, Func{TSource, CancellationToken, ValueTask})"/>,
/// stores each result in its input slot, accounts for items that never started, then merges.
/// </summary>
/// <remarks>
/// Chunks amortise the per-item cost of the loop: a worker runs its chunk's items one after the
/// other, so at most MaxDegreeOfParallelism items are ever in flight. Chunks grow while items
/// complete synchronously and fall back to one item as soon as one awaits, so I/O-bound items keep
/// every worker busy.
/// </remarks>
internal sealed class BatchRun<TContext, TItem>
    where TContext : IBatchContext<TContext, TItem>
{
    /// <summary>The largest chunk; bounds how far the source is read ahead of finished items.</summary>
    internal const int MaxChunkSize = 64;

    private const int StreamSegmentSize = 16 * 1024;
    private static readonly bool ItemsHoldReferences = RuntimeHelpers.IsReferenceOrContainsReferences<TItem>();

    private readonly BatchNode<TContext, TItem> _node;
    private readonly TContext _parent;
    private readonly IProgress<BatchProgress>? _progress;
    private readonly CancellationToken _cancellationToken;
    private readonly CancellationTokenSource _stop;
    private readonly INode<TContext> _workflow;
    private readonly IItemExecutor<TContext>? _executor;
    private readonly bool _failFast;

    private long? _knownCount;
    private int _maxChunkSize = MaxChunkSize;
    private volatile int _chunkSize = 1;

    // Result slots: segments allocated as items are read (only by the serialised source reader).
    private BatchItemResult<TContext, TItem>[][] _segments = new BatchItemResult<TContext, TItem>[4][];
    private int _segmentSize = StreamSegmentSize;
    private long _read;

    // Streaming merge: the single segment is a ring; a chunk marks its start slot with its length when done.
    private readonly IStreamingBatchContext<TContext, TItem>? _streaming;
    private int[]? _finishedRuns;
    private int _merging;
    private long _merged;
    private readonly List<BatchItemResult<TContext, TItem>> _failures = [];
    private TaskCompletionSource? _windowWaiter;
    private Exception? _mergeError;

    private readonly ConcurrentQueue<OfferedChunk<TContext, TItem>> _offered = new();

    private long _completed;
    private long _succeeded;
    private long _failed;
    private long _canceled;
    private long _skipped;
    private long _firstFailure = -1;
    private Exception? _sourceError;
    private long _sourceErrorAt;
    private bool _loopCanceled;

    public BatchRun(BatchNode<TContext, TItem> node, TContext parent, IProgress<BatchProgress>? progress, CancellationToken cancellationToken)
    {
        _node = node;
        _parent = parent;
        _progress = progress;
        _cancellationToken = cancellationToken;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _workflow = node.ItemWorkflow;
        _executor = node.Executor;
        _failFast = node.Options.ErrorMode == BatchErrorMode.FailFast;
        _streaming = parent as IStreamingBatchContext<TContext, TItem>;
    }

    /// <summary>
    /// Sizes a streaming merge's ring: the window, or the whole batch when its count is known and
    /// smaller, so a small batch does not pay for a window it cannot fill.
    /// </summary>
    private void PrepareStreamingRing()
    {
        if (_streaming is null)
        {
            return;
        }

        var window = WindowSize(_node.Options.MaxDegreeOfParallelism);
        _segmentSize = _knownCount is { } count ? (int)Math.Clamp(count, 1, window) : window;
        _segments[0] = new BatchItemResult<TContext, TItem>[_segmentSize];
        _finishedRuns = new int[_segmentSize];
    }

    /// <summary>
    /// How many items a streaming merge lets the source run ahead of the oldest unmerged result:
    /// room for every worker's chunk several times over, so it only binds behind a slow item.
    /// </summary>
    internal static int WindowSize(int maxDegreeOfParallelism) =>
        (int)Math.Max(4096, BitOperations.RoundUpToPowerOf2((uint)((Math.Min(maxDegreeOfParallelism, 1 << 16) + 2) * MaxChunkSize * 2)));

    public async Task<BatchReport<TContext, TItem>> RunAsync()
    {
        var started = Stopwatch.GetTimestamp();
        var items = GetItems();
        var timer = _progress is null ? null : new Timer(static state => ((BatchRun<TContext, TItem>)state!).ReportProgress(), this, 100, 100);
        try
        {
            if (items.Sequence is { } sequence)
            {
                await RunSequenceAsync(sequence).ConfigureAwait(false);
            }
            else
            {
                await RunStreamAsync(items.Stream!).ConfigureAwait(false);
            }

            FlushFinished();
        }
        finally
        {
            if (timer is not null)
            {
                await timer.DisposeAsync().ConfigureAwait(false);
            }

            _stop.Dispose();
        }

        ReportProgress();
        if (_sourceError is not null && _read == 0)
        {
            throw new BatchSourceException(_node.Id, typeof(TContext), 0, _sourceError);
        }

        Debug.Assert(_streaming is null || _merged == _read, "every result was merged");
        if (_mergeError is not null)
        {
            throw new FloxideException($"Batch node '{_node.Id}': merging results into {typeof(TContext).FullName} failed: {_mergeError.Message}", _node.Id, null, _mergeError);
        }

        var results = new BatchResults<TContext, TItem>(
            _streaming is null ? _segments : [],
            _segmentSize,
            _streaming is null ? checked((int)_read) : 0,
            _read,
            (int)_succeeded,
            (int)_failed,
            (int)_canceled,
            (int)_skipped,
            _streaming is null ? null : _failures);
        Merge(results);

        if ((_canceled > 0 || _loopCanceled) && _cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"Batch node '{_node.Id}' was canceled after {_succeeded + _failed} of {_read} items finished; their results were merged.", null, _cancellationToken);
        }

        if (_sourceError is not null)
        {
            throw new BatchSourceException(_node.Id, typeof(TContext), _sourceErrorAt, _sourceError);
        }

        var stoppedAt = _firstFailure >= 0 ? _firstFailure : (long?)null;
        return new BatchReport<TContext, TItem>(_node.Id, results, Stopwatch.GetElapsedTime(started), stoppedAt);
    }

    private BatchItems<TItem> GetItems()
    {
        BatchItems<TItem> items;
        try
        {
            items = _parent.GetBatchItems();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new BatchSourceException(_node.Id, typeof(TContext), 0, ex);
        }

        if (items.Sequence is null && items.Stream is null)
        {
            throw new BatchSourceException(
                _node.Id, typeof(TContext), 0, new InvalidOperationException($"{typeof(TContext).Name}.GetBatchItems returned an empty BatchItems value; wrap a sequence or a stream."));
        }

        return items;
    }

    private async Task RunSequenceAsync(IEnumerable<TItem> sequence)
    {
        if (sequence.TryGetNonEnumeratedCount(out var count))
        {
            _knownCount = count;
            if (_streaming is null)
            {
                _segmentSize = Math.Max(count, 1); // one exact segment: no growth, no waste
            }

            _maxChunkSize = Math.Clamp(count / (_node.Options.MaxDegreeOfParallelism * 4), 1, MaxChunkSize);
        }

        PrepareStreamingRing();
        IEnumerator<TItem> source;
        try
        {
            source = sequence.GetEnumerator();
        }
        catch (Exception ex)
        {
            OnSourceFailed(ex, 0);
            return;
        }

        using (source)
        {
            if (_streaming is null)
            {
                await LoopAsync(() => Parallel.ForEachAsync(new SequenceChunker<TContext, TItem>(this, source), Options(), ProcessChunkAsync)).ConfigureAwait(false);
            }
            else
            {
                // Back-pressure needs an awaitable reader, so a streaming merge reads sequences like streams.
                var chunker = new StreamChunker<TContext, TItem>(this, new SynchronousAsyncEnumerator<TItem>(source));
                await LoopAsync(() => Parallel.ForEachAsync(chunker, Options(), ProcessChunkAsync)).ConfigureAwait(false);
            }

            // An in-memory collection is cheap to finish reading, so every item gets a result.
            if (_knownCount is not null && _stop.IsCancellationRequested && _sourceError is null)
            {
                try
                {
                    while (source.MoveNext())
                    {
                        RecordNotStarted(source.Current);
                    }
                }
                catch (Exception ex)
                {
                    OnSourceFailed(ex, 0);
                }
            }
        }
    }

    private async Task RunStreamAsync(IAsyncEnumerable<TItem> stream)
    {
        PrepareStreamingRing();
        IAsyncEnumerator<TItem> source;
        try
        {
            source = stream.GetAsyncEnumerator(_stop.Token);
        }
        catch (Exception ex)
        {
            OnSourceFailed(ex, 0);
            return;
        }

        await using (source.ConfigureAwait(false))
        {
            var chunker = new StreamChunker<TContext, TItem>(this, source);
            await LoopAsync(() => Parallel.ForEachAsync(chunker, Options(), ProcessChunkAsync)).ConfigureAwait(false);
            if (await chunker.SettlePendingAsync().ConfigureAwait(false))
            {
                RecordNotStarted(source.Current);
            }
        }
    }

    private async Task LoopAsync(Func<Task> loop)
    {
        try
        {
            await loop().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Canceled or stopped by a fail-fast failure: the results account for every item read.
            _loopCanceled = _cancellationToken.IsCancellationRequested;
        }
    }

    private ParallelOptions Options() => new()
    {
        MaxDegreeOfParallelism = _node.Options.MaxDegreeOfParallelism,
        CancellationToken = _stop.Token,
    };

    /// <summary>
    /// Runs a chunk's items one after another. Items that complete synchronously run in a plain loop
    /// (<see cref="RunUntilPending"/>) with no async state machine in the way. When an item really
    /// awaits, the finished items before it are published, the items after it are offered to other
    /// workers (<see cref="SplitAtPending"/>), and only that item is awaited, so an awaiting item
    /// never holds the rest of its chunk hostage.
    /// </summary>
    private ValueTask ProcessChunkAsync(ItemChunk<TContext, TItem> chunk, CancellationToken loopToken)
    {
        var tally = new ChunkTally { ItemStarted = Stopwatch.GetTimestamp() };
        if (!RunUntilPending(chunk, ref tally, out var pending, out var itemContext))
        {
            FinishChunk(chunk, ref tally);
            return default;
        }

        var waiting = SplitAtPending(chunk, ref tally, pending, itemContext, out var rest);
        return AwaitItemAsync(waiting, rest);
    }

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
            try
            {
                context = _parent.CreateItemContext(item);
                var run = _executor is null
                    ? _workflow.RunAsync(context, _cancellationToken)
                    : _executor.ExecuteAsync(_workflow, context, index, _cancellationToken);
                if (!run.IsCompletedSuccessfully)
                {
                    pending = run;
                    itemContext = context;
                    return true;
                }

                var ended = Stopwatch.GetTimestamp();
                results[chunk.ResultOffset + tally.Next] = new(
                    index, item, BatchItemStatus.Succeeded, context, run.Result, null, Stopwatch.GetElapsedTime(tally.ItemStarted, ended));
                tally.ItemStarted = ended;
                tally.Succeeded++;
            }
            catch (Exception ex)
            {
                RecordThrown(index, item, context, ex, results, chunk.ResultOffset + tally.Next, ref tally);
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
        _chunkSize = 1; // items await: more workers, not longer chunks
        if (position + 1 < chunk.Count)
        {
            rest = new OfferedChunk<TContext, TItem>(chunk.From(position + 1)); // takes over the items array
            Offer(rest);
        }
        else
        {
            rest = null;
            ReturnItems(chunk.Items);
        }

        if (position > 0)
        {
            Publish(chunk.ResultOffset, position, ref tally);
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
                var ended = Stopwatch.GetTimestamp();
                waiting.Results[waiting.Slot] = new(
                    waiting.Index, waiting.Item, BatchItemStatus.Succeeded, waiting.Context, action, null, Stopwatch.GetElapsedTime(waiting.Started, ended));
                tally.Succeeded++;
            }
            catch (Exception ex)
            {
                RecordThrown(waiting.Index, waiting.Item, waiting.Context, ex, waiting.Results, waiting.Slot, ref tally);
            }

            Publish(waiting.Slot, 1, ref tally);
            if (rest is null || !rest.TryClaim())
            {
                return;
            }

            var chunk = rest.Chunk;
            tally = new ChunkTally { ItemStarted = Stopwatch.GetTimestamp() };
            if (!RunUntilPending(chunk, ref tally, out var pending, out var itemContext))
            {
                FinishChunk(chunk, ref tally);
                return;
            }

            waiting = SplitAtPending(chunk, ref tally, pending, itemContext, out rest);
        }
    }

    /// <summary>Records an item that threw as failed, or canceled when it observed the batch's cancellation.</summary>
    private void RecordThrown(
        long index, TItem item, TContext? itemContext, Exception exception, BatchItemResult<TContext, TItem>[] results, int slot, ref ChunkTally tally)
    {
        var ended = Stopwatch.GetTimestamp();
        var status = exception is OperationCanceledException && _cancellationToken.IsCancellationRequested
            ? BatchItemStatus.Canceled
            : BatchItemStatus.Failed;
        results[slot] = new(index, item, status, itemContext, default, exception, Stopwatch.GetElapsedTime(tally.ItemStarted, ended));
        tally.ItemStarted = ended;
        if (status == BatchItemStatus.Failed)
        {
            tally.Failed++;
            OnItemFailed(index);
        }
        else
        {
            Interlocked.Increment(ref _canceled);
        }
    }

    /// <summary>Accounts for the chunk's items that never started, returns its buffer and publishes it.</summary>
    private void FinishChunk(ItemChunk<TContext, TItem> chunk, ref ChunkTally tally)
    {
        for (var rest = tally.Next; rest < chunk.Count; rest++)
        {
            RecordNotStarted(chunk.Start + rest, chunk[rest], chunk.Results, chunk.ResultOffset + rest);
        }

        ReturnItems(chunk.Items);
        AdaptChunkSize(chunk.Count);
        Publish(chunk.ResultOffset, chunk.Count, ref tally);
    }

    /// <summary>Publishes the counts of a finished run of results and hands it to the streaming merge.</summary>
    private void Publish(int resultOffset, int count, ref ChunkTally tally)
    {
        Interlocked.Add(ref _succeeded, tally.Succeeded);
        Interlocked.Add(ref _completed, count);
        if (tally.Failed > 0)
        {
            Interlocked.Add(ref _failed, tally.Failed);
        }

        if (_streaming is not null)
        {
            MarkFinished(resultOffset, count);
        }
    }

    /// <summary>Offers the rest of a chunk to the next worker that asks the source, and wakes a reader waiting for the window.</summary>
    private void Offer(OfferedChunk<TContext, TItem> rest)
    {
        _offered.Enqueue(rest);
        Interlocked.Exchange(ref _windowWaiter, null)?.TrySetResult();
    }

    /// <summary>Takes the rest of a chunk that a worker left behind its awaiting item, if any; called by the serialised reader.</summary>
    internal bool TryTakeOffered(out ItemChunk<TContext, TItem> chunk)
    {
        while (_offered.TryDequeue(out var offered))
        {
            if (offered.TryClaim())
            {
                chunk = offered.Chunk;
                return true;
            }
        }

        chunk = default;
        return false;
    }

    /// <summary>Publishes a finished run to the streaming merge and merges whatever is now in order.</summary>
    private void MarkFinished(int offset, int count)
    {
        Interlocked.Exchange(ref _finishedRuns![offset], count);
        FlushFinished();
    }

    /// <summary>
    /// Merges consecutive finished runs from the oldest unmerged one. One thread merges at a time: a
    /// thread that finds the merge taken leaves its run to the holder, which looks again after
    /// releasing it, so no finished run is left behind.
    /// </summary>
    /// <remarks>
    /// A flag, not a lock: a lock is re-entrant on its own thread, and MergeResults may run (inline,
    /// on this thread) the continuations of items that finish and flush again, e.g. when the merge
    /// cancels the batch. The flag turns them away like any other thread, so merges never nest.
    /// </remarks>
    private void FlushFinished()
    {
        if (_streaming is null)
        {
            return;
        }

        var ring = _segments[0];
        while (Interlocked.CompareExchange(ref _merging, 1, 0) == 0)
        {
            var failed = false;
            while (true)
            {
                var offset = (int)(_merged % _segmentSize);
                var count = Volatile.Read(ref _finishedRuns![offset]);
                if (count == 0)
                {
                    break;
                }

                if (Interlocked.Read(ref _failed) != _failures.Count)
                {
                    KeepFailures(ring, offset, count);
                }

                if (_mergeError is null)
                {
                    try
                    {
                        _streaming.MergeResults(new ReadOnlySpan<BatchItemResult<TContext, TItem>>(ring, offset, count));
                    }
                    catch (Exception ex)
                    {
                        _mergeError = ex;
                        failed = true;
                    }
                }

                Array.Clear(ring, offset, count);
                _finishedRuns[offset] = 0;
                Volatile.Write(ref _merged, _merged + count);

                // Full fence (Interlocked): the reader publishes its waiter, then re-reads _merged; one of us sees the other.
                Interlocked.Exchange(ref _windowWaiter, null)?.TrySetResult();
            }

            Interlocked.Exchange(ref _merging, 0); // full fence: release, then look again for runs marked meanwhile
            if (failed)
            {
                _stop.Cancel(); // a merge that cannot take results must not let items run on
            }

            if (Volatile.Read(ref _finishedRuns[(int)(Volatile.Read(ref _merged) % _segmentSize)]) == 0)
            {
                return;
            }
        }
    }

    /// <summary>Keeps the failed results of a run about to be merged and cleared from the ring, in input order.</summary>
    private void KeepFailures(BatchItemResult<TContext, TItem>[] ring, int offset, int count)
    {
        foreach (var result in new ReadOnlySpan<BatchItemResult<TContext, TItem>>(ring, offset, count))
        {
            if (result.Status == BatchItemStatus.Failed)
            {
                _failures.Add(result);
            }
        }
    }

    /// <summary>Whether a streaming merge has room for <paramref name="count"/> more items.</summary>
    internal bool HasRoom(int count) => _streaming is null || _read + count - Volatile.Read(ref _merged) <= _segmentSize;

    /// <summary>
    /// Waits until the merge makes room, a worker offers the rest of a chunk, or the batch stops;
    /// returns false when it stopped. Called by the serialised reader, which then looks again.
    /// </summary>
    /// <remarks>
    /// No wake-up is lost: the waiter is published with a full fence (Interlocked.Exchange) before
    /// the window and the offers are read again, and the merge (after writing _merged) and
    /// <see cref="Offer"/> (after enqueueing) take the waiter with a full fence too. Of two threads
    /// that each write then read, at least one sees the other's write: either this reader sees the
    /// room or the offer, or the other thread sees the waiter and completes it.
    /// </remarks>
    internal async ValueTask<bool> WaitForWindowAsync(int count)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _windowWaiter, waiter);
        if (!HasRoom(count) && _offered.IsEmpty)
        {
            try
            {
                await waiter.Task.WaitAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return !_stop.IsCancellationRequested;
    }

    /// <summary>Grows the chunk size after a chunk whose items all completed synchronously.</summary>
    private void AdaptChunkSize(int count)
    {
        var size = _chunkSize;
        if (count >= size && size < _maxChunkSize)
        {
            _chunkSize = Math.Min(size * 2, _maxChunkSize);
        }
    }

    private void OnItemFailed(long index)
    {
        if (_failFast)
        {
            Interlocked.CompareExchange(ref _firstFailure, index, -1);
            _stop.Cancel();
        }
    }

    private void RecordNotStarted(TItem item)
    {
        var chunk = CreateChunk([], 1);
        RecordNotStarted(chunk.Start, item, chunk.Results, chunk.ResultOffset);
        _completed++;
        if (_streaming is not null)
        {
            MarkFinished(chunk.ResultOffset, 1);
        }
    }

    private void RecordNotStarted(long index, TItem item, BatchItemResult<TContext, TItem>[] results, int slot)
    {
        var status = _cancellationToken.IsCancellationRequested ? BatchItemStatus.Canceled : BatchItemStatus.Skipped;
        results[slot] = new(index, item, status, default, default, null, TimeSpan.Zero);
        Interlocked.Increment(ref status == BatchItemStatus.Canceled ? ref _canceled : ref _skipped);
    }

    private void Merge(BatchResults<TContext, TItem> results)
    {
        try
        {
            _parent.UpdateWithResults(results);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not FloxideException)
        {
            throw new FloxideException($"Batch node '{_node.Id}': the update step of {typeof(TContext).FullName} failed: {ex.Message}", _node.Id, null, ex);
        }
    }

    private void ReportProgress() =>
        _progress?.Report(new BatchProgress(Interlocked.Read(ref _completed), Interlocked.Read(ref _failed), _knownCount));

    /// <summary>How many items the next chunk may take: the adaptive size, cut at the segment's end.</summary>
    internal int NextChunkLimit() => (int)Math.Min(_chunkSize, _segmentSize - (_read % _segmentSize));

    internal TItem[] RentItems(int count) => ArrayPool<TItem>.Shared.Rent(count);

    internal void ReturnItems(TItem[] items)
    {
        if (items.Length > 0)
        {
            ArrayPool<TItem>.Shared.Return(items, ItemsHoldReferences);
        }
    }

    /// <summary>Assigns input indexes and result slots to items just read; called by the serialised reader.</summary>
    internal ItemChunk<TContext, TItem> CreateChunk(TItem[] items, int count)
    {
        var start = _read;
        var segment = _streaming is null ? (int)(start / _segmentSize) : 0;
        if (segment == _segments.Length)
        {
            Array.Resize(ref _segments, _segments.Length * 2);
        }

        var results = _segments[segment] ??= new BatchItemResult<TContext, TItem>[_segmentSize];
        _read += count;
        return new(start, items, 0, count, results, (int)(start % _segmentSize));
    }

    /// <summary>Records that the source threw after <paramref name="readInChunk"/> items of the chunk being read.</summary>
    internal void OnSourceFailed(Exception exception, int readInChunk)
    {
        if (exception is OperationCanceledException && _stop.IsCancellationRequested)
        {
            return; // the stream honoured our stop; not a failure of the source
        }

        _sourceError ??= exception;
        _sourceErrorAt = _read + readInChunk;
    }
}

using System.Buffers;
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
    private readonly Lock _mergeLock = new();
    private long _merged;
    private TaskCompletionSource? _windowWaiter;
    private Exception? _mergeError;

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
            (int)_skipped);
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
    /// (<see cref="RunUntilPending"/>) with no async state machine in the way; only when an item
    /// really awaits does the chunk continue in <see cref="ContinueChunkAsync"/>.
    /// </summary>
    private ValueTask ProcessChunkAsync(ItemChunk<TContext, TItem> chunk, CancellationToken loopToken)
    {
        var tally = new ChunkTally { RanSynchronously = true, ItemStarted = Stopwatch.GetTimestamp() };
        var handedOver = false;
        try
        {
            if (RunUntilPending(chunk, ref tally, out var pending, out var itemContext))
            {
                handedOver = true;
                return ContinueChunkAsync(chunk, tally, pending, itemContext);
            }

            return default;
        }
        finally
        {
            if (!handedOver)
            {
                FinishChunk(chunk, ref tally);
            }
        }
    }

    /// <summary>
    /// Runs items from <see cref="ChunkTally.Next"/> while they complete synchronously. Returns true,
    /// with the item's pending run and context, when an item has to be awaited; false when the chunk
    /// is done or the batch stopped (<see cref="ChunkTally.Next"/> is then the first item not started).
    /// </summary>
    private bool RunUntilPending(
        ItemChunk<TContext, TItem> chunk, ref ChunkTally tally, out ValueTask<NodeAction> pending, out TContext? itemContext)
    {
        var items = chunk.Items;
        var results = chunk.Results;
        for (; tally.Next < chunk.Count; tally.Next++)
        {
            if (_stop.IsCancellationRequested)
            {
                break;
            }

            var index = chunk.Start + tally.Next;
            var item = items[tally.Next];
            var context = default(TContext);
            try
            {
                context = _parent.CreateItemContext(item);
                var run = _executor is null
                    ? _workflow.RunAsync(context, _cancellationToken)
                    : _executor.ExecuteAsync(_workflow, context, index, _cancellationToken);
                if (!run.IsCompletedSuccessfully)
                {
                    tally.RanSynchronously = false;
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
                RecordThrown(chunk, ref tally, item, context, ex);
            }
        }

        pending = default;
        itemContext = default;
        return false;
    }

    /// <summary>Awaits the item that did not complete synchronously, then runs the rest of the chunk.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))] // once per awaiting item: reuse the box
    private async ValueTask ContinueChunkAsync(
        ItemChunk<TContext, TItem> chunk, ChunkTally tally, ValueTask<NodeAction> pending, TContext? itemContext)
    {
        try
        {
            do
            {
                var item = chunk.Items[tally.Next];
                try
                {
                    var action = await pending.ConfigureAwait(false);
                    var ended = Stopwatch.GetTimestamp();
                    chunk.Results[chunk.ResultOffset + tally.Next] = new(
                        chunk.Start + tally.Next, item, BatchItemStatus.Succeeded, itemContext, action, null, Stopwatch.GetElapsedTime(tally.ItemStarted, ended));
                    tally.ItemStarted = ended;
                    tally.Succeeded++;
                }
                catch (Exception ex)
                {
                    RecordThrown(chunk, ref tally, item, itemContext, ex);
                }

                tally.Next++;
            }
            while (RunUntilPending(chunk, ref tally, out pending, out itemContext));
        }
        finally
        {
            FinishChunk(chunk, ref tally);
        }
    }

    /// <summary>Records the item at <see cref="ChunkTally.Next"/> as failed, or canceled when it observed the batch's cancellation.</summary>
    private void RecordThrown(ItemChunk<TContext, TItem> chunk, ref ChunkTally tally, TItem item, TContext? itemContext, Exception exception)
    {
        var ended = Stopwatch.GetTimestamp();
        var index = chunk.Start + tally.Next;
        var status = exception is OperationCanceledException && _cancellationToken.IsCancellationRequested
            ? BatchItemStatus.Canceled
            : BatchItemStatus.Failed;
        chunk.Results[chunk.ResultOffset + tally.Next] = new(index, item, status, itemContext, default, exception, Stopwatch.GetElapsedTime(tally.ItemStarted, ended));
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

    /// <summary>Accounts for the chunk's items that never started, returns its buffer and publishes its counts.</summary>
    private void FinishChunk(ItemChunk<TContext, TItem> chunk, ref ChunkTally tally)
    {
        for (var rest = tally.Next; rest < chunk.Count; rest++)
        {
            RecordNotStarted(chunk.Start + rest, chunk.Items[rest], chunk.Results, chunk.ResultOffset + rest);
        }

        ReturnItems(chunk.Items);
        Interlocked.Add(ref _succeeded, tally.Succeeded);
        Interlocked.Add(ref _completed, chunk.Count);
        if (tally.Failed > 0)
        {
            Interlocked.Add(ref _failed, tally.Failed);
        }

        AdaptChunkSize(tally.RanSynchronously, chunk.Count);
        if (_streaming is not null)
        {
            MarkFinished(chunk.ResultOffset, chunk.Count);
        }
    }

    /// <summary>Publishes a finished chunk to the streaming merge and merges whatever is now in order.</summary>
    private void MarkFinished(int offset, int count)
    {
        Interlocked.Exchange(ref _finishedRuns![offset], count);
        FlushFinished();
    }

    /// <summary>
    /// Merges consecutive finished chunks from the oldest unmerged one. One thread merges at a time;
    /// a thread that finds the lock taken leaves its chunk to the holder, which looks again after
    /// releasing it, so no finished chunk is left behind.
    /// </summary>
    private void FlushFinished()
    {
        if (_streaming is null)
        {
            return;
        }

        var ring = _segments[0];
        while (true)
        {
            if (!_mergeLock.TryEnter())
            {
                return;
            }

            var failed = false;
            try
            {
                while (true)
                {
                    var offset = (int)(_merged % _segmentSize);
                    var count = Volatile.Read(ref _finishedRuns![offset]);
                    if (count == 0)
                    {
                        break;
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
                    Interlocked.Exchange(ref _windowWaiter, null)?.TrySetResult();
                }
            }
            finally
            {
                _mergeLock.Exit();
            }

            if (failed)
            {
                _stop.Cancel(); // a merge that cannot take results must not let items run on
            }

            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref _finishedRuns[(int)(Volatile.Read(ref _merged) % _segmentSize)]) == 0)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Waits until a streaming merge has room for <paramref name="count"/> more items; returns false
    /// when the batch stopped meanwhile. Called by the serialised reader.
    /// </summary>
    internal async ValueTask<bool> WaitForWindowAsync(int count)
    {
        while (_streaming is not null && _read + count - Volatile.Read(ref _merged) > _segmentSize)
        {
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _windowWaiter, waiter);
            if (_read + count - Volatile.Read(ref _merged) <= _segmentSize)
            {
                break; // merged between the check and publishing the waiter
            }

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

    private void AdaptChunkSize(bool ranSynchronously, int count)
    {
        var size = _chunkSize;
        if (!ranSynchronously)
        {
            if (size != 1)
            {
                _chunkSize = 1;
            }
        }
        else if (count >= size && size < _maxChunkSize)
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
        return new(start, items, count, results, (int)(start % _segmentSize));
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

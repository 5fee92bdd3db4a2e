using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Floxide;

/// <summary>
/// What the chunkers read into: hands out chunks of consecutive items with their input indexes and
/// result slots, sizes them (they grow while items complete synchronously and drop to one as soon as
/// one awaits), takes back the rest of a chunk behind an awaiting item for the next worker (and keeps
/// a worker that found the source ended standing by while such a rest may still come), and
/// records a failing source. Reading is serialised by the loop; offers come from any worker.
/// </summary>
internal sealed class ChunkFeed<TContext, TItem>
    where TContext : IBatchContext<TContext, TItem>
{
    /// <summary>The largest chunk; bounds how far the source is read ahead of finished items.</summary>
    internal const int MaxChunkSize = 64;

    private static readonly bool ItemsHoldReferences = RuntimeHelpers.IsReferenceOrContainsReferences<TItem>();

    private readonly IResultSink<TContext, TItem> _sink;
    private readonly StreamingMerge<TContext, TItem>? _merge;
    private readonly CancellationToken _stop;
    private readonly ConcurrentQueue<OfferedChunk<TContext, TItem>> _offered = new();

    // One waiter per worker standing by, in the order they stood by: an offer is one rest, for one worker, so it wakes one;
    // the last finish wakes them all, to leave. A worker that stops waiting first completes its own waiter, which an offer
    // then passes over.
    private readonly ConcurrentQueue<TaskCompletionSource> _standingBy = new();
    private readonly Func<bool> _hasOffers;
    private readonly int _maxChunkSize;
    private readonly IItemReadObserver<TItem>? _observer;
    private volatile int _chunkSize = 1;
    private long _read;
    private int _unfinished;
    private int _standing;
    private int _waiting; // workers in StandByAsync: all a chunk's finish reads, on the per-chunk path, while none waits

    /// <param name="sink">Where results go.</param>
    /// <param name="merge">The streaming merge, whose window bounds reading; null when results are kept.</param>
    /// <param name="knownCount">The number of items when known: small batches get smaller chunks, so every worker gets some.</param>
    /// <param name="maxDegreeOfParallelism">The batch's limit.</param>
    /// <param name="stop">Stops the batch; a source that honours it has not failed.</param>
    /// <param name="observer">Sees every item read before it runs (a durable run); null for none.</param>
    /// <param name="waits">With an item limiter: what lets items wait for a permit without holding a worker; null for none.</param>
    public ChunkFeed(
        IResultSink<TContext, TItem> sink,
        StreamingMerge<TContext, TItem>? merge,
        long? knownCount,
        int maxDegreeOfParallelism,
        CancellationToken stop,
        IItemReadObserver<TItem>? observer = null,
        PermitWaits? waits = null)
    {
        _observer = observer;
        Waits = waits;
        _sink = sink;
        _merge = merge;
        _stop = stop;
        _hasOffers = () => !_offered.IsEmpty;
        // With an item limiter a chunk is one item: a worker whose item waits for a permit then holds that item alone (no
        // rest of a chunk offered behind it), so the items in flight are at most the loop's workers. Such items call rate-
        // limited services, where the loop's cost per chunk is nothing to save.
        _maxChunkSize = waits is not null ? 1
            : knownCount is { } count ? (int)Math.Clamp(count / (maxDegreeOfParallelism * 4L), 1, MaxChunkSize)
            : MaxChunkSize;
    }

    /// <summary>
    /// Gets what lets items wait for an item limiter's permit without holding a worker (the chunkers then hand out a chunk
    /// only while it has room); null when the node has no item limiter.
    /// </summary>
    public PermitWaits? Waits { get; }

    /// <summary>Gets how many items were read; final once the loop is done.</summary>
    public long Read => _read;

    /// <summary>Gets what the source threw, if it did.</summary>
    public Exception? SourceError { get; private set; }

    /// <summary>Gets how many items had been read when the source threw.</summary>
    public long SourceErrorAt { get; private set; }

    /// <summary>How many items the next chunk may take: the adaptive size, cut where the result array ends.</summary>
    public int NextChunkLimit() => Math.Min(_chunkSize, _sink.RoomAfter(_read));

    public TItem[] RentItems(int count) => ArrayPool<TItem>.Shared.Rent(count);

    public void ReturnItems(TItem[] items)
    {
        if (items.Length > 0)
        {
            ArrayPool<TItem>.Shared.Return(items, ItemsHoldReferences);
        }
    }

    /// <summary>Assigns input indexes and result slots to items just read; called by the serialised reader.</summary>
    public ItemChunk<TContext, TItem> CreateChunk(TItem[] items, int count)
    {
        var start = _read;
        var results = _sink.Claim(start, out var offset);
        _read += count;
        _observer?.OnRead(start, items, count);
        return new(start, items, 0, count, results, offset);
    }

    /// <summary>
    /// Makes the items just read a chunk to hand out; called by the serialised reader. It stays unfinished, with any rest
    /// offered behind an awaiting item, until its items have all started (<see cref="OnChunkFinished"/>).
    /// </summary>
    public ItemChunk<TContext, TItem> HandOut(TItem[] items, int count)
    {
        if (_maxChunkSize > 1) // one-item chunks never offer a rest: nothing to count, nobody to stand by
        {
            Interlocked.Increment(ref _unfinished);
        }

        return CreateChunk(items, count);
    }

    /// <summary>
    /// A chunk handed out has no items left to start here: it ran to its end, or split at its last item. A rest it offered
    /// is the same chunk going on.
    /// </summary>
    public void OnChunkFinished()
    {
        // The decrement orders the read after it, against StandByAsync's queue then check.
        if (_maxChunkSize > 1 && Interlocked.Decrement(ref _unfinished) == 0 && Volatile.Read(ref _waiting) > 0)
        {
            while (_standingBy.TryDequeue(out var waiter))
            {
                waiter.TrySetResult();
            }
        }
    }

    /// <summary>
    /// Gets whether a rest may still be offered: a chunk handed out is still running, or its rest is offered. Once the source
    /// has ended, a worker stands by while this holds (<see cref="StandByAsync"/>) instead of leaving.
    /// </summary>
    public bool MayOffer => Volatile.Read(ref _unfinished) > 0;

    /// <summary>
    /// Whether a worker that found the source ended gets an empty chunk to stand by with (<see cref="StandByWithChunkAsync"/>);
    /// called by the serialised reader of a sequence. A worker handed its first chunk launches the loop's next worker, so
    /// unbounded, every worker up to the limit (int.MaxValue is allowed) would be launched to stand by while a long chunk
    /// runs on. No more stand by than the unfinished chunks could still offer items to: none with chunks of one item.
    /// </summary>
    public bool TryStandBy()
    {
        if (Volatile.Read(ref _standing) >= (long)Volatile.Read(ref _unfinished) * (_maxChunkSize - 1))
        {
            return false;
        }

        Interlocked.Increment(ref _standing);
        return true;
    }

    /// <summary><see cref="StandByAsync"/> for a worker given an empty chunk (<see cref="TryStandBy"/>), which then stands by no more.</summary>
    public ValueTask StandByWithChunkAsync(CancellationToken loopToken)
    {
        var wait = StandByAsync(loopToken);
        if (wait.IsCompleted)
        {
            Interlocked.Decrement(ref _standing);
            return wait;
        }

        return LeaveAsync(wait);

        async ValueTask LeaveAsync(ValueTask wait)
        {
            try
            {
                await wait.ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _standing);
            }
        }
    }

    /// <summary>
    /// Waits, for a worker that found the source ended, until a rest is offered or none can be any more; the worker then asks
    /// the chunker again. Parallel.ForEachAsync never brings back a worker whose MoveNext returned false, so one that left
    /// while a chunk still ran would leave a rest offered later to fewer workers than the limit, or to none: the
    /// awaiting item would hold it hostage after all.
    /// </summary>
    public ValueTask StandByAsync(CancellationToken loopToken)
    {
        if (!_offered.IsEmpty || !MayOffer || loopToken.IsCancellationRequested)
        {
            return default;
        }

        // Continuations run asynchronously: never the standing-by worker's next chunk inline in an offering worker's split.
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Increment(ref _waiting); // a full fence before the check below, against OnChunkFinished's decrement then read
        _standingBy.Enqueue(waiter);
        Interlocked.MemoryBarrier(); // the enqueue before the check, against Offer's enqueue then dequeue

        // Checked again once the waiter is queued: an offer or a last finish before it did not see it.
        if (!_offered.IsEmpty || !MayOffer || loopToken.IsCancellationRequested)
        {
            StopWaiting(waiter);
            return default;
        }

        return WaitAsync(waiter, loopToken);

        async ValueTask WaitAsync(TaskCompletionSource waiter, CancellationToken loopToken)
        {
            try
            {
                await waiter.Task.WaitAsync(loopToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (loopToken.IsCancellationRequested)
            {
                // The loop is ending: the worker asks no more.
            }
            finally
            {
                StopWaiting(waiter);
            }
        }
    }

    /// <summary>A worker stands by no more: its waiter, completed if it was not woken, is one an offer passes over.</summary>
    private void StopWaiting(TaskCompletionSource waiter)
    {
        waiter.TrySetResult();
        Interlocked.Decrement(ref _waiting);
    }

    /// <summary>Gets whether items may replay recorded results: a durable run's feed, whose reads a session observes.</summary>
    public bool Resumable => _observer is not null;

    /// <summary>Whether the item at <paramref name="index"/> replays a recorded result (see <see cref="IItemReadObserver{TItem}.HasRecordedResult"/>).</summary>
    public bool HasRecordedResult(long index) => _observer?.HasRecordedResult(index) == true;

    /// <summary>
    /// Whether the item at <paramref name="index"/> ended in <paramref name="status"/> from its record rather than a run: a
    /// success replayed, or a recorded failure replayed (<see cref="RecordedItemFailureException"/>); the items a durable
    /// session counts as resumed. An item planned for replay whose context factory threw got no further, and ran.
    /// </summary>
    public bool Replayed(long index, BatchItemStatus status, Exception? error) =>
        DurableSession<TContext, TItem>.Replayed(status, error) && HasRecordedResult(index);

    /// <summary>An item awaited: hand out single items, so awaiting items spread over every worker.</summary>
    public void OnItemAwaited() => _chunkSize = 1;

    /// <summary>Grows the chunk size after a chunk whose items all completed synchronously.</summary>
    public void OnChunkRanSynchronously(int count)
    {
        var size = _chunkSize;
        if (count >= size && size < _maxChunkSize)
        {
            _chunkSize = Math.Min(size * 2, _maxChunkSize);
        }
    }

    /// <summary>
    /// Offers the rest of a chunk to the next worker that asks for work, and wakes a reader waiting for the window and one
    /// worker standing by, the first still waiting: one rest is work for one worker, and the others would only ask the
    /// chunker again and stand by again.
    /// </summary>
    public void Offer(OfferedChunk<TContext, TItem> rest)
    {
        _offered.Enqueue(rest);
        _merge?.Wake();
        Interlocked.MemoryBarrier(); // the enqueue before the read, against StandByAsync's queue then check
        while (_standingBy.TryDequeue(out var waiter) && !waiter.TrySetResult())
        {
            // It stopped waiting (it found an offer, or the loop ended): the next one.
        }
    }

    /// <summary>Takes the rest of a chunk a worker left behind its awaiting item, if any; called by the serialised reader.</summary>
    public bool TryTakeOffered(out ItemChunk<TContext, TItem> chunk)
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

    /// <summary>Whether the streaming window has room for <paramref name="count"/> more items (always, when results are kept).</summary>
    public bool HasRoom(int count) => _merge is null || _merge.HasRoom(_read, count);

    /// <summary>Waits for room in the window or an offered chunk; false when the batch stopped.</summary>
    public ValueTask<bool> WaitForRoomAsync(int count) =>
        _merge is null ? new(!_stop.IsCancellationRequested) : _merge.WaitForRoomAsync(_read, count, _hasOffers);

    /// <summary>Records that the source threw after <paramref name="readInChunk"/> items of the chunk being read.</summary>
    public void OnSourceFailed(Exception exception, int readInChunk)
    {
        if (exception is OperationCanceledException && _stop.IsCancellationRequested)
        {
            return; // the stream honoured our stop; not a failure of the source
        }

        if (SourceError is null) // the first error is the source's; one closing it after that adds nothing
        {
            SourceError = exception;
            SourceErrorAt = _read + readInChunk;
        }
    }
}

using System.Numerics;

namespace Floxide;

/// <summary>
/// Merges results into an <see cref="IStreamingBatchContext{TContext, TItem}"/> in input order as
/// they become contiguous. Results live in a ring of a window's size; a finished run marks its first
/// slot with its length, and whoever holds the merge merges every run from the oldest unmerged one.
/// The reader claims slots only while the window has room, so a slow item pauses reading.
/// </summary>
internal sealed class StreamingMerge<TContext, TItem> : IResultSink<TContext, TItem>
    where TContext : IBatchContext<TContext, TItem>
{
    private readonly IStreamingBatchContext<TContext, TItem>? _context;
    private readonly ResultStream<TContext, TItem>? _stream;
    private readonly BatchItemResult<TContext, TItem>[] _ring;
    private readonly int[] _finishedRuns;
    private readonly BatchCounts _counts;
    private readonly CancellationTokenSource _stop;
    private readonly List<BatchItemResult<TContext, TItem>> _failures = [];
    private int _merging;
    private long _merged;
    private TaskCompletionSource? _waiter;

    /// <param name="context">The context results merge into; null when only <paramref name="stream"/> takes them.</param>
    /// <param name="ringSize">The window: how many items may be read past the oldest unmerged one.</param>
    /// <param name="counts">The batch's counts; the merge keeps failed results while they grow.</param>
    /// <param name="stop">Canceled when a merge throws, so no item runs on.</param>
    /// <param name="stream">The consumer final runs go to after the context, if any; the window then waits for it.</param>
    public StreamingMerge(IStreamingBatchContext<TContext, TItem>? context, int ringSize, BatchCounts counts, CancellationTokenSource stop, ResultStream<TContext, TItem>? stream = null)
    {
        _context = context;
        _stream = stream;
        _ring = new BatchItemResult<TContext, TItem>[ringSize];
        _finishedRuns = new int[ringSize];
        _counts = counts;
        _stop = stop;
    }

    /// <summary>Gets how many results were merged.</summary>
    public long Merged => Volatile.Read(ref _merged);

    /// <summary>Gets every failed result merged so far, in input order.</summary>
    public IReadOnlyList<BatchItemResult<TContext, TItem>> Failures => _failures;

    /// <summary>Gets what MergeResults threw, if it did; no merge follows it.</summary>
    public Exception? Error { get; private set; }

    /// <summary>
    /// How many items the merge lets the source run ahead of the oldest unmerged result: room for
    /// every worker's chunk several times over, so it only binds behind a slow item.
    /// </summary>
    public static int WindowSize(int maxDegreeOfParallelism) =>
        (int)Math.Max(4096, BitOperations.RoundUpToPowerOf2((uint)((Math.Min(maxDegreeOfParallelism, 1 << 16) + 2) * ChunkFeed<TContext, TItem>.MaxChunkSize * 2)));

    /// <summary>The ring for a batch: the window, or the whole batch when its count is known and smaller.</summary>
    public static int RingSize(int maxDegreeOfParallelism, long? knownCount)
    {
        var window = WindowSize(maxDegreeOfParallelism);
        return knownCount is { } count ? (int)Math.Clamp(count, 1, window) : window;
    }

    public BatchItemResult<TContext, TItem>[] Claim(long start, out int offset)
    {
        offset = (int)(start % _ring.Length);
        return _ring;
    }

    public int RoomAfter(long start) => _ring.Length - (int)(start % _ring.Length);

    public void RunFinished(BatchItemResult<TContext, TItem>[] results, int offset, int count)
    {
        Interlocked.Exchange(ref _finishedRuns[offset], count);
        Flush();
    }

    /// <summary>Whether <paramref name="count"/> more items, after <paramref name="read"/>, fit in the window.</summary>
    /// <remarks>
    /// With a stream, the window starts at the oldest result its consumer has not taken, and never after the
    /// oldest unmerged one: the consumer may take a run's results before <see cref="Flush"/> has cleared that
    /// run's slots, and a chunk read into them then would have its results and its finished mark wiped.
    /// </remarks>
    public bool HasRoom(long read, int count)
    {
        var merged = Volatile.Read(ref _merged);
        var start = _stream is null ? merged : Math.Min(_stream.Taken, merged);
        return read + count - start <= _ring.Length;
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
    public void Flush()
    {
        while (Interlocked.CompareExchange(ref _merging, 1, 0) == 0)
        {
            var failed = false;
            while (true)
            {
                var offset = (int)(_merged % _ring.Length);
                var count = Volatile.Read(ref _finishedRuns[offset]);
                if (count == 0)
                {
                    break;
                }

                failed |= MergeFinal(offset, count);
                Array.Clear(_ring, offset, count);
                _finishedRuns[offset] = 0;
                Volatile.Write(ref _merged, _merged + count);

                // Full fence (Interlocked): the reader publishes its waiter, then re-reads _merged; one of us sees the other.
                Wake();
            }

            Interlocked.Exchange(ref _merging, 0); // full fence: release, then look again for runs marked meanwhile
            if (failed)
            {
                _stop.Cancel(); // a merge that cannot take results must not let items run on
            }

            if (Volatile.Read(ref _finishedRuns[(int)(Volatile.Read(ref _merged) % _ring.Length)]) == 0)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The seam "a contiguous run of results is final": every result before this run is merged, so
    /// this is the commit point. Keeps its failures and merges it; returns true when the merge threw.
    /// </summary>
    private bool MergeFinal(int offset, int count)
    {
        var run = new ReadOnlySpan<BatchItemResult<TContext, TItem>>(_ring, offset, count);
        if (_counts.Failed != _failures.Count)
        {
            // Counts are published before a run is marked finished, so a run with a failure always gets here.
            foreach (var result in run)
            {
                if (result.Status == BatchItemStatus.Failed)
                {
                    _failures.Add(result);
                }
            }
        }

        var failed = false;
        if (Error is null && _context is not null)
        {
            try
            {
                _context.MergeResults(run);
            }
            catch (Exception ex)
            {
                Error = ex;
                failed = true;
            }
        }

        // The consumer sees a result after the context merged it, and every result even when a merge failed.
        _stream?.Add(run);
        return failed;
    }

    /// <summary>
    /// Waits, after the batch stopped, until the stream's consumer has taken enough for
    /// <paramref name="count"/> more items after <paramref name="read"/>; false when it left instead.
    /// The same handshake as <see cref="WaitForRoomAsync"/>, but not ended by the stop: the results
    /// still owed to the consumer must wait for it, not pile up.
    /// </summary>
    public async ValueTask<bool> WaitForConsumerAsync(long read, int count)
    {
        while (true)
        {
            var waiter = PublishWaiter();
            if (_stream!.Abandoned)
            {
                return false;
            }

            if (HasRoom(read, count))
            {
                return true;
            }

            await waiter.Task.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The first half of both waits' handshake: publishes a fresh waiter with a full fence, after which the caller
    /// reads its condition again (see the remarks on <see cref="WaitForRoomAsync"/> for why no wake-up is lost).
    /// </summary>
    private TaskCompletionSource PublishWaiter()
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _waiter, waiter);
        return waiter;
    }

    /// <summary>Wakes the reader if it waits (with a full fence).</summary>
    public void Wake() => Interlocked.Exchange(ref _waiter, null)?.TrySetResult();

    /// <summary>
    /// Waits until the window has room for <paramref name="count"/> items after <paramref name="read"/>,
    /// <paramref name="hasOtherWork"/> says there is work anyway, or the batch stops; returns false
    /// when it stopped. Called by the serialised reader, which then looks again.
    /// </summary>
    /// <remarks>
    /// No wake-up is lost. The waiter is published with a full fence (Interlocked.Exchange) before
    /// the window and the other work are read again; the merge writes _merged, and whoever adds other
    /// work adds it, before taking the waiter with a full fence (<see cref="Wake"/>). Of two threads
    /// that each write and then read, with a full fence between, at least one sees the other's
    /// write: either the reader sees the room or the work, or the writer sees the waiter and wakes it.
    /// </remarks>
    public async ValueTask<bool> WaitForRoomAsync(long read, int count, Func<bool> hasOtherWork)
    {
        var waiter = PublishWaiter();
        if (!HasRoom(read, count) && !hasOtherWork())
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
}

using System.Diagnostics;
using System.Numerics;

namespace Floxide;

/// <summary>
/// Merges results into an <see cref="IStreamingBatchContext{TContext, TItem}"/> in input order as
/// they become contiguous. Results live in a ring of a window's size; a finished run marks its first
/// slot with its length, and whoever holds the merge merges every run from the oldest unmerged one.
/// The reader claims slots only while the window has room, so a slow item pauses reading.
/// </summary>
/// <remarks>
/// The ring is a table of <see cref="RingSegment{TContext, TItem}"/>s that only the serialised reader writes: it
/// allocates a segment when it first reaches it and takes back those wholly merged behind the merge for reuse, so a
/// high limit (a ceiling, with adaptive concurrency finding the level) costs memory only as far as reading really
/// runs ahead. No run crosses a segment's end (<see cref="RoomAfter"/>).
/// </remarks>
internal sealed class StreamingMerge<TContext, TItem> : IResultSink<TContext, TItem>
    where TContext : IBatchContext<TContext, TItem>
{
    /// <summary>Slots per segment: the smallest window, so a window is always a whole number of segments.</summary>
    internal const int SegmentSize = 4096;

    private readonly IStreamingBatchContext<TContext, TItem>? _context;
    private readonly ResultStream<TContext, TItem>? _stream;
    private readonly RingSegment<TContext, TItem>?[] _segments;
    private readonly int _segmentShift; // a segment holds 1 << _segmentShift slots; the ring, _segments.Length of them
    private readonly long _consumerBacklog; // how many merged results may wait for the stream's consumer before reading pauses
    private readonly BatchCounts _counts;
    private readonly BatchStop _stop;
    private readonly List<BatchItemResult<TContext, TItem>> _failures = [];
    private int _merging;
    private long _merged;
    private TaskCompletionSource? _waiter;

    // The reader's own: segments it took back, and the first whole segment (counted from the batch's start) not yet looked at.
    private RingSegment<TContext, TItem>? _free;
    private long _unreclaimed;

    /// <param name="context">The context results merge into; null when only <paramref name="stream"/> takes them.</param>
    /// <param name="ringSize">The window: how many items may be read past the oldest unmerged one; a power of two.</param>
    /// <param name="counts">The batch's counts; the merge keeps failed results while they grow.</param>
    /// <param name="stop">Canceled when a merge throws, so no item runs on.</param>
    /// <param name="stream">The consumer final runs go to after the context, if any; the window then waits for it.</param>
    /// <param name="consumerBacklog">
    /// With <paramref name="stream"/>: how many merged results may wait for its consumer before reading pauses
    /// (<see cref="ConsumerBacklog"/>), so a consumer that stops pulling stops new items soon, not a window later.
    /// </param>
    public StreamingMerge(
        IStreamingBatchContext<TContext, TItem>? context, int ringSize, BatchCounts counts, BatchStop stop, ResultStream<TContext, TItem>? stream = null, int consumerBacklog = int.MaxValue)
    {
        _context = context;
        _stream = stream;
        _consumerBacklog = consumerBacklog;
        Debug.Assert(BitOperations.IsPow2(ringSize), "positions are masked, not divided");
        _segmentShift = BitOperations.Log2((uint)Math.Min(SegmentSize, ringSize));
        _segments = new RingSegment<TContext, TItem>?[ringSize >> _segmentShift];
        _counts = counts;
        _stop = stop;
    }

    /// <summary>Gets how many results were merged.</summary>
    public long Merged => Volatile.Read(ref _merged);

    /// <summary>Gets every failed result merged so far, in input order.</summary>
    public IList<BatchItemResult<TContext, TItem>> Failures => _failures;

    /// <summary>Gets what MergeResults threw, if it did; no merge follows it.</summary>
    public Exception? Error { get; private set; }

    /// <summary>
    /// How many items the merge lets the source run ahead of the oldest unmerged result: room for
    /// every worker's chunk several times over, so it only binds behind a slow item.
    /// </summary>
    public static int WindowSize(int maxDegreeOfParallelism) =>
        (int)Math.Max(SegmentSize, BitOperations.RoundUpToPowerOf2((uint)((Math.Min(maxDegreeOfParallelism, 1 << 16) + 2) * ChunkFeed<TContext, TItem>.MaxChunkSize * 2)));

    /// <summary>
    /// How many merged results may wait for a stream's consumer before reading pauses (it pauses once more than this
    /// wait): a chunk for each worker, plus two chunks, so a consumer that keeps pace rarely makes the engine wait, and one
    /// that stops pulling lets about as many items again start (those running and read) before nothing more does, rather
    /// than a window's worth (4,096 at a low limit).
    /// </summary>
    public static int ConsumerBacklog(int maxDegreeOfParallelism) =>
        (Math.Min(maxDegreeOfParallelism, 1 << 16) + 2) * ChunkFeed<TContext, TItem>.MaxChunkSize;

    /// <summary>
    /// The ring for a batch: the window, or, when the batch's count is known and smaller, the power of two that holds
    /// it (the reader may then read the whole batch, as before, and a batch under a segment gets one that fits it).
    /// </summary>
    public static int RingSize(int maxDegreeOfParallelism, long? knownCount)
    {
        var window = WindowSize(maxDegreeOfParallelism);
        return knownCount is { } count ? (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(count, 1, window)) : window;
    }

    private int SegmentLength => 1 << _segmentShift;

    /// <summary>The ring's slots: the window, when the batch is not known to be smaller.</summary>
    private long Capacity => (long)_segments.Length << _segmentShift;

    /// <summary>The slot in the segment table of the segment that holds input index <paramref name="index"/>.</summary>
    private int SegmentOf(long index) => (int)(index >> _segmentShift) & (_segments.Length - 1);

    /// <summary>Where in its segment input index <paramref name="index"/> is.</summary>
    private int OffsetOf(long index) => (int)index & (SegmentLength - 1);

    /// <summary>Called by the serialised reader only, in input order, so it alone writes the segment table.</summary>
    public BatchItemResult<TContext, TItem>[] Claim(long start, out int offset)
    {
        offset = OffsetOf(start);
        var index = SegmentOf(start);
        var segment = _segments[index];
        if (segment is null || offset == 0)
        {
            // Entering a segment (no run crosses its end): take back the ones merged behind the merge, then fill this one.
            Reclaim(start >> _segmentShift);
            segment = _segments[index];
            if (segment is null)
            {
                segment = _free ?? new RingSegment<TContext, TItem>(SegmentLength);
                _free = segment.NextFree;
                segment.NextFree = null;

                // Release: published before any chunk in it is handed out, so a worker that marks a run and the merge
                // that reads the mark (Volatile.Read, see FinishedRunAt) both see this segment, not an older one.
                Volatile.Write(ref _segments[index], segment);
            }
        }

        return segment.Results;
    }

    /// <summary>How many slots follow <paramref name="start"/> in its segment: runs end where segments do.</summary>
    public int RoomAfter(long start) => SegmentLength - OffsetOf(start);

    public void RunFinished(BatchItemResult<TContext, TItem>[] results, int offset, int count)
    {
        // The run's first result names its position. Its segment stays in the table until the run is merged, which
        // needs this mark, and this worker got the run's chunk after the reader published the segment.
        var segment = _segments[SegmentOf(results[offset].Index)]!;
        Debug.Assert(ReferenceEquals(segment.Results, results), "a run's results are in the segment of its position");
        Interlocked.Exchange(ref segment.FinishedRuns[offset], count);
        Flush();
    }

    /// <summary>
    /// Moves every segment wholly merged (counted from the batch's start, below <paramref name="entering"/>) to the free
    /// list, but the one at <paramref name="entering"/>'s position, which the reader keeps in place: the merge may still
    /// be in its previous lap, whose runs then share it with this one (the window guarantees they do not overlap).
    /// </summary>
    /// <remarks>
    /// The merge never reads these again in this lap, and reads their positions in the next one only once it merged a
    /// run claimed after this (see <see cref="FinishedRunAt"/>). _merged is read with acquire, and the merge writes it
    /// (release) after clearing a run's slots and mark, so a segment taken back starts clear. A position the reader
    /// already entered in a later lap holds that lap's segment: it is skipped.
    /// </remarks>
    private void Reclaim(long entering)
    {
        var merged = Volatile.Read(ref _merged) >> _segmentShift; // whole segments merged, never more than read
        for (var segment = Math.Max(_unreclaimed, entering - _segments.Length + 1); segment < merged; segment++)
        {
            ref var slot = ref _segments[(int)segment & (_segments.Length - 1)];
            if (slot is not null)
            {
                slot.NextFree = _free;
                _free = slot;
                slot = null;
            }
        }

        _unreclaimed = Math.Max(_unreclaimed, merged);
    }

    /// <summary>The length of the finished run that starts at input index <paramref name="index"/>; 0 when none has yet.</summary>
    /// <remarks>
    /// The merge reaches an index only by merging a run the reader claimed after it last took that index's segment
    /// back (a run handed out after that, whose mark was read with acquire), so the segment read here is never one
    /// since reused elsewhere: it is the index's own, or null or the previous lap's (cleared) when the reader has not
    /// published it yet, and then no run there has been marked; whoever marks one looks again (see <see cref="Flush"/>).
    /// </remarks>
    private int FinishedRunAt(long index, out RingSegment<TContext, TItem>? segment, out int offset)
    {
        offset = OffsetOf(index);
        segment = Volatile.Read(ref _segments[SegmentOf(index)]);
        return segment is null ? 0 : Volatile.Read(ref segment.FinishedRuns[offset]);
    }

    /// <summary>Whether <paramref name="count"/> more items, after <paramref name="read"/>, fit in the window.</summary>
    /// <remarks>
    /// With a stream, the window starts at the oldest result its consumer has not taken, and never after the
    /// oldest unmerged one: the consumer may take a run's results before <see cref="Flush"/> has cleared that
    /// run's slots, and a chunk read into them then would have its results and its finished mark wiped. And the
    /// results merged but not taken may not pass the consumer's backlog: behind a slow item the whole window still
    /// reads ahead, but a consumer that stops pulling stops the reader after a backlog, not a window.
    /// </remarks>
    public bool HasRoom(long read, int count)
    {
        var merged = Volatile.Read(ref _merged);
        if (_stream is null)
        {
            return read + count - merged <= Capacity;
        }

        var taken = _stream.Taken;
        return read + count - Math.Min(taken, merged) <= Capacity && merged - taken <= _consumerBacklog;
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
                var count = FinishedRunAt(_merged, out var segment, out var offset);
                if (count == 0)
                {
                    break;
                }

                failed |= MergeFinal(segment!.Results, offset, count);
                Array.Clear(segment.Results, offset, count);
                segment.FinishedRuns[offset] = 0;
                Volatile.Write(ref _merged, _merged + count); // release: the reader takes the segment back only after this

                // Full fence (Interlocked): the reader publishes its waiter, then re-reads _merged; one of us sees the other.
                Wake();
            }

            Interlocked.Exchange(ref _merging, 0); // full fence: release, then look again for runs marked meanwhile
            if (failed)
            {
                _stop.StopNow(); // a merge that cannot take results must not let items run on
            }

            if (FinishedRunAt(Volatile.Read(ref _merged), out _, out _) == 0)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The seam "a contiguous run of results is final": every result before this run is merged, so
    /// this is the commit point. Keeps its failures and merges it; returns true when the merge threw.
    /// </summary>
    private bool MergeFinal(BatchItemResult<TContext, TItem>[] results, int offset, int count)
    {
        var run = new ReadOnlySpan<BatchItemResult<TContext, TItem>>(results, offset, count);
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
                await waiter.Task.WaitAsync(_stop.Halted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return !_stop.IsHalted;
    }
}

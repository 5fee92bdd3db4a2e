using System.Runtime.CompilerServices;
using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Batching;

/// <summary>
/// The window's ring is made of 4,096-slot segments, allocated as the reader reaches them and reused once merged.
/// Batches that end just before, on and after a segment's end, and batches that wrap the window several times
/// behind a slow head item (so the window binds), must still merge every result exactly once, in input order.
/// </summary>
public class StreamingSegmentBoundaryTests
{
    private const int Segment = 4_096;
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    public static TheoryData<int, int, bool> Batches()
    {
        var data = new TheoryData<int, int, bool>();
        foreach (var limit in new[] { 1, 4, 64, 10_000 })
        {
            foreach (var count in new[] { Segment - 1, Segment, Segment + 1, (3 * Segment) - 1, 3 * Segment, (5 * Segment) + 1 })
            {
                data.Add(limit, count, true);
                data.Add(limit, count, false);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public async Task Batches_at_segment_boundaries_behind_a_slow_head_merge_every_result_once_in_order(int limit, int count, bool streamed)
    {
        var (gate, timedOut) = SlowHead(limit, count);
        var context = new StreamingTestContext { Items = () => Items(count, streamed) };
        var work = Node.CreateAsync<StreamingTestContext>("work", async (c, token) =>
        {
            await gate(c.Item);
            c.Output = 1;
        });

        var report = await new BatchFlow<StreamingTestContext, int>(work, new() { MaxDegreeOfParallelism = limit }).RunAsync(context).WaitAsync(Guard);

        Assert.False(timedOut(), "the items the window admits never all finished behind the slow one");
        Assert.Empty(context.Violations); // no merge nested or overlapping, no index out of order or twice
        Assert.Equal(count, context.Merged);
        Assert.Equal(count, context.OutputSum);
        Assert.Equal(count, context.StatusOf.Count);
        Assert.Equal(count, report.Succeeded);
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public async Task Batches_at_segment_boundaries_behind_a_slow_head_stream_every_result_once_in_order(int limit, int count, bool streamed)
    {
        var (gate, timedOut) = SlowHead(limit, count);
        var context = new TestContext { Items = () => Items(count, streamed) };
        var work = Node.CreateAsync<TestContext>("work", async (c, token) =>
        {
            await gate(c.Item);
            c.Output = c.Item;
        });

        long taken = 0;
        await foreach (var result in new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = limit }).StreamAsync(context))
        {
            Assert.Equal(taken, result.Index);
            Assert.Equal(BatchItemStatus.Succeeded, result.Status);
            Assert.Equal(taken, result.Context!.Output);
            if (++taken % 1_000 == 0)
            {
                await Task.Yield(); // a consumer that lags now and then: the window also binds on what it took
            }
        }

        Assert.False(timedOut(), "the items the window admits never all finished behind the slow one");
        Assert.Equal(count, taken);
        Assert.Equal(count, Assert.Single(context.Updates).Total);
    }

    [Fact]
    public void A_segment_whose_last_lap_is_not_all_merged_is_shared_with_the_next_lap()
    {
        // Two segments; the oldest run is merged, the rest of the first lap is not, and the reader, one window past
        // the merged run, enters the first segment again. Both laps must live in it, then merge in order.
        const int Ring = 2 * Segment;
        const int Chunk = 64;
        var context = new StreamingTestContext();
        using var stop = new BatchStop(CancellationToken.None);
        var merge = new StreamingMerge<StreamingTestContext, int>(context, Ring, new BatchCounts(), stop);
        var runs = new List<(BatchItemResult<StreamingTestContext, int>[] Slots, int Offset, int Count)>();
        for (var read = 0L; read <= Ring; read += Chunk)
        {
            if (read == Ring)
            {
                Assert.False(merge.HasRoom(read, Chunk)); // the window binds on the unmerged first run
                merge.RunFinished(runs[0].Slots, runs[0].Offset, runs[0].Count);
            }

            Assert.True(merge.HasRoom(read, Chunk));
            Assert.Equal(Segment - (read % Segment), merge.RoomAfter(read));
            var slots = merge.Claim(read, out var offset);
            for (var i = 0; i < Chunk; i++)
            {
                slots[offset + i] = new(read + i, (int)(read + i), BatchItemStatus.Succeeded, null, default, null, TimeSpan.Zero);
            }

            runs.Add((slots, offset, Chunk));
        }

        Assert.False(merge.HasRoom(Ring + Chunk, Chunk)); // one merged run made room for one run of the next lap
        Assert.Equal(Chunk, merge.Merged);
        Assert.Same(runs[0].Slots, runs[Ring / Chunk].Slots); // the next lap reuses the first segment in place

        // The rest finish newest first: nothing merges until the oldest unmerged run does, then everything in order.
        for (var run = runs.Count - 1; run > 1; run--)
        {
            merge.RunFinished(runs[run].Slots, runs[run].Offset, runs[run].Count);
        }

        Assert.Equal(Chunk, merge.Merged);
        merge.RunFinished(runs[1].Slots, runs[1].Offset, runs[1].Count);

        Assert.Empty(context.Violations);
        Assert.Equal(runs.Count * Chunk, merge.Merged);
        Assert.Equal(runs.Count * Chunk, context.Merged);
    }

    [Fact]
    public async Task A_segment_shared_by_two_laps_while_items_of_both_finish_at_once_merges_every_result_once_in_order()
    {
        // At 64 the window is several segments. An item near a segment's end holds the merge there until the reader has
        // entered that segment again, a window later: workers then finish runs of both laps in it at once.
        const int Limit = 64;
        var window = StreamingMerge<StreamingTestContext, int>.WindowSize(Limit);
        Assert.True(window >= 4 * Segment, "the window spans several segments");
        var count = 5 * window;
        var slow = Enumerable.Range(0, 3).Select(lap => (lap * window) + Segment + (Segment - 10)).ToArray();
        var read = new StrongBox<long>();
        var context = new StreamingTestContext { Items = () => new BatchItems<int>(Sources.Stream(count, read)) };
        var shared = 0;
        var work = Node.CreateAsync<StreamingTestContext>("work", async (c, token) =>
        {
            if (Array.IndexOf(slow, c.Item) >= 0)
            {
                var nextLap = c.Item - (c.Item % Segment) + window + ChunkFeed<StreamingTestContext, int>.MaxChunkSize;
                while (Interlocked.Read(ref read.Value) < nextLap)
                {
                    await Task.Delay(1, token);
                }

                Interlocked.Increment(ref shared);
            }
            else if (c.Item % 7 == 3)
            {
                await Task.Yield(); // runs finish out of order, in both laps of the shared segment
            }

            c.Output = 1;
        });

        var report = await new BatchFlow<StreamingTestContext, int>(work, new() { MaxDegreeOfParallelism = Limit }).RunAsync(context).WaitAsync(Guard);

        Assert.Equal(slow.Length, shared);
        Assert.Empty(context.Violations);
        Assert.Equal(count, context.Merged);
        Assert.Equal(count, context.OutputSum);
        Assert.Equal(count, context.StatusOf.Count);
        Assert.Equal(count, report.Succeeded);
    }

    private static BatchItems<int> Items(int count, bool streamed) =>
        streamed ? new BatchItems<int>(Sources.Stream(count, new StrongBox<long>())) : new BatchItems<int>(Enumerable.Range(0, count).ToArray());

    /// <summary>
    /// Item 0 waits until every item the window admits behind it has finished (none at a limit of one, where it
    /// holds the only worker); every seventh item awaits, so runs finish out of order across segment ends.
    /// </summary>
    private static (Func<int, ValueTask> Gate, Func<bool> TimedOut) SlowHead(int limit, int count)
    {
        var window = StreamingMerge<StreamingTestContext, int>.WindowSize(limit);
        var admitted = limit == 1 ? 0 : Math.Min(count - 1, window - ((limit + 1) * ChunkFeed<StreamingTestContext, int>.MaxChunkSize));
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (admitted == 0)
        {
            released.TrySetResult();
        }

        long finished = 0;
        var timedOut = false;
        async ValueTask Gate(int item)
        {
            if (item == 0)
            {
                timedOut = await Task.WhenAny(released.Task, Task.Delay(Guard)) != released.Task;
                await Task.Yield();
                return;
            }

            if (item % 7 == 3)
            {
                await Task.Yield();
            }

            if (Interlocked.Increment(ref finished) == admitted)
            {
                released.TrySetResult();
            }
        }

        return (Gate, () => timedOut);
    }
}

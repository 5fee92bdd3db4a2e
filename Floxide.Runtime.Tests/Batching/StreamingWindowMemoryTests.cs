using System.Runtime.CompilerServices;
using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Batching;

/// <summary>
/// The window bounds how far the reader may run ahead; memory follows how far it does. A high limit is a
/// ceiling users are told to set, so it must not cost its window up front. Allocation counts every thread,
/// so these tests run alone (their collection is not parallelized); the bounds are generous, no time is asserted.
/// </summary>
[Collection(nameof(StreamingWindowMemoryTests))]
[CollectionDefinition(nameof(StreamingWindowMemoryTests), DisableParallelization = true)]
public class StreamingWindowMemoryTests
{
    // One 4,096-slot segment is about 0.2 MB; the whole window was 109 MB at a limit of 10,000 and 872 MB above 65,536.
    private const long FewMegabytes = 4L << 20;

    [Theory]
    [InlineData(10_000)]
    [InlineData(int.MaxValue)]
    public async Task A_three_item_stream_at_a_high_limit_allocates_what_it_reads_not_the_window(int limit)
    {
        var work = Node.Create<StreamingTestContext>("work", c => c.Output = 1);
        var flow = new BatchFlow<StreamingTestContext, int>(work, new() { MaxDegreeOfParallelism = limit });
        await flow.RunAsync(ThreeStreamed()); // first-run type loading is not the run's cost

        var context = ThreeStreamed();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var report = await flow.RunAsync(context);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Empty(context.Violations);
        Assert.Equal(3, context.Merged);
        Assert.Equal(3, report.Succeeded);
        Assert.InRange(allocated, 0, FewMegabytes);
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(int.MaxValue)]
    public async Task A_three_item_stream_consumed_with_StreamAsync_at_a_high_limit_allocates_what_it_reads(int limit)
    {
        var work = Node.Create<TestContext>("work", c => c.Output = c.Item);
        var flow = new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = limit });
        await Consume(flow);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var taken = await Consume(flow);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(3, taken);
        Assert.InRange(allocated, 0, FewMegabytes);

        static async Task<int> Consume(BatchFlow<TestContext, int> flow)
        {
            var taken = 0;
            await foreach (var result in flow.StreamAsync(TestContext.Over(Sources.Stream(3, new StrongBox<long>()))))
            {
                Assert.Equal(taken++, result.Index);
            }

            return taken;
        }
    }

    [Theory]
    [InlineData(null)] // a stream: the ring spans the whole window (16 M slots at this limit)
    [InlineData(1_000_000L)] // an in-memory batch: the ring spanned the whole batch, up to the window
    public void A_long_batch_read_a_few_chunks_ahead_reuses_a_few_segments(long? knownCount)
    {
        // The merge alone, driven as the engine drives it, so only the merge allocates: a million items read
        // in 64-item chunks that finish eight chunks behind the reader. The reader sweeps the whole ring, so
        // a ring that only allocated each segment on first use would still end up allocating all of it.
        const int Count = 1_000_000;
        const int Chunk = 64;
        const int Behind = 8;
        var context = new CountingContext();
        var inFlight = new Queue<(BatchItemResult<CountingContext, int>[] Slots, int Offset, int Count)>(Behind + 1);
        using var stop = new BatchStop(CancellationToken.None);
        var ringSize = StreamingMerge<CountingContext, int>.RingSize(int.MaxValue, knownCount);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var merge = new StreamingMerge<CountingContext, int>(context, ringSize, new BatchCounts(), stop);
        for (var read = 0L; read < Count;)
        {
            var count = (int)Math.Min(Math.Min(Chunk, merge.RoomAfter(read)), Count - read);
            Assert.True(merge.HasRoom(read, count));
            var slots = merge.Claim(read, out var offset);
            for (var i = 0; i < count; i++)
            {
                slots[offset + i] = new(read + i, (int)(read + i), BatchItemStatus.Succeeded, null, default, null, TimeSpan.Zero);
            }

            inFlight.Enqueue((slots, offset, count));
            read += count;
            if (inFlight.Count > Behind)
            {
                var (finished, at, length) = inFlight.Dequeue();
                merge.RunFinished(finished, at, length);
            }
        }

        while (inFlight.TryDequeue(out var run))
        {
            merge.RunFinished(run.Slots, run.Offset, run.Count);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, context.OutOfOrder);
        Assert.Equal(Count, context.Merged);
        Assert.Equal(Count, merge.Merged);
        Assert.InRange(allocated, 0, FewMegabytes);
    }

    [Fact]
    public async Task A_streaming_run_allocates_nothing_per_item_but_the_item_context()
    {
        // The README (How it is fast): a streaming context keeps results in a bounded ring and allocates nothing per item
        // but the item context. This context is every item's context itself, so the second 100,000 items of a run twice as
        // long may add only what grows per chunk, where a copy or a box per item, 24 bytes at least, would add 2.4 MB.
        const int Count = 100_000;
        var flow = new BatchFlow<CountingContext, int>(Node.Create<CountingContext>("work", _ => { }), new() { MaxDegreeOfParallelism = 4 });
        await flow.RunAsync(new CountingContext { Items = Count }); // first-run type loading is not the run's cost

        var fewest = (Once: long.MaxValue, Twice: long.MaxValue);
        for (var round = 0; round < 3; round++)
        {
            fewest.Once = Math.Min(fewest.Once, await AllocatedBy(Count));
            fewest.Twice = Math.Min(fewest.Twice, await AllocatedBy(2 * Count));
        }

        // Under half the smallest object (24 bytes) per item: what grows with the run is per chunk of up to 64 items (in the
        // Debug build the tests run, whose async state machines are classes, the reader's: about 170 bytes a chunk), never
        // an object per item.
        Assert.InRange(fewest.Twice - fewest.Once, long.MinValue, 12L * Count);

        async Task<long> AllocatedBy(int items)
        {
            var context = new CountingContext { Items = items };
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var report = await flow.RunAsync(context);
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            Assert.Equal((items, items, 0L), (report.Succeeded, context.Merged, context.OutOfOrder));
            return allocated;
        }
    }

    private static StreamingTestContext ThreeStreamed() => new() { Items = () => new BatchItems<int>(Sources.Stream(3, new StrongBox<long>())) };

    /// <summary>A streaming context that allocates nothing per result: it only checks their order.</summary>
    private sealed class CountingContext : IStreamingBatchContext<CountingContext, int>
    {
        public long Merged { get; private set; }

        public long OutOfOrder { get; private set; }

        public int Items { get; init; }

        public BatchItems<int> GetBatchItems() => new(Enumerable.Range(0, Items));

        public CountingContext CreateItemContext(int item) => this;

        public void MergeResults(ReadOnlySpan<BatchItemResult<CountingContext, int>> results)
        {
            foreach (var result in results)
            {
                OutOfOrder += result.Index == Merged ? 0 : 1;
                Merged++;
            }
        }

        public void UpdateWithResults(BatchResults<CountingContext, int> results)
        {
        }
    }
}

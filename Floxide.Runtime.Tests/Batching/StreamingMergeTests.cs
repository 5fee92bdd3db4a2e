using System.Runtime.CompilerServices;
using Floxide.Runtime.Tests.Support;
using Floxide.Testing;

namespace Floxide.Runtime.Tests.Batching;

public class StreamingMergeTests
{
    [Fact]
    public async Task A_million_streamed_items_merge_exactly_once_in_order_and_nothing_is_retained()
    {
        const int Count = 1_000_000;
        var context = new StreamingTestContext { Items = () => new BatchItems<int>(Sources.Stream(Count, new StrongBox<long>())) };
        var work = Node.Create<StreamingTestContext>("work", c => { c.Output = c.Item % 3; });

        var report = await new BatchFlow<StreamingTestContext, int>(work, new() { MaxDegreeOfParallelism = 4 }).RunAsync(context);

        Assert.Empty(context.Violations);
        Assert.Equal(Count, context.Merged);
        Assert.Equal(Enumerable.Range(0, Count).Sum(i => (long)(i % 3)), context.OutputSum);
        var results = Assert.Single(context.Updates);
        Assert.Empty(results); // nothing held by the engine
        Assert.Equal(Count, results.Total);
        Assert.Equal(Count, report.Succeeded);
    }

    [Theory]
    [InlineData(1, 4_096)]
    [InlineData(30, 4_096)]
    [InlineData(31, 8_192)]
    [InlineData(10_000, 2_097_152)]
    public void The_window_is_4096_slots_up_to_a_limit_of_30_and_about_128_per_unit_above(int limit, int slots) =>
        Assert.Equal(slots, StreamingMerge<StreamingTestContext, int>.WindowSize(limit));

    [Theory]
    [InlineData(1, 192)]
    [InlineData(4, 384)]
    [InlineData(64, 4_224)]
    public void A_stream_consumer_s_backlog_is_the_limit_plus_two_times_64_results(int limit, int results) =>
        Assert.Equal(results, StreamingMerge<StreamingTestContext, int>.ConsumerBacklog(limit));

    [Fact]
    public void The_readme_states_the_window_and_the_stream_backlog_the_engine_uses()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root(), "README.md"));

        Assert.Contains("4,096 slots up to a limit of 30, and above it about", readme, StringComparison.Ordinal);
        Assert.Contains("128 per unit of the limit, rounded up to a power of two", readme, StringComparison.Ordinal);
        Assert.Contains("once more than (`MaxDegreeOfParallelism` + 2) × 64 results wait for it (192 at a limit of 1)", readme, StringComparison.Ordinal);
        Assert.Equal(192, StreamingMerge<StreamingTestContext, int>.ConsumerBacklog(1));

        // Then what may still start: the backlog, a chunk per worker, and the chunk read as the backlog filled (the bound
        // itself is checked with running workers at a limit of 1, in StreamAsyncTests).
        Assert.Contains("at most (2 × `MaxDegreeOfParallelism` + 3) × 64 items start after the consumer's last take, 2,240 at a limit", readme, StringComparison.Ordinal);
        Assert.Equal(2_240, StreamingMerge<StreamingTestContext, int>.ConsumerBacklog(16) + (16 + 1) * ChunkFeed<StreamingTestContext, int>.MaxChunkSize);
    }

    [Fact]
    public async Task Reading_pauses_once_more_than_the_backlog_waits_for_the_consumer_and_resumes_when_it_takes_one()
    {
        // One thread, no workers: the merge and the stream alone, so the bound is exact at any limit.
        const int Limit = 4;
        var backlog = StreamingMerge<StreamingTestContext, int>.ConsumerBacklog(Limit);
        using var stop = new BatchStop(CancellationToken.None);
        var stream = new ResultStream<StreamingTestContext, int>();
        var merge = new StreamingMerge<StreamingTestContext, int>(
            null, StreamingMerge<StreamingTestContext, int>.WindowSize(Limit), new BatchCounts(), stop, stream, backlog);
        stream.Attach(merge);
        long read = 0;
        void FinishOne()
        {
            var slots = merge.Claim(read, out var offset);
            slots[offset] = new(read, (int)read, BatchItemStatus.Succeeded, null, default, null, TimeSpan.Zero);
            merge.RunFinished(slots, offset, 1);
            read++;
        }

        while (merge.HasRoom(read, 1))
        {
            FinishOne();
        }

        // Far inside the window, the reader stopped where one more than the backlog waits.
        Assert.Equal(backlog + 1, read);
        Assert.Equal(backlog + 1, merge.Merged);

        var room = merge.WaitForRoomAsync(read, 1, () => false);
        Assert.False(room.IsCompleted);
        Assert.True(stream.TryTake(out var first));
        Assert.Equal(0, first.Index);
        Assert.True(await room.AsTask().WaitAsync(TimeSpan.FromSeconds(30))); // the take woke the waiting reader
        Assert.True(merge.HasRoom(read, 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10_000)]
    public async Task In_memory_batches_of_any_size_merge_every_item_once_in_order(int count)
    {
        // The ring is sized to the batch when that is smaller than the window; larger ones wrap around it.
        var context = new StreamingTestContext { Items = () => Enumerable.Range(0, count).ToArray() };
        var work = Node.CreateAsync<StreamingTestContext>("work", async (c, token) =>
        {
            if (c.Item % 3 == 0)
            {
                await Task.Yield();
            }

            c.Output = 1;
        });

        var report = await new BatchFlow<StreamingTestContext, int>(work, new() { MaxDegreeOfParallelism = 64 }).RunAsync(context);

        Assert.Empty(context.Violations);
        Assert.Equal(count, context.Merged);
        Assert.Equal(count, context.OutputSum);
        Assert.Equal(count, report.Succeeded);
    }

    [Fact]
    public async Task A_slow_item_pauses_reading_at_the_window_instead_of_growing_memory()
    {
        const int Limit = 4;
        const int Count = 20_000;
        var window = StreamingMerge<StreamingTestContext, int>.WindowSize(Limit);
        var read = new StrongBox<long>();
        long completed = 0;
        long maxAhead = 0;
        long readWhenReleased = -1;
        StreamingTestContext? context = null;

        async IAsyncEnumerable<int> Watched()
        {
            await foreach (var item in Sources.Stream(Count, read))
            {
                maxAhead = Math.Max(maxAhead, read.Value - context!.Merged);
                yield return item;
            }
        }

        context = new StreamingTestContext { Items = () => new BatchItems<int>(Watched()) };

        // Hold the oldest item until everything the window admits (but the chunks in flight) has finished.
        var admitted = window - ((Limit + 1) * ChunkFeed<StreamingTestContext, int>.MaxChunkSize);
        var allAdmittedFinished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var timedOut = false;
        var work = Node.CreateAsync<StreamingTestContext>("work", async (c, token) =>
        {
            if (c.Item == 0)
            {
                timedOut = await Task.WhenAny(allAdmittedFinished.Task, Task.Delay(TimeSpan.FromSeconds(30), token)) != allAdmittedFinished.Task;
                readWhenReleased = read.Value;
                return;
            }

            if (Interlocked.Increment(ref completed) == admitted)
            {
                allAdmittedFinished.TrySetResult();
            }
        });

        await new BatchFlow<StreamingTestContext, int>(work, new() { MaxDegreeOfParallelism = Limit }).RunAsync(context);

        Assert.False(timedOut, "the items the window admits never all finished behind the slow one");
        Assert.Empty(context.Violations);
        Assert.Equal(Count, context.Merged);
        Assert.InRange(readWhenReleased, 1, window); // the source waited for the slow item
        Assert.InRange(maxAhead, 1, window);
    }

    [Fact]
    public async Task Cancellation_merges_every_item_of_an_in_memory_source_before_throwing()
    {
        using var cancellation = new CancellationTokenSource();
        var context = new StreamingTestContext { Items = () => Enumerable.Range(0, 5_000).ToArray() };
        var work = Node.Create<StreamingTestContext>("work", c =>
        {
            if (c.Item == 100)
            {
                cancellation.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new BatchFlow<StreamingTestContext, int>(work, new() { MaxDegreeOfParallelism = 2 }).RunAsync(context, null, cancellation.Token));

        Assert.Empty(context.Violations);
        Assert.Equal(5_000, context.Merged);
        Assert.True(context.Statuses[BatchItemStatus.Canceled] > 0);
        Assert.Equal(5_000, Assert.Single(context.Updates).Total);
    }

    [Fact]
    public async Task A_failing_merge_stops_the_batch_with_a_clear_error()
    {
        var merges = 0;
        var context = new StreamingTestContext
        {
            Items = () => new BatchItems<int>(Sources.Lazy(100_000)),
            OnMerge = _ =>
            {
                if (++merges == 3)
                {
                    throw new InvalidOperationException("sink is full");
                }
            },
        };
        var work = Node.Create<StreamingTestContext>("work", _ => { });

        var exception = await Assert.ThrowsAsync<FloxideException>(
            () => new BatchFlow<StreamingTestContext, int>(work, new() { MaxDegreeOfParallelism = 2 }, "sink").RunAsync(context));

        Assert.Equal("sink", exception.NodeId);
        Assert.IsType<InvalidOperationException>(exception.InnerException);
        Assert.Contains("merging results", exception.Message, StringComparison.Ordinal);
        Assert.Equal(3, merges); // no merge after the failure
        Assert.Empty(context.Updates);
    }
}

using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Batching;

/// <summary>
/// Workers that find the source ended stand by while a chunk runs on that may still offer its rest: how many do. The
/// loop is the engine's (<see cref="ChunkLoop"/>'s for a sequence) with one change: a pumped scheduler, so every worker
/// runs on the test's thread, one task at a time, and what the loop launches is counted, not timed.
/// </summary>
public class StandingByWorkerTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Workers_standing_by_at_the_end_of_a_sequence_are_bounded_by_what_is_left_to_offer_not_by_the_limit(bool knownCount)
    {
        // A worker handed its first chunk launches the loop's next worker, and an empty chunk to stand by with is a chunk.
        // Item 0 runs on synchronously once the other worker has run item 1 and found the source ended: unbounded, each
        // worker launched then stands by and launches another, up to the limit (int.MaxValue). Item 0 runs the workers
        // queued meanwhile itself, until none is left (or a runaway number stood by).
        const int Runaway = 1_000;
        var scheduler = new PumpedScheduler();
        var standing = 0;
        var options = new BatchOptions { MaxDegreeOfParallelism = int.MaxValue };
        var node = new BatchNode<TestContext, int>("batch", Node.Create<TestContext>("work", c =>
        {
            if (c.Item == 0)
            {
                while (standing < Runaway && scheduler.RunNext())
                {
                }
            }
        }), options);
        IEnumerable<int> items = knownCount ? [0, 1] : Sources.Lazy(2);
        using var stop = new BatchStop(CancellationToken.None);
        var counts = new BatchCounts();
        var sink = new ResultSlots<TestContext, int>(knownCount ? 2 : null);
        var feed = new ChunkFeed<TestContext, int>(sink, null, knownCount ? 2 : null, options.MaxDegreeOfParallelism, stop.Halted);
        using var worker = new ChunkWorker<TestContext, int>(node, new TestContext(), stop, counts, feed, sink);
        using var source = items.GetEnumerator();
        var loopOptions = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = stop.Halted, TaskScheduler = scheduler };

        await scheduler.Run(
            () => Parallel.ForEachAsync(new SequenceChunker<TestContext, int>(feed, source), loopOptions, (chunk, token) =>
            {
                if (chunk.Count == 0)
                {
                    standing++; // one thread: the pump's
                }

                return worker.ProcessChunkAsync(chunk, token);
            }),
            Guard);

        Assert.True(standing < Runaway, "workers were launched to stand by without bound while item 0 ran");
        Assert.True(standing < ChunkFeed<TestContext, int>.MaxChunkSize, $"{standing} workers stood by for one unfinished chunk");
        Assert.Equal(2, counts.Succeeded);
    }

    /// <summary>
    /// An offer is one rest, which one worker runs: it wakes one of the workers standing by, not all of them (the others
    /// would only ask the chunker again and stand by again). The chunk's last finish wakes them all, as none can be offered
    /// anything more, and they leave.
    /// </summary>
    [Fact]
    public async Task An_offered_rest_wakes_one_worker_standing_by_and_the_chunks_last_finish_wakes_the_others()
    {
        using var stop = new CancellationTokenSource();
        var sink = new ResultSlots<TestContext, int>(null);
        var feed = new ChunkFeed<TestContext, int>(sink, null, null, 8, stop.Token);
        var chunk = feed.HandOut([1, 2, 3], 3); // unfinished: up to 63 workers may stand by for its rests
        var standing = new List<Task>();
        for (var i = 0; i < 5; i++)
        {
            Assert.True(feed.TryStandBy());
            standing.Add(feed.StandByWithChunkAsync(stop.Token).AsTask());
        }

        Assert.All(standing, s => Assert.False(s.IsCompleted));

        feed.Offer(new OfferedChunk<TestContext, int>(chunk.From(1)));
        await standing[0].WaitAsync(Guard); // the first to stand by
        for (var i = 0; i < 100; i++)
        {
            await Task.Yield(); // turns of the thread pool, where any other wake-up would be queued already
        }

        Assert.Equal(1, standing.Count(s => s.IsCompleted));
        Assert.True(feed.TryTakeOffered(out var rest)); // what the woken worker then asks for
        Assert.Equal(2, rest.Count);

        feed.OnChunkFinished();
        await Task.WhenAll(standing).WaitAsync(Guard);
        Assert.False(feed.MayOffer);
    }
}

using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Batching;

/// <summary>How many items a worker reads at once: the README's "How it is fast".</summary>
public sealed class ChunkSizeTests
{
    [Fact]
    public async Task Chunks_double_while_items_complete_synchronously_and_drop_back_to_one_item_after_one_awaits()
    {
        // At a limit of one the reads and the runs interleave in one order: each run of reads is a chunk. 300 known items
        // cap a chunk at 64 (a quarter of the items per worker, at most 64); item 100 awaits, in the chunk of 63 to 126.
        const int Count = 300;
        const int Awaiting = 100;
        var events = new List<(bool Read, int Item)>();
        var source = Sources.Watched(Count, asked =>
        {
            lock (events)
            {
                events.Add((true, asked));
            }
        });
        var work = Node.CreateAsync<TestContext>("work", async (context, _) =>
        {
            lock (events)
            {
                events.Add((false, context.Item));
            }

            if (context.Item == Awaiting)
            {
                await Task.Yield();
            }
        });

        var report = await new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 1 }).RunAsync(TestContext.Over(source));

        var chunks = new List<int>();
        var reads = 0;
        foreach (var (read, item) in events.Where(e => e.Item < Count))
        {
            if (read)
            {
                reads++;
            }
            else if (reads > 0)
            {
                chunks.Add(reads);
                reads = 0;
            }
        }

        Assert.Equal(Count, report.Succeeded);
        // Before the await: 1, 2, 4, ... 64. After it (the rest of its chunk runs on as it was read): one item again, then
        // doubling, to the 46 items left at the end.
        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 1, 2, 4, 8, 16, 32, 64, 46], chunks);
    }
}

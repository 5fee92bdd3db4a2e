using System.Threading.RateLimiting;
using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Resilience;

/// <summary>
/// A permit a release grants inline goes to an item waiting outside the gate, which must queue for the slot the releasing
/// attempt is about to leave (ahead of attempts holding no permit) before it goes on off the releasing stack. Gone on
/// first, it found the slot handed to an attempt holding none, and waited that whole attempt out holding its permit.
/// </summary>
public sealed class InlineGrantGateOrderTests
{
    /// <remarks>
    /// A built-in limiter completes its grant asynchronously, so there the grant races the slot's release, and an attempt
    /// holding no permit may take the slot first: the promise holds for a grant made before the slot is left.
    /// </remarks>
    [Fact]
    public async Task A_permit_granted_inline_by_a_release_takes_the_released_slot_ahead_of_an_attempt_holding_none()
    {
        for (var round = 0; round < 5; round++)
        {
            await RunRound(round);
        }
    }

    /// <summary>Items 0 and 1 (the slow partition's), then, once item 1 waits outside the gate for the permit item 0 holds, 2 and 3.</summary>
    private static async IAsyncEnumerable<int> Items(Signal firstStarted, Task queued)
    {
        yield return 0;
        await firstStarted.WaitAsync(); // item 0 holds the slow partition's one permit
        yield return 1;
        await queued;
        yield return 2;
        yield return 3;
    }

    private static async Task RunRound(int round)
    {
        using var slow = new InlineQueueLimiter(1);
        var queued = slow.WhenQueued(1).WaitAsync();
        using var limiter = PartitionedRateLimiter.Create<int, string>(item => item < 2
            ? RateLimitPartition.Get("slow", _ => slow)
            : RateLimitPartition.GetNoLimiter("fast"));
        var firstStarted = new Signal();
        var releaseFirst = new Signal();
        var releaseFast = new Signal();
        var fastStarted = 0;
        var firstFast = new Signal();
        var secondFast = new Signal();
        var permitHolder = new Signal();
        var overtaken = false;
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            switch (context.Item)
            {
                case 0:
                    firstStarted.Set();
                    await releaseFirst.WaitAsync();
                    throw new InvalidOperationException("a neutral exit: the level stays at 2");
                case 1:
                    overtaken = secondFast.IsSet; // read as the permit holder starts
                    permitHolder.Set();
                    break;
                default:
                    (Interlocked.Increment(ref fastStarted) == 1 ? firstFast : secondFast).Set();
                    await releaseFast.WaitAsync();
                    break;
            }
        });
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 4,
            AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 2, MinimumLevel = 1 },
        };
        var run = new BatchFlow<TestContext, int>(work, options) { ItemRateLimiter = limiter }
            .RunAsync(TestContext.Over(Items(firstStarted, queued)));
        await firstFast.WaitAsync(); // item 2 holds the gate's other slot
        // Settling, never asserted: item 3 queues for a slot, holding no permit. Were it not queued yet, the round would only
        // be weaker (nothing to overtake item 1), not fail.
        await Task.Delay(200);

        var early = secondFast.IsSet; // item 3 cannot start before a slot is left: the level stays at 2
        releaseFirst.Set(); // item 0 ends: its permit goes to item 1 inline, then it leaves its slot
        await Task.WhenAny(permitHolder.WaitAsync(), secondFast.WaitAsync());
        releaseFast.Set();
        await permitHolder.WaitAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(overtaken || early, $"round {round}: an attempt holding no permit took the released slot; the permit holder waited it out");
    }
}

using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Batching;

/// <summary>
/// An option that changes nothing until it acts must not change how each item runs. Measured in bytes, not time:
/// allocation is what a per-item path adds first (the resilience path's per-item state), and bytes are exact where
/// durations are noise. Allocation counts every thread, so these run in the collection that runs alone.
/// </summary>
[Collection(nameof(StreamingWindowMemoryTests))]
public class UnusedFeatureAllocationTests
{
    private const int Count = 100_000;

    [Fact]
    public async Task A_grace_period_alone_allocates_nothing_per_item_beyond_a_plain_run()
    {
        // The resilience path adds its per-item state: about 800 bytes an item, 80 MB here.
        var work = Node.Create<TestContext>("work", c => c.Output = c.Item);
        var plain = new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 4 });
        var grace = new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 4, CancellationGracePeriod = TimeSpan.FromSeconds(10) });

        var (plainBytes, graceBytes) = await FewestAllocatedBy(plain, grace);

        // Under a byte an item, where the smallest object is 24: what is left is the run's own (a source, a registration)
        // and noise (the fewest of three runs was within 12 KB of the plain run's when first measured).
        Assert.InRange(graceBytes - plainBytes, long.MinValue, Count);
    }

    /// <summary>
    /// The fewest bytes a run of <see cref="Count"/> synchronous items allocates with each flow, after a first run of each
    /// loaded its types: the fewest is the run's own, the others may hold some of what the process allocated meanwhile
    /// (a test before this one still unwinding, the JIT's tiering). The two alternate, five rounds each, so such a burst
    /// cannot fall on every round of one of them.
    /// </summary>
    private static async Task<(long First, long Second)> FewestAllocatedBy(BatchFlow<TestContext, int> first, BatchFlow<TestContext, int> second)
    {
        await first.RunAsync(TestContext.Over(Enumerable.Range(0, Count)));
        await second.RunAsync(TestContext.Over(Enumerable.Range(0, Count)));

        var fewest = (First: long.MaxValue, Second: long.MaxValue);
        for (var round = 0; round < 5; round++)
        {
            fewest.First = Math.Min(fewest.First, await AllocatedBy(first));
            fewest.Second = Math.Min(fewest.Second, await AllocatedBy(second));
        }

        return fewest;
    }

    private static async Task<long> AllocatedBy(BatchFlow<TestContext, int> flow)
    {
        var context = TestContext.Over(Enumerable.Range(0, Count));
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var report = await flow.RunAsync(context);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(Count, report.Succeeded);
        return allocated;
    }
}

using System.Threading.Channels;
using Floxide.Runtime.Tests.Support;

namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// A declared [RateLimit] counts its time on the clock of the batch it limits (the generated text is in
/// Baselines/Resilience): a test's batch is paced by its fake clock, never by real seconds.
/// </summary>
public sealed class GeneratedRateLimitTests
{
    /// <summary>
    /// Two a second: two of the five items start at once, and each half second of the batch's clock starts one more, and
    /// only then. Each test has its own clock, so its own bucket: the step's one for the system's clock is not touched.
    /// </summary>
    [Fact]
    public async Task A_steps_rate_limit_starts_a_burst_then_one_run_each_half_second_of_the_batchs_clock()
    {
        var time = new RecordingTimeProvider();
        var node = new PacedStepNode();
        var context = new RetryBatch { Items = [1, 2, 3, 4, 5] };

        var run = RetryBatch.CreateBatchFlow(node, new BatchOptions { TimeProvider = time, MaxDegreeOfParallelism = 5 }).RunAsync(context);

        await AssertPacedAsync(time, node.NextStartAsync, () => node.HasUntakenStart);
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(5, report.Succeeded);
        Assert.Equal([1, 2, 3, 4, 5], context.Outputs);
    }

    [Fact]
    public async Task A_contexts_rate_limit_paces_the_items_attempts_on_the_batchs_clock()
    {
        var time = new RecordingTimeProvider();
        var started = Channel.CreateUnbounded<int>();
        var attempt = Node.Create<PacedBatch>("call", item => started.Writer.TryWrite(item.Item));
        var context = new PacedBatch { Items = [1, 2, 3, 4, 5] };

        var run = PacedBatch.CreateBatchFlow(attempt, PacedBatch.DefaultBatchOptions with { TimeProvider = time, MaxDegreeOfParallelism = 5 }).RunAsync(context);

        await AssertPacedAsync(time, () => started.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)), () => started.Reader.TryPeek(out _));
        Assert.Equal(5, (await run.WaitAsync(TimeSpan.FromSeconds(30))).Succeeded);
    }

    /// <summary>Two start at once; then each timer the bucket sets is due in half a second, and advancing to it starts one more.</summary>
    private static async Task AssertPacedAsync(RecordingTimeProvider time, Func<Task<int>> nextStart, Func<bool> hasUntakenStart)
    {
        var starts = new List<int> { await nextStart(), await nextStart() };
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(500), await time.NextTimerAsync()); // the next waiter's token
            Assert.False(hasUntakenStart()); // nothing more started before it
            time.Advance(TimeSpan.FromMilliseconds(500));
            starts.Add(await nextStart());
        }

        Assert.Equal([1, 2, 3, 4, 5], starts.Order());
        Assert.False(hasUntakenStart());
    }
}

using System.Collections.Concurrent;
using Floxide.Runtime.Tests.Support;
using Polly;
using Polly.Retry;

namespace Floxide.Runtime.Tests.Batching;

/// <summary>
/// The README's Draining section: a step's own retries belong to the running attempt and go on within the grace period,
/// "so an item whose step retries all fail within the period is <c>Failed</c>, in a durable run a dead letter that
/// <c>RetryFailed</c> runs again". The success side is in <see cref="CancellationGracePeriodTests"/>; this is the failure's.
/// </summary>
public sealed class StepRetriesExhaustedWhileDrainingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_item_whose_step_retries_all_fail_within_the_period_is_failed_recorded_as_a_dead_letter_and_run_again_under_RetryFailed()
    {
        var store = new InMemoryBatchStore();
        using var cancellation = new CancellationTokenSource();
        var running = new Signal();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = new ConcurrentDictionary<int, int>();
        var healed = false;
        var step = Node.CreateAsync<TestContext>("charge", async (context, token) =>
        {
            if (calls.AddOrUpdate(context.Item, 1, (_, n) => n + 1) == 1 && context.Item == 0)
            {
                running.Set();
                await release.Task.WaitAsync(token); // the cancellation lands here, in the first of three calls
            }

            context.Output = context.Item == 0 && !Volatile.Read(ref healed) ? throw new InvalidOperationException("declined 0") : context.Item + 100;
        }).WithResilience(new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 2, Delay = TimeSpan.Zero }).Build());
        var options = new BatchOptions { MaxDegreeOfParallelism = 1, CancellationGracePeriod = Timeout.InfiniteTimeSpan };
        var flow = new BatchFlow<TestContext, int>(step, options);
        DurableRun<TestContext, int> Durable() => new(store, "drained-retries", Codecs.Test());

        var context = TestContext.Over([0, 1]);
        var run = flow.RunDurableAsync(context, Durable(), cancellation.Token);
        await running.WaitAsync();
        await cancellation.CancelAsync();
        release.SetResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));

        Assert.Equal(3, calls[0]); // the step's two retries ran within the period
        Assert.False(calls.ContainsKey(1));
        var results = Assert.Single(context.Updates);
        Assert.Equal((BatchItemStatus.Failed, "declined 0", "charge"), (results[0].Status, results[0].Exception?.Message, results[0].FailedStepId));
        Assert.Equal(BatchItemStatus.Canceled, results[1].Status);
        var record = Assert.Single(await store.ReadItemsAsync("drained-retries", default)); // item 1 never ran: no record
        Assert.Equal((0L, BatchItemStatus.Failed), (record.Index, record.Status));

        // A rerun replays the dead letter without running it, and runs the item the cancellation kept from starting.
        calls.Clear();
        var replayed = await flow.RunDurableAsync(TestContext.Over([0, 1]), Durable()).WaitAsync(Patience);
        Assert.Equal([1], calls.Keys);
        Assert.Equal((1L, 1L), (replayed.Resumed, replayed.Failed));
        Assert.IsType<RecordedItemFailureException>(Assert.Single(replayed.Failures).Exception);

        // RetryFailed runs it again.
        calls.Clear();
        Volatile.Write(ref healed, true);
        var retried = TestContext.Over([0, 1]);
        var report = await flow.RunDurableAsync(retried, Durable() with { RetryFailed = true }).WaitAsync(Patience);
        Assert.Equal([0], calls.Keys);
        Assert.Equal((2L, 0L, 1L), (report.Succeeded, report.Failed, report.Resumed));
        Assert.Equal(100, Assert.Single(retried.Updates)[0].Context!.Output);
    }
}

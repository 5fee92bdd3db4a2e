using Floxide.Generators.Tests.Workflows.Integration;
using Microsoft.Extensions.Time.Testing;

namespace Floxide.Generators.Tests.Workflows;

/// <summary>
/// The grace period the DSL declares, on types generated during this project's build: a context's
/// <c>CancellationGracePeriodMs</c> is in its <c>DefaultBatchOptions</c>, and a <c>[Workflow]</c>'s batch step, canceled
/// while calls run, lets them finish (by its context's period, or its own), merges their outputs and starts no other
/// item. Calls end when the test releases them (<see cref="PayoutGate"/>); no test sleeps or measures time: the finite
/// periods run on a <see cref="FakeTimeProvider"/>, the clock of the batch the workflow runs in, which its step follows.
/// </summary>
public sealed class GeneratedGracePeriodTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void AContextsDeclaredGracePeriodIsInItsDefaultBatchOptions()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(15_000), PayoutRun.DefaultBatchOptions.CancellationGracePeriod);
        Assert.Equal(2, PayoutRun.DefaultBatchOptions.MaxDegreeOfParallelism);
        Assert.Equal(Timeout.InfiniteTimeSpan, RefundRun.DefaultBatchOptions.CancellationGracePeriod);
        Assert.Equal(TimeSpan.Zero, PayoutShift.DefaultBatchOptions.CancellationGracePeriod);
    }

    /// <summary>A workflow run directly, as a hosted worker runs one, outside any batch: its step drains on the system's clock.</summary>
    [Fact]
    public async Task Canceled_an_unbounded_batch_step_lets_its_running_calls_finish_merges_them_and_starts_no_other()
    {
        var run = new PayoutRun { Items = [0, 1, 2, 3, 4, 5] };
        using var cancellation = new CancellationTokenSource();

        var flow = new UnboundedPayoutFlow().RunAsync(run, cancellation.Token).AsTask();
        await run.Gate.TwoRunning.WaitAsync(Patience);
        await cancellation.CancelAsync();

        // Draining: the two calls keep their tokens, and the run waits for them.
        Assert.All(run.Gate.Tokens.Values, token => Assert.False(token.IsCancellationRequested));
        Assert.False(flow.IsCompleted);
        run.Gate.Release(0);
        run.Gate.Release(1);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flow.WaitAsync(Patience));

        Assert.Equal([0, 1], run.Gate.Started.Order());
        Assert.Equal([0, 10], run.PaidOut); // merged before the throw
        Assert.Equal((2, 4), (run.LastBatch!.Succeeded, run.LastBatch.Canceled));
    }

    /// <summary>
    /// <see cref="PayoutFlow"/>'s step sets no period and drains for its context's 15 s; <see cref="ShortGracePayoutFlow"/>'s
    /// sets 5 s. A call that ends within the period is merged; the one still running when it ends sees its token canceled.
    /// </summary>
    [Theory]
    [InlineData(nameof(PayoutFlow), 15_000)]
    [InlineData(nameof(ShortGracePayoutFlow), 5_000)]
    public async Task Canceled_a_batch_step_drains_for_its_declared_period_on_the_batch_clock(string flowName, int periodMs)
    {
        INode<PayoutRun> flow = flowName == nameof(PayoutFlow) ? new PayoutFlow() : new ShortGracePayoutFlow();
        var time = new FakeTimeProvider();
        var run = new PayoutRun { Items = [0, 1, 2, 3] };
        using var cancellation = new CancellationTokenSource();

        var outer = RunInShift(flow, run, time, cancellation.Token);
        await run.Gate.TwoRunning.WaitAsync(Patience);
        cancellation.Cancel();

        time.Advance(TimeSpan.FromMilliseconds(periodMs - 1));
        Assert.False(run.Gate.Tokens[0].IsCancellationRequested);
        Assert.False(run.Gate.Tokens[1].IsCancellationRequested);
        run.Gate.Release(0); // finishes within the period
        await run.Gate.Finished(0).WaitAsync(Patience);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(run.Gate.Tokens[1].IsCancellationRequested);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => outer.WaitAsync(Patience));

        Assert.Equal([0, 1], run.Gate.Started.Order());
        Assert.Equal([0], run.PaidOut);
        Assert.Equal((1, 3), (run.LastBatch!.Succeeded, run.LastBatch.Canceled));
    }

    /// <summary>-1 on the step replaces its context's 15 s: no end to the drain, however far the batch clock moves.</summary>
    [Fact]
    public async Task Canceled_an_unbounded_batch_step_waits_for_its_running_calls_however_long_the_batch_clock_runs()
    {
        var time = new FakeTimeProvider();
        var run = new PayoutRun { Items = [0, 1, 2, 3] };
        using var cancellation = new CancellationTokenSource();

        var outer = RunInShift(new UnboundedPayoutFlow(), run, time, cancellation.Token);
        await run.Gate.TwoRunning.WaitAsync(Patience);
        cancellation.Cancel();

        time.Advance(TimeSpan.FromDays(1));
        Assert.False(run.Gate.Tokens[0].IsCancellationRequested);
        Assert.False(run.Gate.Tokens[1].IsCancellationRequested);
        run.Gate.Release(1);
        run.Gate.Release(0);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => outer.WaitAsync(Patience));

        Assert.Equal([0, 1], run.Gate.Started.Order());
        Assert.Equal([0, 10], run.PaidOut);
        Assert.Equal((2, 2), (run.LastBatch!.Succeeded, run.LastBatch.Canceled));
    }

    /// <summary>
    /// Runs <paramref name="flow"/> as the one item of an outer batch on <paramref name="time"/>: a workflow's batch step on
    /// the system's clock follows the clock of the batch its workflow runs in. The outer batch drains nothing itself, so
    /// its cancellation reaches the workflow at once.
    /// </summary>
    private static Task<BatchReport<PayoutShift, int>> RunInShift(INode<PayoutRun> flow, PayoutRun run, FakeTimeProvider time, CancellationToken cancellationToken)
    {
        var shift = Node.CreateAsync<PayoutShift>("shift", async (_, token) => await flow.RunAsync(run, token));
        return PayoutShift.CreateBatchFlow(shift, PayoutShift.DefaultBatchOptions with { TimeProvider = time })
            .RunAsync(new PayoutShift { Shifts = [1] }, cancellationToken);
    }
}

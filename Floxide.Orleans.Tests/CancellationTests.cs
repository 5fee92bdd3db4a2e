using Floxide.Runtime.Tests.Support;
using global::Orleans;
using global::Orleans.Runtime;
using Polly;

namespace Floxide.Orleans.Tests;

/// <summary>
/// Cancellation on a cluster keeps the in-process promise: the silo sees the token, and its reply decides. An item that
/// runs on past its token keeps what it finishes (nothing finished is lost), and a timeout over such work does not give
/// up on it; an item that observes its token stops there and is canceled.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CancellationTests(ClusterFixture fixture) : ProbedClusterTests(fixture)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the streamed call
    public async Task Items_that_ignore_the_token_and_finish_after_the_batch_is_canceled_are_merged(bool adaptive)
    {
        // The first 8 items hold on their silos, ignoring the token, until the batch is canceled and the silos saw it;
        // then they finish. In-process their results merge, so they must here.
        var eightRunning = new Signal();
        var running = eightRunning.SetAfter(8);
        var allSawCancellation = new Signal();
        var sawCancellation = allSawCancellation.SetAfter(8);
        Probe.Hook = async (_, _, cancellationToken) =>
        {
            running();
            var canceled = new Signal();
            using (cancellationToken.Register(canceled.Set))
            {
                await canceled.WaitAsync();
            }

            sawCancellation();
            await allSawCancellation.WaitAsync(); // work that never reads the token
        };
        var batch = TestClusters.Numbers(50);
        await CancelOnceStartedAsync(batch, TestClusters.Limit(8, adaptive), eightRunning);

        Assert.True(allSawCancellation.IsSet); // the silos saw the cancellation before the items finished
        var ran = Probe.Starts.Select(s => s.Item).Order().ToArray();
        Assert.Equal(8, ran.Length);
        Assert.Equal(ran.Select(n => (n, (long)n * n)), batch.Squares.Select(s => (s.Number, s.Value)));
        var results = batch.LastBatch!;
        Assert.Equal((50L, 8, 42, 0), (results.Total, results.Succeeded, results.Canceled, results.Failed));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the streamed call
    public async Task A_timeout_over_work_that_finishes_after_its_token_is_canceled_succeeds_when_the_work_does(bool adaptive)
    {
        // The attempt's timeout cancels its token, which reaches the silo; the item sees it (a callback), does not stop, and
        // finishes there successfully, so the attempt succeeds, as in-process.
        var started = new Signal();
        var sawCancellation = new Signal();
        Probe.Hook = async (_, _, cancellationToken) =>
        {
            using (cancellationToken.Register(sawCancellation.Set))
            {
                started.Set();
                await sawCancellation.WaitAsync();
            }
        };
        var time = new RecordingTimeProvider();
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 1,
            TimeProvider = time,
            ResiliencePipeline = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(TimeSpan.FromMilliseconds(500)).Build(),
            AdaptiveConcurrency = adaptive ? new AdaptiveConcurrency() : null,
        };
        var batch = TestClusters.Numbers(1);
        var run = TestClusters.ClusterNode(Fixture.Cluster, options)
            .RunBatchAsync(batch);

        await started.WaitAsync();
        while (await time.NextTimerAsync() != TimeSpan.FromMilliseconds(500))
        {
        }

        time.Advance(TimeSpan.FromMilliseconds(500));
        var report = await run.WaitAsync(TestClusters.Patience);

        Assert.True(sawCancellation.IsSet);
        Assert.Equal((1, 0), (report.Succeeded, report.Failed));
        Assert.Equal([(0, 0L)], batch.Squares.Select(s => (s.Number, s.Value)));
        Assert.Equal([0], Probe.Starts.Select(s => s.Item)); // run once (a second run's signal would be set already)
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the streamed call
    public async Task An_item_that_observes_the_token_stops_on_its_silo_and_is_canceled_before_the_batch_ends(bool adaptive)
    {
        var started = new Signal();
        var stopped = new Signal();
        Probe.Hook = async (item, _, cancellationToken) =>
        {
            if (item != 3)
            {
                return;
            }

            started.Set();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                stopped.Set();
            }
        };
        var batch = TestClusters.Numbers(10);
        await CancelOnceStartedAsync(batch, TestClusters.Limit(1, adaptive), started);

        Assert.True(stopped.IsSet); // the batch waited for the silo's reply
        var results = batch.LastBatch!;
        Assert.Equal((3, 7, 0), (results.Succeeded, results.Canceled, results.Failed));
        Assert.Equal([0, 1, 2], batch.Squares.Select(s => s.Number));
        Assert.Equal([0, 1, 2, 3], Probe.Starts.Select(s => s.Item));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the streamed call
    public async Task A_batch_canceled_with_a_grace_period_lets_the_calls_running_on_silos_finish_and_starts_no_other(bool adaptive)
    {
        // The first 4 items hold on their silos until released, and would stop at their token. The batch is canceled and
        // its grace period begins (its timer is made): the cancellation has not reached the silos then, nor later, and the
        // items finish and merge while nothing else is sent to the cluster.
        var fourRunning = new Signal();
        var running = fourRunning.SetAfter(4);
        var release = new Signal();
        var sawToken = 0;
        Probe.Hook = async (_, _, cancellationToken) =>
        {
            running();
            using (cancellationToken.Register(() => Interlocked.Increment(ref sawToken)))
            {
                await release.WaitAsync().WaitAsync(cancellationToken);
            }
        };
        var time = new RecordingTimeProvider();
        var grace = TimeSpan.FromMinutes(10);
        var batch = TestClusters.Numbers(20);
        var options = TestClusters.Limit(4, adaptive) with { CancellationGracePeriod = grace, TimeProvider = time };
        using var cancel = new CancellationTokenSource();
        var run = TestClusters.ClusterNode(Fixture.Cluster, options).RunBatchAsync(batch, cancellationToken: cancel.Token);

        await fourRunning.WaitAsync();
        await cancel.CancelAsync();
        while (await time.NextTimerAsync().WaitAsync(TestClusters.Patience) != grace)
        {
        }

        release.Set();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TestClusters.Patience));

        Assert.Equal(0, Volatile.Read(ref sawToken));
        var ran = Probe.Starts.Select(s => s.Item).Order().ToArray();
        Assert.Equal(4, ran.Length);
        Assert.Equal(ran.Select(n => (n, (long)n * n)), batch.Squares.Select(s => (s.Number, s.Value)));
        var results = batch.LastBatch!;
        Assert.Equal((20L, 4, 16, 0), (results.Total, results.Succeeded, results.Canceled, results.Failed));
    }

    [Theory]
    [InlineData(false, false)] // in process: what the cluster must match
    [InlineData(true, false)]
    [InlineData(true, true)] // the streamed call
    public async Task An_item_that_ends_with_its_own_cancellation_while_the_batch_drains_is_canceled_as_in_process(bool onCluster, bool adaptive)
    {
        // The item's own timeout (an HttpClient's) ends it during the grace period: the silo's token, left alone by the
        // drain, is not canceled, so the silo reports a failure; the coordinator knows the batch was canceled.
        var running = new Signal();
        var release = new Signal();
        Probe.Hook = async (_, _, _) =>
        {
            running.Set();
            await release.WaitAsync();
            throw new TaskCanceledException("the HttpClient's own timeout");
        };
        var time = new RecordingTimeProvider();
        var grace = TimeSpan.FromMinutes(10);
        var options = TestClusters.Limit(1, adaptive) with { CancellationGracePeriod = grace, TimeProvider = time };
        var node = onCluster
            ? TestClusters.ClusterNode(Fixture.Cluster, options)
            : SquareBatch.CreateBatchNode(new SquareNode("local", Probe), options);
        var batch = TestClusters.Numbers(3);
        using var cancel = new CancellationTokenSource();
        var run = node.RunBatchAsync(batch, cancellationToken: cancel.Token);

        await running.WaitAsync();
        await cancel.CancelAsync();
        while (await time.NextTimerAsync().WaitAsync(TestClusters.Patience) != grace)
        {
        }

        release.Set();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TestClusters.Patience));

        var results = batch.LastBatch!;
        Assert.Equal((0, 3, 0), (results.Succeeded, results.Canceled, results.Failed));
    }

    [Fact]
    public async Task A_call_lost_while_the_batch_drains_is_not_sent_again_and_its_item_is_canceled()
    {
        // Item 0's call is in flight as the batch is canceled with a grace period; then its silo is lost. Sending it again
        // would start an attempt, which a draining batch no longer does: the item is canceled (a durable rerun runs it).
        var firstCallIn = new Signal();
        var loseFirstCall = new TaskCompletionSource<ItemReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var executor = ScriptedCalls.Executor(
            call =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    firstCallIn.Set();
                    return loseFirstCall.Task;
                }

                return Task.FromResult(ScriptedCalls.Succeeded(call, "survivor"));
            },
            new OrleansExecutorOptions { FirstRetryDelay = TimeSpan.Zero });
        var time = new RecordingTimeProvider();
        var grace = TimeSpan.FromMinutes(10);
        var batch = TestClusters.Numbers(3);
        using var cancel = new CancellationTokenSource();
        var run = TestClusters.Coordinator(executor, new BatchOptions { MaxDegreeOfParallelism = 1, CancellationGracePeriod = grace, TimeProvider = time })
            .RunBatchAsync(batch, cancellationToken: cancel.Token);

        await firstCallIn.WaitAsync();
        await cancel.CancelAsync();
        while (await time.NextTimerAsync().WaitAsync(TestClusters.Patience) != grace)
        {
        }

        loseFirstCall.SetException(new SiloUnavailableException("gone"));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TestClusters.Patience));

        var results = batch.LastBatch!;
        Assert.Equal((1, 0, 3), (Volatile.Read(ref calls), results.Succeeded, results.Canceled));
        Assert.Empty(batch.Squares);
    }

    [Fact]
    public async Task A_lost_calls_wait_to_be_sent_again_ends_as_the_batch_drains_and_its_item_is_canceled()
    {
        // Item 0's call is lost and the executor waits its 5 s before sending it again when the batch is canceled with a
        // grace period: as a retry's delay in process, the wait ends at once and nothing is sent.
        var calls = 0;
        var resendWaits = new RecordingTimeProvider();
        var executor = ScriptedCalls.Executor(
            call => Interlocked.Increment(ref calls) == 1
                ? Task.FromException<ItemReply>(new SiloUnavailableException("gone"))
                : Task.FromResult(ScriptedCalls.Succeeded(call, "survivor")),
            new OrleansExecutorOptions { FirstRetryDelay = TimeSpan.FromSeconds(5), TimeProvider = resendWaits });
        var time = new RecordingTimeProvider();
        var batch = TestClusters.Numbers(3);
        using var cancel = new CancellationTokenSource();
        var run = TestClusters.Coordinator(executor, new BatchOptions { MaxDegreeOfParallelism = 1, CancellationGracePeriod = TimeSpan.FromMinutes(10), TimeProvider = time })
            .RunBatchAsync(batch, cancellationToken: cancel.Token);

        Assert.Equal(TimeSpan.FromSeconds(5), await resendWaits.NextTimerAsync().WaitAsync(TestClusters.Patience));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TestClusters.Patience));

        var results = batch.LastBatch!;
        Assert.Equal((1, 0, 3), (Volatile.Read(ref calls), results.Succeeded, results.Canceled));
    }

    [Fact]
    public async Task A_plain_call_whose_item_ignores_the_token_and_never_replies_still_ends_as_canceled_and_is_not_sent_again()
    {
        // The item never reads its token and finishes only when the test ends: the coordinator waits for its reply no longer
        // than Orleans' response timeout (the test cluster's is short; not asserted, as tests assert no durations), and the
        // call lost after the cancel is a canceled item.
        var started = new Signal();
        var release = new Signal();
        Probe.Hook = async (_, _, _) =>
        {
            started.Set();
            await release.WaitAsync();
        };
        try
        {
            var batch = TestClusters.Numbers(1);
            await CancelOnceStartedAsync(batch, new BatchOptions { MaxDegreeOfParallelism = 1 }, started);

            Assert.False(release.IsSet); // the item still runs on its silo
            Assert.Equal((0, 1, 0), (batch.LastBatch!.Succeeded, batch.LastBatch.Canceled, batch.LastBatch.Failed));
            Assert.Empty(batch.Squares);
            Assert.Equal([0], Probe.Starts.Select(s => s.Item)); // never sent again
        }
        finally
        {
            release.Set();
        }
    }

    [Fact]
    public async Task A_streamed_calls_cancel_that_is_lost_on_the_way_is_sent_again_while_the_stream_stays_open()
    {
        // Heartbeats keep an adaptive batch's stream open as long as the item runs, so a lost one-way cancel would leave an
        // item that observes its token running to its end (here: forever, until the test's patience).
        var started = new Signal();
        Probe.Hook = async (_, _, cancellationToken) =>
        {
            started.Set();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        };
        Probe.GrainCalls.CancelsToDrop = 1;
        var batch = TestClusters.Numbers(1);
        await CancelOnceStartedAsync(batch, TestClusters.Limit(1, adaptive: true), started);

        Assert.Equal((0, 1, 0), (batch.LastBatch!.Succeeded, batch.LastBatch.Canceled, batch.LastBatch.Failed));
        var cancels = Probe.GrainCalls.Calls.Where(c => c.Method.StartsWith("CancelAsync", StringComparison.Ordinal)).Select(c => c.Method).ToArray();
        Assert.Equal(["CancelAsync (dropped)", "CancelAsync"], cancels.Take(2));
        Assert.Equal([0], Probe.Starts.Select(s => s.Item));
    }

    [Fact]
    public async Task A_streamed_calls_cancel_is_sent_again_after_1_s_then_at_doubling_intervals_up_to_30_s_while_every_cancel_is_lost()
    {
        var time = new RecordingTimeProvider();
        var started = new Signal();
        Probe.Hook = async (_, _, cancellationToken) =>
        {
            started.Set();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        };
        Probe.GrainCalls.CancelsToDrop = int.MaxValue;
        var executor = Fixture.Cluster.Client.CreateFloxideExecutor(TestClusters.Workflow, new SquareMapping(), new OrleansExecutorOptions { TimeProvider = time });
        var batch = TestClusters.Numbers(1);
        using var cancel = new CancellationTokenSource();
        var run = TestClusters.Coordinator(executor, TestClusters.Limit(1, adaptive: true)).RunBatchAsync(batch, cancellationToken: cancel.Token);

        await started.WaitAsync();
        await cancel.CancelAsync();
        await Probe.GrainCalls.TakenAsync(IsDroppedCancel, 1);
        var waits = new List<TimeSpan>();
        for (var resend = 0; resend < 7; resend++)
        {
            var wait = await time.NextTimerAsync();
            waits.Add(wait);
            time.Advance(wait);
            await Probe.GrainCalls.TakenAsync(IsDroppedCancel, resend + 2); // sent again when the wait ends
        }

        // Then one gets through: the item observes its token and the batch ends canceled.
        Probe.GrainCalls.CancelsToDrop = 0;
        time.Advance(await time.NextTimerAsync());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TestClusters.Patience));

        Assert.Equal(new[] { 1, 2, 4, 8, 16, 30, 30 }.Select(s => TimeSpan.FromSeconds(s)), waits);
        Assert.Equal((0, 1, 0), (batch.LastBatch!.Succeeded, batch.LastBatch.Canceled, batch.LastBatch.Failed));
        var cancels = Probe.GrainCalls.Calls.Where(c => c.Method.StartsWith("CancelAsync", StringComparison.Ordinal)).Select(c => c.Method).ToArray();
        Assert.Equal([.. Enumerable.Repeat("CancelAsync (dropped)", 8), "CancelAsync"], cancels);
        Assert.Equal([0], Probe.Starts.Select(s => s.Item));

        static bool IsDroppedCancel(ItemGrainCalls.Call call) => call.Method == "CancelAsync (dropped)";
    }

    [Fact]
    public async Task A_cancel_that_overtakes_its_attempts_call_still_cancels_the_attempt()
    {
        // The coordinator sends the call before the cancel, but Orleans does not promise they arrive in that order.
        Probe.Hook = (_, _, cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);
        var grain = Fixture.Cluster.Client.GetGrain<IFloxideItemGrain>(Guid.NewGuid());

        await grain.CancelAsync();
        await Probe.GrainCalls.TakenAsync(c => c.Grain == grain.GetGrainId() && c.Method == "CancelAsync", 1);

        var reply = await grain.RunAsync(ScriptedCalls.Call(3), CancellationToken.None).WaitAsync(TestClusters.Patience);

        Assert.Equal(ItemOutcome.Canceled, reply.Outcome);
        Assert.Equal([3], Probe.Starts.Select(s => s.Item));
    }

    /// <summary>Runs <paramref name="batch"/> on the cluster, cancels it once <paramref name="started"/> is set, and waits for the cancellation it ends with.</summary>
    private async Task CancelOnceStartedAsync(SquareBatch batch, BatchOptions options, Signal started)
    {
        using var cancel = new CancellationTokenSource();
        var run = TestClusters.ClusterNode(Fixture.Cluster, options).RunBatchAsync(batch, cancellationToken: cancel.Token);

        await started.WaitAsync();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TestClusters.Patience));
    }
}

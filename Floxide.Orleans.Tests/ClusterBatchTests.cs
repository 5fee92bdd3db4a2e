using System.Net;
using Floxide.Runtime.Tests.Support;
using global::Orleans;
using global::Orleans.Runtime;
using Polly;
using Polly.Retry;

namespace Floxide.Orleans.Tests;

/// <summary>A batch on a healthy 3-silo cluster keeps every promise it keeps in-process.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterBatchTests(ClusterFixture fixture) : ProbedClusterTests(fixture)
{
    [Fact]
    public async Task A_thousand_items_run_on_every_silo_at_most_sixteen_at_once_merge_once_in_input_order_and_report_progress()
    {
        // The first 16 items to start (whichever they are) wait until 16 run at once: the limit is reached, so
        // "never above it" is not vacuous.
        var sixteenRunning = new Signal();
        var started = 0;
        Probe.Hook = async (_, _, _) =>
        {
            var order = Interlocked.Increment(ref started);
            if (order == 16)
            {
                sixteenRunning.Set();
            }

            if (order <= 16)
            {
                await sixteenRunning.WaitAsync();
            }
        };
        var executor = TestClusters.Executor(Fixture.Cluster);
        var batch = TestClusters.Numbers(1000);

        var progress = new LastProgress();

        var report = await TestClusters.Coordinator(executor, new BatchOptions { MaxDegreeOfParallelism = 16 })
            .RunBatchAsync(batch, progress).WaitAsync(TestClusters.Patience);

        Assert.Equal((1000, 1000, 0), (report.Total, report.Succeeded, report.Failed));
        Assert.Equal((1000L, 0L), (progress.Last.Completed, progress.Last.Failed));
        Assert.Equal(TestClusters.ExpectedSquares(1000), batch.Squares.Select(s => (s.Number, s.Value)));
        var silos = Fixture.Cluster.Silos.Select(s => s.Name).Order().ToArray();
        Assert.Equal(silos, batch.Squares.Select(s => s.Silo).Distinct().Order().ToArray());
        Assert.Equal(16, executor.MaxInFlight);
        Assert.Equal(16, Probe.MaxInFlight);
    }

    [Fact]
    public async Task An_item_that_throws_is_a_failed_result_naming_the_step_and_is_not_retried()
    {
        // A TimeoutException thrown by the item itself is the item's failure, not a lost call.
        Probe.Hook = (item, _, _) => item switch
        {
            7 => throw new InvalidOperationException("seven is not welcome"),
            8 => throw new TimeoutException("eight took too long"),
            _ => Task.CompletedTask,
        };

        var remote = await TestClusters.ClusterNode(Fixture.Cluster)
            .RunBatchAsync(TestClusters.Numbers(20)).WaitAsync(TestClusters.Patience);

        Assert.Equal((18, 2), (remote.Succeeded, remote.Failed));
        Assert.Equal([7L, 8L], remote.Failures.Select(f => f.Index));
        var seven = Assert.IsType<RemoteItemException>(remote.Failures[0].Exception);
        Assert.Equal(("System.InvalidOperationException", "seven is not welcome"), (seven.RemoteType, seven.Message));
        Assert.Equal(["System.InvalidOperationException", "System.SystemException", "System.Exception"], seven.RemoteTypes);
        Assert.Null(seven.StatusCode);
        Assert.Equal(SquareNode.NodeId, remote.Failures[0].FailedStepId);
        var eight = Assert.IsType<RemoteItemException>(remote.Failures[1].Exception);
        Assert.Equal("System.TimeoutException", eight.RemoteType);
        Assert.Single(Probe.Starts, s => s.Item == 7);
        Assert.Single(Probe.Starts, s => s.Item == 8);
    }

    [Fact]
    public async Task A_silos_exception_is_read_by_type_and_status_so_a_retry_On_its_type_retries_it_and_a_429_lowers_the_level()
    {
        // Items from 50 on are refused with a 429 on their silo, every time; item 7's first attempt fails with an
        // InvalidOperationException. The coordinator retries InvalidOperationException only.
        var sevenFailed = 0;
        Probe.Hook = (item, _, _) => item switch
        {
            >= 50 => throw new HttpRequestException("slow down", null, HttpStatusCode.TooManyRequests),
            7 when Interlocked.Exchange(ref sevenFailed, 1) == 0 => throw new InvalidOperationException("transient"),
            _ => Task.CompletedTask,
        };
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 8,
            ResiliencePipeline = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 1,
                Delay = TimeSpan.Zero,
                ShouldHandle = new PredicateBuilder().Handle<InvalidOperationException>().Handle<RemoteException>(e => e.Is<InvalidOperationException>()),
            }).Build(),
            AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 8, MinimumLevel = 2, DecreaseFactor = 0.5 },
        };
        var progress = new LastProgress();

        var report = await TestClusters.ClusterNode(Fixture.Cluster, options)
            .RunBatchAsync(TestClusters.Numbers(100), progress).WaitAsync(TestClusters.Patience);

        Assert.Equal((50, 50), (report.Succeeded, report.Failed));
        Assert.Equal(2, Probe.Starts.Count(s => s.Item == 7));
        Assert.All(report.Failures, failure => Assert.Equal(1, failure.Attempts)); // a 429 is not retried here
        var refused = Assert.IsType<RemoteItemException>(report.Failures[0].Exception);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Is<HttpRequestException>());
        Assert.Equal(2, progress.Last.ConcurrencyLevel); // 50 refusals took it from 8 to its minimum
    }

    [Fact]
    public async Task A_429_a_steps_retry_absorbs_on_a_silo_still_lowers_the_coordinators_level_though_every_item_succeeds()
    {
        // Items from 50 on meet a 429 on their silo, which the step's own retry (with its throttling signals, as [Retry] on
        // a [Node] builds it) gets past. Without the reports crossing back, every attempt would be a success.
        var step = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 1, Delay = TimeSpan.Zero, ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>() })
            .AddThrottlingSignals()
            .Build();
        Probe.Hook = async (item, _, token) =>
        {
            var attempts = 0;
            await step.ExecuteAsync(_ => ++attempts == 1 && item >= 50
                ? throw new HttpRequestException("slow down", null, HttpStatusCode.TooManyRequests)
                : ValueTask.CompletedTask, token);
        };
        var options = new BatchOptions { MaxDegreeOfParallelism = 8, AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 8, MinimumLevel = 2, DecreaseFactor = 0.5 } };
        var progress = new LastProgress();

        var report = await TestClusters.ClusterNode(Fixture.Cluster, options)
            .RunBatchAsync(TestClusters.Numbers(100), progress).WaitAsync(TestClusters.Patience);

        Assert.Equal((100, 0), (report.Succeeded, report.Failed));
        Assert.All(report.Results, result => Assert.Equal(1, result.Attempts));
        Assert.Equal(2, progress.Last.ConcurrencyLevel); // 50 absorbed 429s took it from 8 to its minimum
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // an exception type of the service's own, whose wait only the silo's mapping reads
    public async Task A_wait_a_silo_reports_pauses_the_coordinator_at_once_while_the_item_still_runs_there(bool ownType)
    {
        // Item 0 reports a 429 asking for an hour on its silo, then holds on until the coordinator has paused: only a
        // report that crosses while the item runs lets it finish.
        var wait = TimeSpan.FromHours(1);
        var paused = new Signal();
        Probe.Hook = async (item, _, _) =>
        {
            if (item == 0)
            {
                ThrottlingSignals.Report(ownType ? new QuotaExceededException(wait) : new ThrottledResponseException(HttpStatusCode.TooManyRequests, wait, null));
                await paused.WaitAsync();
            }
        };
        var time = new RecordingTimeProvider();
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 1,
            TimeProvider = time,
            AdaptiveConcurrency = new AdaptiveConcurrency { RetryAfter = ThrottlingSignals.RetryAfterOf },
        };

        var run = TestClusters.ClusterNode(Fixture.Cluster, options)
            .RunBatchAsync(TestClusters.Numbers(2));
        Assert.Equal(wait, await time.NextTimerAsync());
        paused.Set();
        time.Advance(wait);
        var report = await run.WaitAsync(TestClusters.Patience);

        Assert.Equal(2, report.Succeeded);
        Assert.Equal([0, 1], Probe.Starts.Select(s => s.Item));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the streamed call
    public async Task A_wait_the_silos_mapping_reads_from_an_items_failure_pauses_the_coordinator_before_the_next_item(bool adaptive)
    {
        // Item 0 fails on its silo with the service's own exception asking for an hour; the batch adapts (a streamed
        // call), or only reads waits through a retry's delay (a plain call): either way item 1 starts an hour later.
        var wait = TimeSpan.FromHours(1);
        Probe.Hook = (item, _, _) => item == 0 ? throw new QuotaExceededException(wait) : Task.CompletedTask;
        var time = new RecordingTimeProvider();
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 1,
            TimeProvider = time,
            AdaptiveConcurrency = adaptive ? new AdaptiveConcurrency { RetryAfter = ThrottlingSignals.RetryAfterOf } : null,
            ResiliencePipeline = adaptive ? null : new ResiliencePipelineBuilder { TimeProvider = time }
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<RemoteException>(e => e.Is<QuotaExceededException>()),
                    MaxRetryAttempts = 1,
                    DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is { } e ? ThrottlingSignals.RetryAfterOf(e) : null),
                })
                .Build(),
        };

        var run = TestClusters.ClusterNode(Fixture.Cluster, options)
            .RunBatchAsync(TestClusters.Numbers(2));
        Assert.Equal(wait, await time.NextTimerAsync());
        Assert.Equal([0], Probe.Starts.Select(s => s.Item));
        time.Advance(wait);
        var report = await run.WaitAsync(TestClusters.Patience);

        Assert.Equal(adaptive ? [0, 1] : [0, 0, 1], Probe.Starts.Select(s => s.Item));
        Assert.Equal((1, 1), (report.Succeeded, report.Failed));
        Assert.True(Assert.IsType<RemoteItemException>(Assert.Single(report.Failures).Exception).Is<QuotaExceededException>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the streamed call: the token must reach the silo through the stream's polls
    public async Task Canceling_mid_batch_reaches_the_running_grain_calls_and_keeps_the_partial_results(bool adaptive)
    {
        // Items from 100 on wait for the batch's token on their silo; once 16 wait, every earlier item is done.
        var listening = new List<bool>();
        var sixteenBlocked = new Signal();
        var blocked = sixteenBlocked.SetAfter(16);
        var allSawCancellation = new Signal();
        var sawCancellation = allSawCancellation.SetAfter(16);
        Probe.Hook = async (item, _, cancellationToken) =>
        {
            if (item < 100)
            {
                return;
            }

            lock (listening)
            {
                listening.Add(ThrottlingSignals.IsListening); // the silo records only on the streamed call
            }

            blocked();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                sawCancellation();
            }
        };
        using var cancel = new CancellationTokenSource();
        var batch = TestClusters.Numbers(1000);
        var options = adaptive ? new BatchOptions { MaxDegreeOfParallelism = 16, AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 16 } } : null;
        var run = TestClusters.ClusterNode(Fixture.Cluster, options)
            .RunBatchAsync(batch, cancellationToken: cancel.Token);

        await sixteenBlocked.WaitAsync();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TestClusters.Patience));
        await allSawCancellation.WaitAsync(); // the silos saw the coordinator's cancellation
        Assert.Equal(TestClusters.ExpectedSquares(100), batch.Squares.Select(s => (s.Number, s.Value)));
        var results = batch.LastBatch!;
        Assert.Equal((1000L, 100, 900, 0), (results.Total, results.Succeeded, results.Canceled, results.Failed));
        Assert.Equal(Enumerable.Repeat(adaptive, 16), listening);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the streamed call
    public async Task Each_attempt_of_a_retried_item_runs_on_a_grain_an_activation_and_an_item_context_of_its_own(bool adaptive)
    {
        // Item 7's first attempt fails on its silo and the batch's pipeline retries it: the retry must not reach the first
        // attempt's grain or activation, nor run on the item context the first attempt left behind.
        var sevenFailed = 0;
        Probe.Hook = (item, _, _) => item == 7 && Interlocked.Exchange(ref sevenFailed, 1) == 0
            ? throw new InvalidOperationException("transient")
            : Task.CompletedTask;
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 4,
            ResiliencePipeline = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 1,
                Delay = TimeSpan.Zero,
                ShouldHandle = new PredicateBuilder().Handle<RemoteException>(e => e.Is<InvalidOperationException>()),
            }).Build(),
            AdaptiveConcurrency = adaptive ? new AdaptiveConcurrency() : null,
        };

        var report = await TestClusters.ClusterNode(Fixture.Cluster, options)
            .RunBatchAsync(TestClusters.Numbers(20)).WaitAsync(TestClusters.Patience);

        Assert.Equal(20, report.Succeeded);
        var starts = Probe.Starts.Where(s => s.Item == 7).ToArray();
        Assert.Equal(2, starts.Length);
        Assert.NotSame(starts[0].ItemContext, starts[1].ItemContext);
        var calls = Probe.GrainCalls.Calls.Where(c => c.Item == 7).ToArray(); // the item call of each attempt
        Assert.Equal([adaptive ? "StartEnumeration<T>" : "RunAsync"], calls.Select(c => c.Method).Distinct());
        Assert.Equal(2, calls.Length);
        Assert.NotEqual(calls[0].Grain, calls[1].Grain);
        Assert.NotEqual(calls[0].Activation, calls[1].Activation);
    }

    [Fact]
    public async Task An_adaptive_batchs_streamed_calls_carry_one_reply_per_poll_end_on_the_coordinators_dispose_and_leave_no_activation_behind()
    {
        // Each item reports what it got past and ends at once, so its final reply is ready by the stream's next poll. A
        // poll that may carry more than one reply would take it too and end the stream there (CompletedWithElement), and
        // the activation with it, before the coordinator's dispose, which could then find the activation gone and make
        // Orleans create one only to take it, kept until idle collection. With one reply per poll no poll ends a stream:
        // each ends on the coordinator's dispose, taken by the activation that ran it, which then deactivates itself.
        // The test reads what each poll answered instead of holding the disposes back: a held dispose races the silo's own
        // cleanup, which ends a stream nobody polls within one to two response timeouts, and the activation with it.
        const int Items = 32;
        var options = new BatchOptions { MaxDegreeOfParallelism = 16, AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 16 } };
        Probe.Hook = (_, _, _) =>
        {
            ThrottlingSignals.Report(new TimeoutException("a step's retry got past a timeout")); // no throttling signal
            return Task.CompletedTask;
        };

        var report = await TestClusters.ClusterNode(Fixture.Cluster, options)
            .RunBatchAsync(TestClusters.Numbers(Items)).WaitAsync(TestClusters.Patience);

        Assert.Equal(Items, report.Succeeded);
        var grains = Probe.GrainCalls.Calls.Where(c => c.Item is not null).Select(c => c.Grain).ToHashSet();
        Assert.Equal(Items, grains.Count); // one stream per item, each on a grain of its own
        var polls = Probe.GrainCalls.Polls.Where(p => grains.Contains(p.Grain)).ToArray();
        Assert.DoesNotContain(polls, p => (p.Status & (EnumerationResult.Completed | EnumerationResult.Batch)) != 0); // no poll ended a stream
        Assert.All(grains, grain => Assert.Equal(2, polls.Count(p => p.Grain == grain && p.Status == EnumerationResult.Element))); // the report, then the final reply alone

        // The coordinator disposes each stream as its final reply arrives, in the background, so the batch may end before
        // the last dispose does; each meets its activation unless it takes a response timeout to arrive, the most any
        // call on these clusters may take.
        var calls = await EventuallyAsync(
            () => Task.FromResult(Probe.GrainCalls.Calls.Where(c => grains.Contains(c.Grain)).ToArray()),
            calls => calls.Where(c => c.Method == "DisposeAsync").Select(c => c.Grain).Distinct().Count() == Items);
        Assert.Equal(Items, calls.Where(c => c.Method == "DisposeAsync").Select(c => c.Grain).Distinct().Count());
        Assert.All(calls.GroupBy(c => c.Grain), grain => Assert.Single(grain.Select(c => c.Activation).Distinct())); // the dispose too
        Assert.Equal(Items, calls.Select(c => c.Activation).Distinct().Count()); // so one activation per item call, none more
        var management = Fixture.Cluster.Client.GetGrain<IManagementGrain>(0);
        var type = grains.First().Type;
        var left = await EventuallyAsync(async () => (await management.GetActiveGrains(type)).Count(grains.Contains), count => count == 0);
        Assert.Equal(0, left); // and each deactivated itself once its stream ended
    }

    /// <summary>
    /// Reads <paramref name="read"/> until <paramref name="done"/> holds of it, or <see cref="TestClusters.Patience"/> has
    /// passed; returns the last reading, for the test to assert on (a reading never done fails the test there).
    /// </summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        using var patience = new CancellationTokenSource(TestClusters.Patience);
        var reading = await read();
        while (!done(reading) && !patience.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20));
            reading = await read();
        }

        return reading;
    }

    [Fact]
    public void A_reply_type_Orleans_cannot_serialize_is_refused_before_any_item_runs_naming_the_type()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => Fixture.Cluster.Client.CreateFloxideExecutor(TestClusters.Workflow, new UnserializableMapping()));

        Assert.Contains($"'{typeof(Unserializable)}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("the reply of Floxide workflow 'square'", error.Message, StringComparison.Ordinal);
        Assert.Contains("[GenerateSerializer]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the streamed call
    public async Task A_workflow_no_silo_registered_fails_each_item_naming_it_and_the_registered_ones(bool adaptive)
    {
        var executor = Fixture.Cluster.Client.CreateFloxideExecutor("nope", new SquareMapping());
        var options = new BatchOptions { AdaptiveConcurrency = adaptive ? new AdaptiveConcurrency() : null };

        var report = await TestClusters.Coordinator(executor, options)
            .RunBatchAsync(TestClusters.Numbers(3)).WaitAsync(TestClusters.Patience);

        Assert.Equal(3, report.Failed);
        var error = Assert.IsType<RemoteItemException>(report.Failures[0].Exception);
        Assert.Contains("No Floxide workflow is registered as 'nope'", error.Message, StringComparison.Ordinal);
        Assert.Contains("(registered: 'faulty', 'no-batch-context', 'square')", error.Message, StringComparison.Ordinal);
        Assert.All(report.Failures, failure => Assert.Null(failure.FailedStepId)); // no step ran
        Assert.Empty(Probe.Starts);
    }

    [Fact]
    public async Task A_coordinator_workflow_other_than_the_registered_one_fails_each_item_naming_both()
    {
        var report = await SquareBatch.CreateBatchNode(new OtherNode(), executor: TestClusters.Executor(Fixture.Cluster))
            .RunBatchAsync(TestClusters.Numbers(3)).WaitAsync(TestClusters.Patience);

        Assert.Equal(3, report.Failed);
        var error = Assert.IsType<RemoteItemException>(report.Failures[0].Exception);
        Assert.Contains("runs item workflow 'other'", error.Message, StringComparison.Ordinal);
        Assert.Contains("has 'square' registered as 'square'", error.Message, StringComparison.Ordinal);
        Assert.All(report.Failures, failure => Assert.Null(failure.FailedStepId)); // no step ran
        Assert.Empty(Probe.Starts);
    }

    private sealed class OtherNode : INode<SquareBatch>
    {
        public string Id => "other";

        public ValueTask<NodeAction> RunAsync(SquareBatch context, CancellationToken cancellationToken) => default;
    }

    /// <summary>A reply type with no Orleans serializer.</summary>
    public sealed class Unserializable
    {
        public int Value { get; init; }
    }

    internal sealed class UnserializableMapping : ItemMapping<SquareBatch, int, int, Unserializable>
    {
        public override int ToRequest(SquareBatch itemContext) => itemContext.Number;

        public override int GetItem(int request) => request;

        public override Unserializable ToReply(SquareBatch itemContext) => new() { Value = itemContext.Number };

        public override void ApplyReply(Unserializable reply, SquareBatch itemContext)
        {
        }
    }
}

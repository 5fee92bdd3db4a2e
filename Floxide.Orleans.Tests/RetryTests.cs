using Floxide.Runtime.Tests.Support;
using global::Orleans.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Polly;
using Polly.Timeout;

namespace Floxide.Orleans.Tests;

/// <summary>The executor's retries, without a cluster: the grain call is replaced by a scripted one.</summary>
public sealed class RetryTests
{
    private readonly RecordingTimeProvider _time = new();
    private int _calls;

    [Fact]
    public async Task A_call_lost_with_its_silo_is_sent_again_only_once_its_backoff_has_elapsed_doubling_each_time()
    {
        var executor = Executor(new OrleansExecutorOptions { TimeProvider = _time }, call => _calls switch
        {
            1 => throw new SiloUnavailableException("gone"),
            2 => throw new global::Orleans.Runtime.Messaging.ConnectionFailedException("gateway lost"),
            3 => throw new TimeoutException("no answer"),
            _ => Task.FromResult(ScriptedCalls.Succeeded(call, "survivor")),
        });
        var itemContext = ScriptedCalls.ItemContext(5);

        var run = executor.ExecuteAsync(new SquareNode("coordinator", new ClusterProbe()), itemContext, 5, CancellationToken.None).AsTask();
        await BackOffAsync(run, 100, 200, 400);
        var action = await run.WaitAsync(TestClusters.Patience);

        Assert.Equal(NodeAction.Default, action);
        Assert.Equal(4, _calls);
        Assert.Equal(new Square { Number = 5, Value = 25, Silo = "survivor" }, itemContext.Square);
    }

    [Fact]
    public async Task Each_lost_call_sent_again_is_a_warning_naming_the_item_the_call_and_what_lost_it_and_the_last_one_is_not()
    {
        var logger = new FakeLogger(new FakeLogCollector(), OrleansLog.Category);
        var lost = new Exception[] { new SiloUnavailableException("gone"), new TimeoutException("no answer"), new SiloUnavailableException("gone again") };
        var executor = ScriptedCalls.Executor(
            (_, _) =>
            {
                var call = Interlocked.Increment(ref _calls);
                throw lost[call - 1];
            },
            new OrleansExecutorOptions { TimeProvider = _time, MaxAttempts = 3 },
            logger);

        var run = executor.ExecuteAsync(new SquareNode("coordinator", new ClusterProbe()), ScriptedCalls.ItemContext(7), 7, CancellationToken.None).AsTask();
        await BackOffAsync(run, 100, 200);
        await Assert.ThrowsAsync<ItemFailedOutsideStepsException>(() => run.WaitAsync(TestClusters.Patience));

        // The third loss fails the item: the batch's ItemFailed event reports that one.
        var resent = logger.Collector.GetSnapshot();
        Assert.Equal(2, resent.Count);
        Assert.All(resent, r => Assert.Equal((100, "LostCallResent", LogLevel.Warning), (r.Id.Id, r.Id.Name, r.Level)));
        Assert.Equal([lost[0], lost[1]], resent.Select(r => r.Exception));
        Assert.Equal(
            [
                "Item 7 of workflow 'square': call 1 of at most 3 was lost (SiloUnavailableException); it is sent again in 0.1 s",
                "Item 7 of workflow 'square': call 2 of at most 3 was lost (TimeoutException); it is sent again in 0.2 s",
            ],
            resent.Select(r => r.Message));
        Assert.Equal(("7", "square", "2", "3", "TimeoutException"), (
            resent[1].GetStructuredStateValue("ItemIndex"),
            resent[1].GetStructuredStateValue("Workflow"),
            resent[1].GetStructuredStateValue("Attempt"),
            resent[1].GetStructuredStateValue("MaxAttempts"),
            resent[1].GetStructuredStateValue("ExceptionType")));
    }

    [Fact]
    public void Every_log_event_of_the_executor_is_in_the_telemetry_docs_with_its_id_name_level_and_message()
    {
        var docs = File.ReadAllText(Path.Combine(Floxide.Testing.RepositoryPaths.Root(), "docs", "telemetry.md"));
        var events = typeof(OrleansLog).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(m => System.Reflection.CustomAttributeExtensions.GetCustomAttribute<LoggerMessageAttribute>(m))
            .OfType<LoggerMessageAttribute>()
            .ToList();

        Assert.Single(events);
        Assert.Contains("## Log events of the Orleans executor (category `Floxide.Orleans`)", docs, StringComparison.Ordinal);
        foreach (var e in events)
        {
            // As the batch's events are listed: placeholders without their format strings.
            var message = System.Text.RegularExpressions.Regex.Replace(e.Message, @"\{(\w+):[^}]+\}", "{$1}");
            Assert.Contains($"| {e.EventId} | `{e.EventName}` | {e.Level} | `{message}`", docs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_executors_log_events_are_numbered_from_100_and_the_batchs_below_it()
    {
        // docs/telemetry.md: the executor's events are numbered from 100, the batch's below, so an id names one event in
        // both categories. LostCallResent had 12 and the batch's BatchDraining took 12 too: an alert on event 12 caught both.
        static IEnumerable<int> Ids(Type log) => log.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(m => System.Reflection.CustomAttributeExtensions.GetCustomAttribute<LoggerMessageAttribute>(m))
            .OfType<LoggerMessageAttribute>()
            .Select(e => e.EventId);
        var batchLog = typeof(BatchOptions).Assembly.GetType("Floxide.BatchLog", throwOnError: true)!;

        Assert.NotEmpty(Ids(typeof(OrleansLog)));
        Assert.All(Ids(typeof(OrleansLog)), id => Assert.InRange(id, 100, 199));
        Assert.All(Ids(batchLog), id => Assert.InRange(id, 1, 99));
    }

    [Fact]
    public async Task A_logging_provider_that_throws_on_a_lost_call_does_not_stop_it_being_sent_again()
    {
        var throwing = new ThrowingLoggerProvider("LostCallResent");
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(throwing));
        var executor = ScriptedCalls.Executor(
            (call, _) => Interlocked.Increment(ref _calls) == 1 ? throw new SiloUnavailableException("gone") : Task.FromResult(ScriptedCalls.Succeeded(call, "survivor")),
            new OrleansExecutorOptions { TimeProvider = _time },
            loggerFactory.CreateLogger(OrleansLog.Category));

        var run = executor.ExecuteAsync(new SquareNode("coordinator", new ClusterProbe()), ScriptedCalls.ItemContext(7), 7, CancellationToken.None).AsTask();
        await BackOffAsync(run, 100);

        Assert.Equal(NodeAction.Default, await run.WaitAsync(TestClusters.Patience));
        Assert.Equal(2, _calls);
        Assert.Equal(["LostCallResent"], throwing.Thrown); // the provider did throw, and the call was sent again
    }

    [Fact]
    public async Task After_the_last_attempt_the_item_fails_with_the_Orleans_exception_naming_no_step()
    {
        var executor = Executor(
            new OrleansExecutorOptions { TimeProvider = _time, MaxAttempts = 3, MaxRetryDelay = TimeSpan.FromMilliseconds(150) },
            _ => throw new SiloUnavailableException($"gone {_calls}"));

        var run = executor.ExecuteAsync(new SquareNode("coordinator", new ClusterProbe()), ScriptedCalls.ItemContext(1), 1, CancellationToken.None).AsTask();
        await BackOffAsync(run, 100, 150);
        var lost = await Assert.ThrowsAsync<ItemFailedOutsideStepsException>(() => run.WaitAsync(TestClusters.Patience));

        // The cluster's failure, not a step's: the result reports the Orleans exception (unwrapped) and no step.
        var error = Assert.IsType<SiloUnavailableException>(lost.InnerException);
        Assert.Null(lost.NodeId);
        Assert.Contains("The call to run item 1 of workflow 'square' was lost 3 times, the last with SiloUnavailableException: gone 3", lost.Message, StringComparison.Ordinal);
        Assert.Contains("gone 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, _calls);
        Assert.False(_time.HasUntakenTimer);
    }

    [Fact]
    public async Task An_item_whose_calls_were_all_lost_fails_in_its_result_with_the_Orleans_exception_and_no_step_and_its_log_says_how_many_were_lost()
    {
        var executor = Executor(new OrleansExecutorOptions { TimeProvider = _time, MaxAttempts = 2 }, _ => throw new SiloUnavailableException($"gone {_calls}"));
        var batch = TestClusters.Numbers(1);
        using var logs = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(logs));

        var run = TestClusters.Coordinator(executor, new BatchOptions { LoggerFactory = loggerFactory }).RunBatchAsync(batch);
        _time.Advance(await _time.NextTimerAsync());
        var report = await run.WaitAsync(TestClusters.Patience);

        var failure = Assert.Single(report.Failures);
        Assert.IsType<SiloUnavailableException>(failure.Exception);
        Assert.Null(failure.FailedStepId); // not the workflow's step: no step ran

        // The result keeps what failed; the ItemFailed event also says how many calls were lost.
        var failed = Assert.Single(logs.Collector.GetSnapshot(), r => r.Id.Name == "ItemFailed");
        Assert.Same(failure.Exception, failed.Exception);
        Assert.Equal(
            "Batch SquareBatch: item 0 failed outside its steps: The call to run item 0 of workflow 'square' was lost 2 times, the last with SiloUnavailableException: gone 2",
            failed.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the streamed call
    public async Task A_call_that_fails_otherwise_than_lost_fails_its_item_outside_the_steps_and_is_not_sent_again(bool listening)
    {
        // As Orleans fails a call whose grain it cannot activate on the silo: no step ran, and no silo would do better.
        var activation = new InvalidOperationException("Failed to create an instance of grain type 'Floxide.Orleans.FloxideItemGrain'.");
        var executor = ScriptedCalls.Executor(
            _ =>
            {
                Interlocked.Increment(ref _calls);
                throw activation;
            },
            (_, _) =>
            {
                Interlocked.Increment(ref _calls);
                return Failing(activation);
            },
            new OrleansExecutorOptions { TimeProvider = _time });
        var options = new BatchOptions { AdaptiveConcurrency = listening ? new AdaptiveConcurrency() : null };

        var report = await TestClusters.Coordinator(executor, options).RunBatchAsync(TestClusters.Numbers(1)).WaitAsync(TestClusters.Patience);

        var failure = Assert.Single(report.Failures);
        Assert.Null(failure.FailedStepId); // not the coordinator's node
        Assert.Same(activation, failure.Exception);
        Assert.Equal(1, _calls);
        Assert.False(_time.HasUntakenTimer);

        static async IAsyncEnumerable<ItemReply> Failing(Exception exception)
        {
            await Task.Yield();
            throw exception;
#pragma warning disable CS0162 // an iterator needs a yield
            yield break;
#pragma warning restore CS0162
        }
    }

    [Fact]
    public async Task A_reporting_stream_that_ends_without_its_final_reply_fails_its_item_outside_the_steps()
    {
        var executor = ScriptedCalls.Executor(
            _ => throw new InvalidOperationException("only the reporting call is made"),
            (_, _) => ScriptedCalls.Stream(),
            new OrleansExecutorOptions { TimeProvider = _time });
        using var listening = ThrottlingSignals.Record();

        var outside = await Assert.ThrowsAsync<ItemFailedOutsideStepsException>(
            async () => await executor.ExecuteAsync(new SquareNode("coordinator", new ClusterProbe()), ScriptedCalls.ItemContext(2), 2, CancellationToken.None));

        Assert.Contains("item 2 of workflow 'square' ended without its final reply", outside.InnerException!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task By_default_an_item_is_sent_16_times_with_a_backoff_doubling_from_100_ms_up_to_5_s()
    {
        var executor = Executor(new OrleansExecutorOptions { TimeProvider = _time }, _ => throw new SiloUnavailableException($"gone {_calls}"));

        var run = executor.ExecuteAsync(new SquareNode("coordinator", new ClusterProbe()), ScriptedCalls.ItemContext(1), 1, CancellationToken.None).AsTask();
        await BackOffAsync(run, 100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000);
        var error = Assert.IsType<SiloUnavailableException>((await Assert.ThrowsAsync<ItemFailedOutsideStepsException>(() => run.WaitAsync(TestClusters.Patience))).InnerException);

        Assert.Contains("gone 16", error.Message, StringComparison.Ordinal);
        Assert.Equal(16, _calls);
    }

    [Fact]
    public async Task By_default_calls_lost_at_once_to_a_killed_silo_are_sent_again_until_well_after_Orleans_default_membership_declares_it_dead()
    {
        // Until a killed silo is declared dead, placement may still choose it and each call to it is lost at once. Orleans'
        // default membership declares it dead after NumMissedProbesLimit missed probes, one per ProbeTimeout, the first up
        // to a period after the kill: the test gives it twice that, and the item must still get through on a live silo.
        var membership = new global::Orleans.Configuration.ClusterMembershipOptions();
        var declaredDead = membership.ProbeTimeout * (membership.NumMissedProbesLimit + 1) * 2;
        var killed = _time.GetUtcNow();
        var executor = Executor(new OrleansExecutorOptions { TimeProvider = _time }, call => _time.GetUtcNow() - killed < declaredDead
            ? throw new SiloUnavailableException("the killed silo, not yet declared dead")
            : Task.FromResult(ScriptedCalls.Succeeded(call, "survivor")));
        var itemContext = ScriptedCalls.ItemContext(9);

        var run = executor.ExecuteAsync(new SquareNode("coordinator", new ClusterProbe()), itemContext, 9, CancellationToken.None).AsTask();
        while (!run.IsCompleted)
        {
            var backoff = _time.NextTimerAsync();
            if (await Task.WhenAny(backoff, run).WaitAsync(TestClusters.Patience) == backoff)
            {
                _time.Advance(await backoff);
            }
        }

        Assert.Equal(NodeAction.Default, await run);
        Assert.Equal("survivor", itemContext.Square!.Silo);
    }

    [Fact]
    public void A_long_first_delay_doubled_many_times_stays_at_the_longest_delay_and_never_overflows()
    {
        var options = new OrleansExecutorOptions { FirstRetryDelay = TimeSpan.FromDays(1), MaxRetryDelay = TimeSpan.FromDays(40), MaxAttempts = 100 };

        Assert.Equal([TimeSpan.FromDays(1), TimeSpan.FromDays(32), TimeSpan.FromDays(40), TimeSpan.FromDays(40)], new[] { 1, 6, 7, 99 }.Select(options.RetryDelay));
        Assert.Throws<ArgumentOutOfRangeException>("MaxRetryDelay", () => new OrleansExecutorOptions { MaxRetryDelay = TimeSpan.FromDays(50) });
    }

    [Fact]
    public async Task An_item_that_failed_on_its_silo_is_not_sent_again()
    {
        var executor = Executor(new OrleansExecutorOptions { TimeProvider = _time }, call => Task.FromResult(new ItemReply
        {
            Outcome = ItemOutcome.Failed,
            FailedStepId = "square",
            Error = new WireException
            {
                Types = ["System.TimeoutException"],
                Message = "the item's own timeout",
                Details = "System.TimeoutException: the item's own timeout",
            },
            Silo = "silo-1",
        }));

        var error = await Assert.ThrowsAsync<NodeFailedException>(
            async () => await executor.ExecuteAsync(new SquareNode("coordinator", new ClusterProbe()), ScriptedCalls.ItemContext(1), 1, CancellationToken.None));

        Assert.Equal("square", error.NodeId);
        var remote = Assert.IsType<RemoteItemException>(error.InnerException);
        Assert.Equal(("System.TimeoutException", "the item's own timeout", "silo-1"), (remote.RemoteType, remote.Message, remote.Silo));
        Assert.Equal(1, _calls);
        Assert.False(_time.HasUntakenTimer);
    }

    [Fact]
    public async Task A_call_lost_while_the_batch_is_canceled_is_a_canceled_item_not_a_retry()
    {
        using var cancel = new CancellationTokenSource();
        var executor = Executor(new OrleansExecutorOptions { TimeProvider = _time }, _ =>
        {
            cancel.Cancel();
            throw new SiloUnavailableException("gone");
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await executor.ExecuteAsync(new SquareNode("coordinator", new ClusterProbe()), ScriptedCalls.ItemContext(1), 1, cancel.Token));

        Assert.Equal(1, _calls);
    }

    [Fact]
    public async Task A_call_lost_after_a_timeouts_cancel_is_a_timed_out_item_not_a_retry()
    {
        var called = new Signal();
        var executor = ScriptedCalls.Executor(
            async (_, cancellationToken) =>
            {
                Interlocked.Increment(ref _calls);
                var canceled = new Signal();
                using (cancellationToken.Register(canceled.Set))
                {
                    called.Set();
                    await canceled.WaitAsync();
                }

                throw new SiloUnavailableException("gone after the cancel"); // the silo was lost before it replied
            },
            new OrleansExecutorOptions { TimeProvider = _time });
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 1,
            ResiliencePipeline = new ResiliencePipelineBuilder { TimeProvider = _time }.AddTimeout(TimeSpan.FromSeconds(10)).Build(),
            TimeProvider = _time,
        };

        var run = TestClusters.Coordinator(executor, options).RunBatchAsync(TestClusters.Numbers(1));
        Assert.Equal(TimeSpan.FromSeconds(10), await _time.NextTimerAsync());
        await called.WaitAsync();
        _time.Advance(TimeSpan.FromSeconds(10));
        var report = await run.WaitAsync(TestClusters.Patience);

        var failure = Assert.Single(report.Failures);
        Assert.True(failure.TimedOut, failure.ToString());
        Assert.IsType<TimeoutRejectedException>(failure.Exception);
        Assert.Equal(1, _calls); // never sent again
        Assert.False(_time.HasUntakenTimer); // and no backoff waits to send it
    }

    [Fact]
    public async Task An_item_a_silo_canceled_without_the_batch_canceling_it_is_sent_again()
    {
        // A silo shutting down cancels what it runs; the batch did not ask for it, so the item is not canceled but resent.
        var executor = Executor(new OrleansExecutorOptions { TimeProvider = _time }, call => Task.FromResult(_calls == 1
            ? new ItemReply { Outcome = ItemOutcome.Canceled, Silo = "stopping" }
            : ScriptedCalls.Succeeded(call, "survivor")));
        var itemContext = ScriptedCalls.ItemContext(3);

        var run = executor.ExecuteAsync(new SquareNode("coordinator", new ClusterProbe()), itemContext, 3, CancellationToken.None).AsTask();
        await BackOffAsync(run, 100);
        await run.WaitAsync(TestClusters.Patience);

        Assert.Equal(2, _calls);
        Assert.Equal("survivor", itemContext.Square!.Silo);
    }

    [Fact]
    public async Task A_canceled_reply_while_the_batch_is_canceled_is_a_canceled_item_not_a_retry()
    {
        using var cancel = new CancellationTokenSource();
        var executor = Executor(new OrleansExecutorOptions { TimeProvider = _time }, _ =>
        {
            cancel.Cancel();
            return Task.FromResult(new ItemReply { Outcome = ItemOutcome.Canceled, Silo = "silo-1" });
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await executor.ExecuteAsync(new SquareNode("coordinator", new ClusterProbe()), ScriptedCalls.ItemContext(1), 1, cancel.Token));

        Assert.Equal(1, _calls);
    }

    [Fact]
    public async Task A_reporting_stream_a_stopping_silo_dropped_is_sent_again()
    {
        var streams = 0;
        var executor = ScriptedCalls.Executor(
            _ => throw new InvalidOperationException("only the reporting call is made"),
            (call, _) => Interlocked.Increment(ref streams) == 1 ? Dropped() : ScriptedCalls.Stream(ScriptedCalls.Succeeded(call, "survivor")),
            new OrleansExecutorOptions { TimeProvider = _time });
        var itemContext = ScriptedCalls.ItemContext(4);
        using var listening = ThrottlingSignals.Record(); // as in an adaptive batch's attempt: the reporting call

        var run = executor.ExecuteAsync(new SquareNode("coordinator", new ClusterProbe()), itemContext, 4, CancellationToken.None).AsTask();
        Assert.Equal(TimeSpan.FromMilliseconds(100), await _time.NextTimerAsync());
        _time.Advance(TimeSpan.FromMilliseconds(100));
        await run.WaitAsync(TestClusters.Patience);

        Assert.Equal(2, streams);
        Assert.Equal("survivor", itemContext.Square!.Silo);

        static async IAsyncEnumerable<ItemReply> Dropped()
        {
            await Task.Yield();
            throw new EnumerationAbortedException("the remote target does not have a record of this enumerator");
#pragma warning disable CS0162 // an iterator needs a yield
            yield break;
#pragma warning restore CS0162
        }
    }

    /// <summary>
    /// For each expected backoff: waits until the executor sets its timer, checks its length, advances the clock to
    /// just before it ends (no new call yet), then to its end.
    /// </summary>
    private async Task BackOffAsync(Task run, params int[] milliseconds)
    {
        for (var i = 0; i < milliseconds.Length; i++)
        {
            var delay = await _time.NextTimerAsync();
            Assert.Equal(TimeSpan.FromMilliseconds(milliseconds[i]), delay);
            _time.Advance(delay - TimeSpan.FromTicks(1));
            Assert.Equal(i + 1, Volatile.Read(ref _calls));
            Assert.False(run.IsCompleted);
            _time.Advance(TimeSpan.FromTicks(1));
        }
    }

    private OrleansItemExecutor<SquareBatch, int, int, Square?> Executor(OrleansExecutorOptions options, Func<ItemCall, Task<ItemReply>> call) =>
        ScriptedCalls.Executor(
            request =>
            {
                Interlocked.Increment(ref _calls);
                return call(request);
            },
            options);
}

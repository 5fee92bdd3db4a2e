using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Floxide.Runtime.Tests.Resilience;
using Floxide.Runtime.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Retry;

namespace Floxide.Runtime.Tests.Batching;

/// <summary>
/// <see cref="BatchOptions.CancellationGracePeriod"/>: a canceled batch starts nothing more, while the attempts running
/// finish (within the period) with their own results. Items stand for paid calls: they end when the test releases them,
/// or when their token is canceled. No test sleeps: a wait that outlived the halt would hang, and the bound fails it.
/// </summary>
public sealed class CancellationGracePeriodTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Canceled_with_an_unbounded_grace_period_the_running_items_finish_and_no_other_starts()
    {
        using var cancellation = new CancellationTokenSource();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new Signal();
        var bothRunning = running.SetAfter(2);
        var started = new ConcurrentQueue<int>();
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            started.Enqueue(context.Item);
            bothRunning();
            await release.Task.WaitAsync(token);
            context.Output = context.Item * 10;
        });
        var options = new BatchOptions { MaxDegreeOfParallelism = 2, CancellationGracePeriod = Timeout.InfiniteTimeSpan };
        var context = TestContext.Over(Enumerable.Range(0, 10).ToArray());

        var run = new BatchFlow<TestContext, int>(work, options).RunAsync(context, cancellation.Token);
        await running.WaitAsync();
        await cancellation.CancelAsync();
        Assert.False(run.IsCompleted); // the two calls are still running, and the run waits for them
        release.SetResult();
        var canceled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));

        Assert.Equal(cancellation.Token, canceled.CancellationToken);
        Assert.Equal([0, 1], started.Order());
        var results = Assert.Single(context.Updates); // merged before the throw
        Assert.Equal((2, 8), (results.Succeeded, results.Canceled));
        Assert.Equal([0, 10], results.Take(2).Select(r => r.Context!.Output));
        Assert.All(results.Skip(2), r => Assert.Equal((BatchItemStatus.Canceled, 0, false), (r.Status, r.Attempts, r.Context is not null)));
    }

    [Fact]
    public async Task Attempts_still_running_when_the_grace_period_ends_see_their_token_canceled_then()
    {
        var time = new FakeTimeProvider();
        using var cancellation = new CancellationTokenSource();
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new Signal();
        var bothRunning = running.SetAfter(2);
        var tokens = new ConcurrentDictionary<int, CancellationToken>();
        var firstFinished = new Signal();
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            tokens[context.Item] = token;
            bothRunning();
            await (context.Item == 0 ? releaseFirst.Task : Task.Delay(Timeout.Infinite, CancellationToken.None)).WaitAsync(token);
            context.Output = 1;
            firstFinished.Set();
        });
        var options = new BatchOptions { MaxDegreeOfParallelism = 2, CancellationGracePeriod = TimeSpan.FromSeconds(30), TimeProvider = time };
        var context = TestContext.Over([0, 1, 2]);

        var run = new BatchFlow<TestContext, int>(work, options).RunAsync(context, cancellation.Token);
        await running.WaitAsync();
        cancellation.Cancel();
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(tokens[1].IsCancellationRequested);
        releaseFirst.SetResult(); // finishes within the period
        await firstFinished.WaitAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(tokens[1].IsCancellationRequested);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));

        var results = Assert.Single(context.Updates);
        Assert.Equal(BatchItemStatus.Succeeded, results[0].Status);
        Assert.Equal((BatchItemStatus.Canceled, 1), (results[1].Status, results[1].Attempts));
        Assert.IsAssignableFrom<OperationCanceledException>(results[1].Exception);
        Assert.Equal((BatchItemStatus.Canceled, 0), (results[2].Status, results[2].Attempts));
    }

    [Fact]
    public async Task Without_a_grace_period_running_attempts_see_the_cancellation_at_once()
    {
        using var cancellation = new CancellationTokenSource();
        var running = new Signal();
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            running.Set();
            await Task.Delay(Timeout.Infinite, token);
        });

        var context = TestContext.Over([0]);
        var run = new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 1 }).RunAsync(context, cancellation.Token);
        await running.WaitAsync();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));
        Assert.Equal(BatchItemStatus.Canceled, Assert.Single(Assert.Single(context.Updates)).Status);
    }

    [Fact]
    public async Task In_the_grace_period_no_attempt_starts_and_each_running_one_ends_with_its_own_outcome()
    {
        var time = new RecordingTimeProvider();
        using var cancellation = new CancellationTokenSource();
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<InvalidOperationException>(),
                MaxRetryAttempts = 3,
                Delay = TimeSpan.FromMinutes(1),
            })
            .Build();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new Signal();
        var threeRunning = running.SetAfter(3);
        var calls = new ConcurrentDictionary<int, int>();
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            calls.AddOrUpdate(context.Item, 1, (_, n) => n + 1);
            if (context.Item == 2)
            {
                throw new InvalidOperationException("transient, before the cancellation"); // then waits its minute
            }

            threeRunning();
            await release.Task.WaitAsync(token);
            context.Output = 1;
            switch (context.Item)
            {
                case 0:
                    throw new InvalidOperationException("transient: would be retried");
                case 1:
                    throw new NotSupportedException("final: never retried");
            }
        });
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 4,
            ResiliencePipeline = pipeline,
            TimeProvider = time,
            CancellationGracePeriod = Timeout.InfiniteTimeSpan,
        };
        var context = TestContext.Over(Enumerable.Range(0, 6).ToArray());

        var run = new BatchFlow<TestContext, int>(work, options).RunAsync(context, cancellation.Token);
        await running.WaitAsync();
        Assert.Equal(TimeSpan.FromMinutes(1), await time.NextTimerAsync().WaitAsync(Patience)); // item 2 waits for its retry
        await cancellation.CancelAsync();
        release.SetResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience)); // the clock never moved

        var results = Assert.Single(context.Updates);
        Assert.Equal((BatchItemStatus.Canceled, 1), (results[0].Status, results[0].Attempts)); // its retry was forgone
        Assert.IsAssignableFrom<OperationCanceledException>(results[0].Exception);
        Assert.Equal((BatchItemStatus.Failed, 1), (results[1].Status, results[1].Attempts));
        Assert.IsType<NotSupportedException>(results[1].Exception);
        Assert.Equal((BatchItemStatus.Canceled, 1), (results[2].Status, results[2].Attempts)); // its delay ended at the cancellation
        Assert.Equal((BatchItemStatus.Succeeded, 1), (results[3].Status, results[3].Attempts));
        Assert.All(results.Skip(4), r => Assert.Equal((BatchItemStatus.Canceled, 0), (r.Status, r.Attempts)));
        Assert.Equal([1, 1, 1], new[] { 0, 1, 2 }.Select(item => calls[item]));
        Assert.False(calls.ContainsKey(4));
    }

    [Theory]
    [InlineData(false)] // a grace period alone: the plain loop
    [InlineData(true)] // through a pipeline that retries none of these
    public async Task Each_call_running_at_the_cancellation_ends_with_its_own_outcome(bool resilient)
    {
        using var cancellation = new CancellationTokenSource();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new Signal();
        var threeRunning = running.SetAfter(3);
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            threeRunning();
            await release.Task.WaitAsync(token);
            context.Output = context.Item + 10;
            switch (context.Item)
            {
                case 1:
                    throw new NotSupportedException("final");
                case 2:
                    throw new TaskCanceledException("the client's own timeout, not the batch's token");
            }
        });
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 3,
            CancellationGracePeriod = Timeout.InfiniteTimeSpan,
            ResiliencePipeline = resilient
                ? new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions { ShouldHandle = new PredicateBuilder().Handle<InvalidOperationException>(), Delay = TimeSpan.Zero }).Build()
                : null,
        };
        var context = TestContext.Over(Enumerable.Range(0, 5).ToArray());

        var run = new BatchFlow<TestContext, int>(work, options).RunAsync(context, cancellation.Token);
        await running.WaitAsync();
        await cancellation.CancelAsync();
        release.SetResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));

        var results = Assert.Single(context.Updates);
        Assert.Equal((BatchItemStatus.Succeeded, 1, 10), (results[0].Status, results[0].Attempts, results[0].Context!.Output));
        Assert.Equal((BatchItemStatus.Failed, 1), (results[1].Status, results[1].Attempts));
        Assert.IsType<NotSupportedException>(results[1].Exception);
        Assert.Equal((BatchItemStatus.Canceled, 1), (results[2].Status, results[2].Attempts)); // a durable rerun runs it again
        Assert.IsType<TaskCanceledException>(results[2].Exception);
        Assert.All(results.Skip(3), r => Assert.Equal((BatchItemStatus.Canceled, 0), (r.Status, r.Attempts)));
    }

    [Fact]
    public async Task An_item_waiting_for_a_permit_at_the_cancellation_ends_at_once_and_never_runs()
    {
        using var cancellation = new CancellationTokenSource();
        using var limiter = new SignalingLimiter(new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 10 }));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ran = new ConcurrentQueue<int>();
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            ran.Enqueue(context.Item);
            await release.Task.WaitAsync(token); // holds the only permit while it runs
        });
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 2,
            RateLimiter = limiter,
            CancellationGracePeriod = Timeout.InfiniteTimeSpan,
        };
        var context = TestContext.Over([0, 1]);

        var run = new BatchFlow<TestContext, int>(work, options).RunAsync(context, cancellation.Token);
        await limiter.Queued.WaitAsync();
        await cancellation.CancelAsync();
        await limiter.Withdrawn.WaitAsync(); // at once, while the running item still holds the only permit
        release.SetResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));

        var first = Assert.Single(ran);
        var results = Assert.Single(context.Updates);
        Assert.Equal(BatchItemStatus.Succeeded, results[first].Status);
        Assert.Equal((BatchItemStatus.Canceled, 0), (results[1 - first].Status, results[1 - first].Attempts));
    }

    [Fact]
    public async Task A_fail_fast_stop_cancels_running_attempts_at_once_whatever_the_grace_period()
    {
        var running = new Signal();
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            if (context.Item == 1)
            {
                running.Set();
                await Task.Delay(Timeout.Infinite, token);
            }

            await running.WaitAsync();
            throw new InvalidOperationException("fatal");
        });
        var options = new BatchOptions { MaxDegreeOfParallelism = 2, ErrorMode = BatchErrorMode.FailFast, CancellationGracePeriod = Timeout.InfiniteTimeSpan };

        var report = await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([0, 1])).WaitAsync(Patience);

        Assert.Equal(0, report.StoppedAtIndex);
        Assert.Equal((BatchItemStatus.Skipped, 1), (report.Results[1].Status, report.Results[1].Attempts));
    }

    [Theory]
    [InlineData(30_000)]
    [InlineData(-1)] // Timeout.InfiniteTimeSpan
    public async Task Progress_says_when_a_drain_cancels_the_running_attempts_from_the_cancellation_on(int graceMilliseconds)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        using var cancellation = new CancellationTokenSource();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new Signal();
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            running.Set();
            await release.Task.WaitAsync(token);
        });
        var grace = TimeSpan.FromMilliseconds(graceMilliseconds);
        var options = new BatchOptions { MaxDegreeOfParallelism = 1, CancellationGracePeriod = grace, TimeProvider = time };
        var progress = new ProgressRecorder();

        var run = new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([0, 1]), progress, cancellation.Token);
        await running.WaitAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        var canceledAt = time.GetUtcNow();
        await cancellation.CancelAsync();
        time.Advance(TimeSpan.FromMilliseconds(100));
        release.SetResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));

        var reports = progress.Reports.ToArray();
        var drainingUntil = grace == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : canceledAt + grace;
        Assert.NotEmpty(reports.TakeWhile(r => r.DrainingUntil is null)); // the ticks before the cancellation
        Assert.All(reports.SkipWhile(r => r.DrainingUntil is null), r => Assert.Equal(drainingUntil, r.DrainingUntil));
        Assert.Equal((1, drainingUntil), (reports[^1].Completed, reports[^1].DrainingUntil)); // the end's report too
    }

    [Theory]
    [InlineData(60, false)]
    [InlineData(60, true)] // a callback on the attempt's token throws as the stop cancels it
    [InlineData(1, false)] // the period ended before the stop: its end stands
    public async Task Progress_says_a_drain_the_batchs_own_stop_cut_short_ended_then(int graceMinutes, bool throwingCallback)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        using var cancellation = new CancellationTokenSource();
        var fail = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new Signal();
        var bothRunning = running.SetAfter(2);
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            if (context.Item == 1)
            {
                using var throwing = throwingCallback ? token.Register(() => throw new InvalidOperationException("a callback that throws")) : default;
                bothRunning(); // once registered, so the stop's cancel meets the throwing callback
                await Task.Delay(Timeout.Infinite, token);
            }

            bothRunning();
            await fail.Task;
            throw new InvalidOperationException("fatal"); // the fail-fast stop cancels item 1 now, if the period has not
        });
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 2, ErrorMode = BatchErrorMode.FailFast, CancellationGracePeriod = TimeSpan.FromMinutes(graceMinutes), TimeProvider = time,
        };
        var progress = new ProgressRecorder();

        var run = new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([0, 1]), progress, cancellation.Token);
        await running.WaitAsync();
        var canceledAt = time.GetUtcNow();
        await cancellation.CancelAsync();
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(canceledAt.AddMinutes(graceMinutes), progress.Reports.Last().DrainingUntil);
        time.Advance(TimeSpan.FromMinutes(5));
        var stoppedAt = time.GetUtcNow();
        fail.SetResult();
        await Assert.ThrowsAnyAsync<Exception>(() => run.WaitAsync(Patience));

        Assert.Equal(graceMinutes > 5 ? stoppedAt : canceledAt.AddMinutes(graceMinutes), progress.Reports.Last().DrainingUntil);
    }

    [Fact]
    public async Task The_period_counts_from_the_cancellation_not_from_the_end_of_what_the_halt_runs_inline()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        using var limiter = new OnePermitLimiter { OnWaitCanceled = () => time.Advance(TimeSpan.FromSeconds(10)) }; // slow, inline
        using var cancellation = new CancellationTokenSource();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new Signal();
        var work = Node.CreateAsync<TestContext>("call", async (_, token) =>
        {
            running.Set();
            await release.Task.WaitAsync(token);
        });
        var options = new BatchOptions { MaxDegreeOfParallelism = 2, CancellationGracePeriod = TimeSpan.FromSeconds(30), TimeProvider = time, RateLimiter = limiter };
        var progress = new ProgressRecorder();

        var run = new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([0, 1]), progress, cancellation.Token);
        await running.WaitAsync();
        await limiter.Waiting.WaitAsync();
        var canceledAt = time.GetUtcNow();
        cancellation.Cancel(); // the halt ends the other item's wait, whose cancellation takes 10 s on this thread
        release.SetResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));

        Assert.Equal(canceledAt.AddSeconds(30), progress.Reports.Last().DrainingUntil);
    }

    [Fact]
    public async Task A_store_that_fails_during_the_drain_cancels_the_running_attempts_at_once()
    {
        var store = new RefusingStore();
        using var cancellation = new CancellationTokenSource();
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new Signal();
        var allRunning = running.SetAfter(3);
        var tokens = new ConcurrentDictionary<int, CancellationToken>();
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            tokens[context.Item] = token;
            allRunning();
            await (context.Item == 2 ? finish.Task : Task.Delay(Timeout.Infinite, token)); // 0 and 1 run until canceled
        });
        var options = new BatchOptions { MaxDegreeOfParallelism = 3, CancellationGracePeriod = Timeout.InfiniteTimeSpan };

        var run = new BatchFlow<TestContext, int>(work, options).RunDurableAsync(
            TestContext.Over([0, 1, 2]), new DurableRun<TestContext, int>(store, "drained", Codecs.Test()), cancellation.Token);
        await running.WaitAsync();
        await cancellation.CancelAsync();
        Assert.False(tokens[0].IsCancellationRequested); // draining, with no end
        finish.SetResult(); // item 2 finishes in the drain, and its record's commit fails
        store.Refuse();
        var error = await Record.ExceptionAsync(() => run.WaitAsync(Patience)); // a drain the failure did not stop would never end

        Assert.IsType<BatchStoreException>(error);
        Assert.True(tokens[0].IsCancellationRequested && tokens[1].IsCancellationRequested);
    }

    [Fact]
    public async Task A_merge_that_fails_during_the_drain_cancels_the_running_attempts_at_once()
    {
        using var cancellation = new CancellationTokenSource();
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new Signal();
        var allRunning = running.SetAfter(3);
        var tokens = new ConcurrentDictionary<int, CancellationToken>();
        var work = Node.CreateAsync<StreamingTestContext>("call", async (context, token) =>
        {
            tokens[context.Item] = token;
            allRunning();
            await (context.Item == 0 ? finish.Task : Task.Delay(Timeout.Infinite, token)); // 1 and 2 run until canceled
        });
        var options = new BatchOptions { MaxDegreeOfParallelism = 3, CancellationGracePeriod = Timeout.InfiniteTimeSpan };
        var context = new StreamingTestContext
        {
            Items = () => new BatchItems<int>([0, 1, 2]),
            OnMerge = _ => throw new InvalidOperationException("merge broke"),
        };

        var run = new BatchFlow<StreamingTestContext, int>(work, options).RunAsync(context, cancellation.Token);
        await running.WaitAsync();
        await cancellation.CancelAsync();
        finish.SetResult(); // item 0 finishes in the drain, and its merge throws
        var error = await Record.ExceptionAsync(() => run.WaitAsync(Patience)); // a drain the failure did not stop would never end

        Assert.Equal("merge broke", Assert.IsType<FloxideException>(error).InnerException!.Message);
        Assert.True(tokens[1].IsCancellationRequested && tokens[2].IsCancellationRequested);
    }

    [Fact]
    public async Task A_stream_whose_token_is_canceled_yields_the_results_of_the_items_that_finish_in_the_grace_period()
    {
        using var cancellation = new CancellationTokenSource();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new Signal();
        var bothRunning = running.SetAfter(2);
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            if (context.Item > 0)
            {
                bothRunning();
                await release.Task.WaitAsync(token);
            }

            context.Output = context.Item;
        });
        var options = new BatchOptions { MaxDegreeOfParallelism = 2, CancellationGracePeriod = Timeout.InfiniteTimeSpan };
        var yielded = new List<BatchItemResult<TestContext, int>>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var result in new BatchFlow<TestContext, int>(work, options).StreamAsync(TestContext.Over([0, 1, 2, 3, 4]), cancellation.Token))
            {
                yielded.Add(result);
                if (result.Index == 0)
                {
                    await running.WaitAsync(); // items 1 and 2 hold both workers
                    await cancellation.CancelAsync();
                    release.SetResult();
                }
            }
        }).WaitAsync(Patience);

        Assert.Equal([0, 1, 2, 3, 4], yielded.Select(r => (int)r.Index));
        Assert.Equal([BatchItemStatus.Succeeded, BatchItemStatus.Succeeded, BatchItemStatus.Succeeded], yielded.Take(3).Select(r => r.Status));
        Assert.Equal([1, 2], yielded.Skip(1).Take(2).Select(r => r.Context!.Output));
        Assert.All(yielded.Skip(3), r => Assert.Equal((BatchItemStatus.Canceled, 0), (r.Status, r.Attempts)));
    }

    [Fact]
    public async Task A_stream_consumer_that_leaves_early_stops_running_attempts_at_once_whatever_the_grace_period()
    {
        var blocked = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            if (context.Item == 1)
            {
                blocked.SetResult(token);
                await Task.Delay(Timeout.Infinite, token);
            }
        });
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(new FakeLoggerProvider(logs)));
        var options = new BatchOptions { MaxDegreeOfParallelism = 2, CancellationGracePeriod = Timeout.InfiniteTimeSpan, LoggerFactory = loggerFactory };
        var flow = new BatchFlow<TestContext, int>(work, options);
        var progress = new ProgressRecorder();

        await ReadFirstAsync(flow.StreamAsync(TestContext.Over([0, 1, 2]), progress)).WaitAsync(Patience);

        Assert.True((await blocked.Task).IsCancellationRequested);
        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Id.Name == "BatchDraining"); // a consumer that leaves is no drain
        Assert.Null(Assert.Single(progress.Reports).DrainingUntil); // the end's report

        async Task ReadFirstAsync(IAsyncEnumerable<BatchItemResult<TestContext, int>> results)
        {
            await foreach (var result in results)
            {
                await blocked.Task.WaitAsync(Patience); // item 1 runs when the consumer leaves
                Assert.Equal(0, result.Index);
                break;
            }
        }
    }

    [Theory]
    [InlineData(false)] // a grace period alone: the plain loop
    [InlineData(true)] // with a retry pipeline, whose retry of item 0 the cancellation forgoes
    public async Task A_durable_rerun_restores_what_finished_in_the_grace_period_and_runs_the_items_it_canceled(bool resilient)
    {
        var store = new InMemoryBatchStore();
        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions { ShouldHandle = new PredicateBuilder().Handle<InvalidOperationException>(), MaxRetryAttempts = 2, Delay = TimeSpan.Zero })
            .Build();
        using var cancellation = new CancellationTokenSource();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new Signal();
        var bothRunning = running.SetAfter(2);
        var ran = new ConcurrentQueue<int>();
        var firstRun = true;
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            ran.Enqueue(context.Item);
            context.Output = context.Item + 100;
            if (!Volatile.Read(ref firstRun))
            {
                return;
            }

            bothRunning();
            await release.Task.WaitAsync(token);
            if (context.Item == 0)
            {
                // With the pipeline, a transient failure whose retry is forgone; without, a call that ends with a
                // cancellation of its own (its client's timeout). Both are Canceled, so the rerun runs it again.
                throw resilient
                    ? new InvalidOperationException("transient: its retry is forgone in the grace period")
                    : new TaskCanceledException("its client's timeout");
            }
        });
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 2, ResiliencePipeline = resilient ? pipeline : null, CancellationGracePeriod = Timeout.InfiniteTimeSpan,
        };
        var flow = new BatchFlow<TestContext, int>(work, options);
        var items = Enumerable.Range(0, 5).ToArray();

        var run = flow.RunDurableAsync(TestContext.Over(items), new DurableRun<TestContext, int>(store, "drained", Codecs.Test()), cancellation.Token);
        await running.WaitAsync();
        await cancellation.CancelAsync();
        release.SetResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));
        Assert.Equal([0, 1], ran.Order());

        Volatile.Write(ref firstRun, false);
        ran.Clear();
        var rerun = TestContext.Over(items);
        var report = await flow.RunDurableAsync(rerun, new DurableRun<TestContext, int>(store, "drained", Codecs.Test())).WaitAsync(Patience);

        Assert.Equal([0, 2, 3, 4], ran.Order()); // item 1 finished in the grace period: restored, not run again
        Assert.Equal((5, 1), (report.Succeeded, report.Resumed));
        Assert.True(report.Results[1].Resumed);
        Assert.Equal(Enumerable.Range(100, 5), report.Results.Select(r => r.Context!.Output));
    }

    [Theory]
    [InlineData(90_000, "have 90 s to finish")]
    [InlineData(-1, "go on to their end")]
    public async Task The_grace_period_is_logged_when_the_cancellation_comes(int graceMilliseconds, string ending)
    {
        using var cancellation = new CancellationTokenSource();
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(new FakeLoggerProvider(logs)));
        var running = new Signal();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var work = Node.CreateAsync<TestContext>("call", async (_, token) =>
        {
            running.Set();
            await release.Task.WaitAsync(token);
        });
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 1, CancellationGracePeriod = TimeSpan.FromMilliseconds(graceMilliseconds), LoggerFactory = loggerFactory, TimeProvider = new FakeTimeProvider(),
        };

        var run = new BatchFlow<TestContext, int>(work, options, "drained").RunAsync(TestContext.Over([0, 1]), cancellation.Token);
        await running.WaitAsync();
        await cancellation.CancelAsync();
        release.SetResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));

        var draining = Assert.Single(logs.GetSnapshot(), r => r.Id.Name == "BatchDraining");
        Assert.Equal($"Batch drained was canceled: it starts no further item or attempt, and the attempts running {ending}", draining.Message);
        Assert.Equal(graceMilliseconds < 0 ? null : "90", draining.GetStructuredStateValue("GraceSeconds"));
        Assert.Equal("BatchCanceled", logs.GetSnapshot()[^1].Id.Name);
    }

    [Fact]
    public async Task The_cancellation_ends_an_items_wait_before_the_drain_is_logged()
    {
        var time = new FakeTimeProvider();
        using var cancellation = new CancellationTokenSource();
        var waitToken = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waitEndedWhenLogged = new ConcurrentQueue<bool>();
        var logs = FakeLogCollector.Create(new FakeLogCollectorOptions
        {
            // On the canceling thread, as the drain is logged: the user's logging must not hold items waiting on the halt.
            OutputSink = line =>
            {
                if (line.Contains("it starts no further item", StringComparison.Ordinal))
                {
                    waitEndedWhenLogged.Enqueue(waitToken.Task.Result.IsCancellationRequested);
                }
            },
        });
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(new FakeLoggerProvider(logs)));
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<InvalidOperationException>(),
                Delay = TimeSpan.FromMinutes(1),
                OnRetry = args =>
                {
                    waitToken.TrySetResult(args.Context.CancellationToken); // what the retry's delay waits on
                    return default;
                },
            })
            .Build();
        var work = Node.CreateAsync<TestContext>("call", (_, _) => throw new InvalidOperationException("transient"));
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 1, CancellationGracePeriod = TimeSpan.FromSeconds(30), TimeProvider = time, ResiliencePipeline = pipeline, LoggerFactory = loggerFactory,
        };

        var run = new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([0]), cancellation.Token);
        await waitToken.Task.WaitAsync(Patience);
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));

        Assert.Equal([true], waitEndedWhenLogged);
    }

    [Fact]
    public async Task A_stream_consumer_that_leaves_while_it_drains_stops_running_attempts_at_once()
    {
        var time = new FakeTimeProvider();
        using var cancellation = new CancellationTokenSource();
        var blocked = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            if (context.Item == 1)
            {
                blocked.TrySetResult(token);
                await Task.Delay(Timeout.Infinite, token);
            }
        });
        var options = new BatchOptions { MaxDegreeOfParallelism = 2, CancellationGracePeriod = TimeSpan.FromHours(1), TimeProvider = time };
        var flow = new BatchFlow<TestContext, int>(work, options);
        var progress = new ProgressRecorder();

        await ReadThenLeaveAsync().WaitAsync(Patience);

        Assert.True((await blocked.Task).IsCancellationRequested);
        Assert.Equal(time.GetUtcNow(), progress.Reports.Last().DrainingUntil); // the drain ended when the consumer left

        async Task ReadThenLeaveAsync()
        {
            await foreach (var result in flow.StreamAsync(TestContext.Over([0, 1, 2]), progress, cancellation.Token))
            {
                await blocked.Task.WaitAsync(Patience);
                await cancellation.CancelAsync(); // a stopping host: the drain starts...
                time.Advance(TimeSpan.FromMinutes(1));
                break; // ...and the consumer leaves after all: the disposal must not wait out the hour the clock never reaches
            }
        }
    }

    [Theory]
    [InlineData(60.0)]
    [InlineData(double.MaxValue)] // TimeSpan.MaxValue: "no limit"
    public async Task A_grace_period_longer_than_a_timer_can_wait_runs_as_an_unbounded_one_on_the_system_clock(double days)
    {
        using var cancellation = new CancellationTokenSource();
        var running = new Signal();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationToken seen = default;
        var work = Node.CreateAsync<TestContext>("call", async (_, token) =>
        {
            seen = token;
            running.Set();
            await release.Task.WaitAsync(token);
        });
        var grace = days == double.MaxValue ? TimeSpan.MaxValue : TimeSpan.FromDays(days);
        var options = new BatchOptions { MaxDegreeOfParallelism = 1, CancellationGracePeriod = grace };
        var context = TestContext.Over([0, 1]);
        var progress = new ProgressRecorder();

        var run = new BatchFlow<TestContext, int>(work, options).RunAsync(context, progress, cancellation.Token);
        await running.WaitAsync();
        var thrown = Record.Exception(cancellation.Cancel); // a system timer cannot wait 60 days: Cancel must not throw for it
        Assert.False(seen.IsCancellationRequested);
        release.SetResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));

        Assert.Null(thrown);
        Assert.Equal(BatchItemStatus.Succeeded, Assert.Single(context.Updates)[0].Status);
        Assert.Equal(DateTimeOffset.MaxValue, progress.Reports.Last().DrainingUntil); // no end, not the longest timer's
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // through the item's pipeline
    public async Task A_cancellation_that_comes_while_an_items_context_is_made_starts_no_call(bool resilient)
    {
        using var cancellation = new CancellationTokenSource();
        var startedAfterCancel = new ConcurrentQueue<int>();
        var work = Node.CreateAsync<ThrowingFactoryContext>("call", async (context, token) =>
        {
            if (cancellation.IsCancellationRequested)
            {
                startedAfterCancel.Enqueue(context.Item); // a paid call, started after the batch was canceled
            }

            await Task.Yield();
        });
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 1,
            CancellationGracePeriod = Timeout.InfiniteTimeSpan,
            ResiliencePipeline = resilient ? new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions { Delay = TimeSpan.Zero }).Build() : null,
        };
        var context = new ThrowingFactoryContext { Items = [0, 1, 2], OnCreate = item => { if (item == 1) { cancellation.Cancel(); } } };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new BatchFlow<ThrowingFactoryContext, int>(work, options).RunAsync(context, cancellation.Token).WaitAsync(Patience));

        Assert.Empty(startedAfterCancel);
        Assert.Equal(
            [(BatchItemStatus.Succeeded, 1), (BatchItemStatus.Canceled, 0), (BatchItemStatus.Canceled, 0)],
            context.Results!.Select(r => (r.Status, r.Attempts)));
    }

    /// <summary>Grace period or not (then the item's token is the run's halt, which the caller's callbacks reach last).</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_permit_granted_inline_by_the_cancellation_before_the_run_sees_it_starts_no_call(bool drains)
    {
        using var limiter = new InlineGrantLimiter();
        using var cancellation = new CancellationTokenSource();
        var calls = new ConcurrentQueue<int>();
        var work = Node.CreateAsync<TestContext>("call", (context, _) =>
        {
            calls.Enqueue(context.Item); // a paid call
            return ValueTask.CompletedTask;
        });
        var options = new BatchOptions { MaxDegreeOfParallelism = 1, CancellationGracePeriod = drains ? Timeout.InfiniteTimeSpan : TimeSpan.Zero, RateLimiter = limiter };
        var context = TestContext.Over([0]);

        var run = new BatchFlow<TestContext, int>(work, options).RunAsync(context, cancellation.Token);
        await limiter.Awaited.WaitAsync();
        // Registered after the run's own callbacks, so it runs before them (last registered, first run): the permit's
        // continuation, inline, reaches the attempt while the run's halt is not yet canceled, only the caller's token is.
        using var grantOnCancel = cancellation.Token.Register(limiter.Grant);
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));

        Assert.Empty(calls);
        var result = Assert.Single(Assert.Single(context.Updates));
        Assert.Equal((BatchItemStatus.Canceled, 0), (result.Status, result.Attempts));
    }

    /// <summary>
    /// A step's own permit (a [ConcurrencyLimit], AddRateLimit on a node) granted inline by the cancellation, before the
    /// run's halt is canceled: the run's own token still reads as running, and the step must not be entered.
    /// </summary>
    [Fact]
    public async Task A_step_permit_granted_inline_by_the_cancellation_enters_no_step()
    {
        using var limiter = new InlineGrantLimiter();
        using var cancellation = new CancellationTokenSource();
        var calls = new ConcurrentQueue<int>();
        var step = Node.CreateAsync<TestContext>("save", (context, _) =>
        {
            calls.Enqueue(context.Item); // a paid call
            return ValueTask.CompletedTask;
        }).WithResilience(new ResiliencePipelineBuilder().AddRateLimit(limiter, "db").Build());
        var context = TestContext.Over([0]);

        var run = new BatchFlow<TestContext, int>(step, new BatchOptions { MaxDegreeOfParallelism = 1 }).RunAsync(context, cancellation.Token);
        await limiter.Awaited.WaitAsync();
        using var grantOnCancel = cancellation.Token.Register(limiter.Grant); // runs before the run's own callbacks
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));

        Assert.Empty(calls);
        Assert.Equal(BatchItemStatus.Canceled, Assert.Single(Assert.Single(context.Updates)).Status);
    }

    /// <summary>
    /// When the grace period ends, items with tokens of their own (an item pipeline) see them canceled one by one, last
    /// registered first. Hostile: item 1, inside a step, ends on that thread and hands its permit to item 0, queued, whose
    /// token is canceled only after item 1's retry predicate (user code, run inline) returns, which waits for item 0 to
    /// enter. Item 0 must not enter: the period ended for it too.
    /// </summary>
    [Fact]
    public async Task A_step_permit_handed_on_as_the_grace_period_ends_enters_no_step()
    {
        var time = new FakeTimeProvider();
        var queued = 0;
        var firstQueued = new Signal();
        var bothQueued = new Signal();
        using var limiter = new SignalingLimiter(new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 10, QueueProcessingOrder = QueueProcessingOrder.NewestFirst }))
        {
            OnQueued = () => (Interlocked.Increment(ref queued) == 1 ? firstQueued : bothQueued).Set(),
        };
        var external = limiter.AttemptAcquire(1); // another batch's run of the step holds the one permit
        using var cancellation = new CancellationTokenSource();
        var entered = new ConcurrentQueue<int>();
        var oneInside = new Signal();
        using var secondEntered = new ManualResetEventSlim();
        var step = Node.CreateAsync<TestContext>("save", async (context, token) =>
        {
            entered.Enqueue(context.Item);
            if (entered.Count > 1)
            {
                secondEntered.Set();
                return;
            }

            var call = new TaskCompletionSource(); // a call that ends inline when its token is canceled
            using var onCancel = token.Register(() => call.TrySetCanceled(token));
            oneInside.Set();
            await call.Task;
        }).WithResilience(new ResiliencePipelineBuilder().AddRateLimit(limiter, "db").Build());
        var itemPipeline = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 1,
            ShouldHandle = args =>
            {
                if (args.Outcome.Exception is not null)
                {
                    secondEntered.Wait(TimeSpan.FromSeconds(1)); // inline on the canceling thread: item 0's token waits
                }

                return ValueTask.FromResult(false);
            },
        }).Build();
        var options = new BatchOptions { MaxDegreeOfParallelism = 2, CancellationGracePeriod = TimeSpan.FromSeconds(10), TimeProvider = time, ResiliencePipeline = itemPipeline };
        async IAsyncEnumerable<int> Items()
        {
            yield return 0;
            await firstQueued.WaitAsync(); // item 0 starts, and so registers its token, first
            yield return 1;
        }

        var context = TestContext.Over(Items());
        var run = new BatchFlow<TestContext, int>(step, options).RunAsync(context, cancellation.Token);
        await bothQueued.WaitAsync();
        external.Dispose(); // the newest queued run, item 1's, enters the step; item 0's stays queued
        await oneInside.WaitAsync();
        await cancellation.CancelAsync(); // the drain: both belong to running attempts and go on
        await Task.Run(() => time.Advance(TimeSpan.FromSeconds(10))); // the period ends, on a thread with no synchronization context
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));

        Assert.Equal([1], entered);
        Assert.All(Assert.Single(context.Updates), r => Assert.Equal(BatchItemStatus.Canceled, r.Status));
    }

    [Fact]
    public async Task An_item_waiting_for_its_partitions_permit_outside_the_slots_ends_at_once()
    {
        var slow = new WithheldLimiter();
        var waiting = new Signal();
        slow.OnWaiting = waiting.Set;
        using var limiter = PartitionedRateLimiter.Create<int, string>(item => item == 0
            ? RateLimitPartition.Get("slow", _ => slow)
            : RateLimitPartition.GetNoLimiter("fast"));
        using var cancellation = new CancellationTokenSource();
        var running = new Signal();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var work = Node.CreateAsync<TestContext>("call", async (_, token) =>
        {
            running.Set();
            await release.Task.WaitAsync(token);
        });
        var options = new BatchOptions { MaxDegreeOfParallelism = 2, CancellationGracePeriod = Timeout.InfiniteTimeSpan };
        var context = TestContext.Over([0, 1]);

        var run = new BatchFlow<TestContext, int>(work, options) { ItemRateLimiter = limiter }.RunAsync(context, cancellation.Token);
        await waiting.WaitAsync();
        await running.WaitAsync();
        await cancellation.CancelAsync();
        release.SetResult();
        try
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience)); // the permit never comes
        }
        finally
        {
            slow.Release();
        }

        var results = Assert.Single(context.Updates);
        Assert.Equal((BatchItemStatus.Canceled, 0), (results[0].Status, results[0].Attempts));
        Assert.Equal(BatchItemStatus.Succeeded, results[1].Status);
    }

    [Fact]
    public async Task A_cancellation_while_the_adaptive_gate_is_paused_ends_the_batch_without_waiting_out_the_pause()
    {
        var time = new RecordingTimeProvider();
        using var cancellation = new CancellationTokenSource();
        var running = new Signal();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            if (context.Item == 0)
            {
                throw new TimeoutException("throttled: pause an hour");
            }

            running.Set();
            await release.Task.WaitAsync(token);
        });
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 2,
            TimeProvider = time,
            CancellationGracePeriod = Timeout.InfiniteTimeSpan,
            AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 2, RetryAfter = ex => ex is TimeoutException ? TimeSpan.FromHours(1) : null },
        };
        var context = TestContext.Over([1, 0, 2, 3]);

        var run = new BatchFlow<TestContext, int>(work, options).RunAsync(context, cancellation.Token);
        await running.WaitAsync();
        while (await time.NextTimerAsync().WaitAsync(Patience) != TimeSpan.FromHours(1))
        {
            // item 0's throttling paused the gate for an hour; item 2 waits there
        }

        await cancellation.CancelAsync();
        release.SetResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience)); // the clock never reaches the hour

        var results = Assert.Single(context.Updates);
        Assert.Equal([BatchItemStatus.Succeeded, BatchItemStatus.Failed], results.Take(2).Select(r => r.Status));
        Assert.All(results.Skip(2), r => Assert.Equal((BatchItemStatus.Canceled, 0), (r.Status, r.Attempts)));
    }

    [Fact]
    public async Task An_attempt_a_pipeline_timeout_stops_within_the_period_is_canceled_not_timed_out()
    {
        var time = new FakeTimeProvider();
        using var cancellation = new CancellationTokenSource();
        var running = new Signal();
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(TimeSpan.FromSeconds(10)).Build();
        var work = Node.CreateAsync<TestContext>("call", async (_, token) =>
        {
            running.Set();
            await Task.Delay(Timeout.Infinite, token);
        });
        var options = new BatchOptions { MaxDegreeOfParallelism = 1, ResiliencePipeline = pipeline, TimeProvider = time, CancellationGracePeriod = Timeout.InfiniteTimeSpan };
        var context = TestContext.Over([0]);

        var run = new BatchFlow<TestContext, int>(work, options).RunAsync(context, cancellation.Token);
        await running.WaitAsync();
        cancellation.Cancel();
        time.Advance(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));

        var result = Assert.Single(Assert.Single(context.Updates));
        Assert.Equal((BatchItemStatus.Canceled, false, 1), (result.Status, result.TimedOut, result.Attempts));
    }

    [Fact]
    public async Task A_steps_own_retries_belong_to_the_running_attempt_and_go_on_within_the_period()
    {
        using var cancellation = new CancellationTokenSource();
        var running = new Signal();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var step = Node.CreateAsync<TestContext>("call", async (_, token) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                running.Set();
                await release.Task.WaitAsync(token);
                throw new InvalidOperationException("transient");
            }
        }).WithResilience(new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 2, Delay = TimeSpan.Zero }).Build());
        var options = new BatchOptions { MaxDegreeOfParallelism = 1, CancellationGracePeriod = Timeout.InfiniteTimeSpan };
        var context = TestContext.Over([0, 1]);

        var run = new BatchFlow<TestContext, int>(step, options).RunAsync(context, cancellation.Token);
        await running.WaitAsync();
        await cancellation.CancelAsync();
        release.SetResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));

        var results = Assert.Single(context.Updates);
        Assert.Equal(2, calls); // the step's retry ran within the period; item 1 never started
        Assert.Equal([BatchItemStatus.Succeeded, BatchItemStatus.Canceled], results.Select(r => r.Status));
    }

    [Fact]
    public async Task A_batch_a_running_attempt_started_runs_its_items_on_within_the_period()
    {
        using var cancellation = new CancellationTokenSource();
        var innerRunning = new Signal();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var innerStarted = new ConcurrentQueue<int>();
        var innerCall = Node.CreateAsync<TestContext>("inner-call", async (context, token) =>
        {
            innerStarted.Enqueue(context.Item);
            innerRunning.Set();
            await release.Task.WaitAsync(token);
        });
        var inner = new BatchFlow<TestContext, int>(innerCall, new BatchOptions { MaxDegreeOfParallelism = 1 });
        var outerCall = Node.CreateAsync<TestContext>("outer-call", async (context, token) =>
        {
            var report = await inner.RunAsync(TestContext.Over([0, 1, 2]), token); // the attempt's token: the drain leaves it
            context.Output = (int)report.Succeeded;
        });
        var options = new BatchOptions { MaxDegreeOfParallelism = 1, CancellationGracePeriod = Timeout.InfiniteTimeSpan };
        var context = TestContext.Over([0, 1]);

        var run = new BatchFlow<TestContext, int>(outerCall, options).RunAsync(context, cancellation.Token);
        await innerRunning.WaitAsync();
        await cancellation.CancelAsync();
        release.SetResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));

        Assert.Equal([0, 1, 2], innerStarted); // the inner batch's items 1 and 2 started after the cancellation, as documented
        var results = Assert.Single(context.Updates);
        Assert.Equal((BatchItemStatus.Succeeded, 3), (results[0].Status, results[0].Context!.Output));
        Assert.Equal(BatchItemStatus.Canceled, results[1].Status);
    }

    [Fact]
    public async Task A_token_canceled_before_the_run_starts_no_item_and_logs_no_drain()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(new FakeLoggerProvider(logs)));
        var ran = 0;
        var work = Node.Create<TestContext>("call", _ => Interlocked.Increment(ref ran));
        var options = new BatchOptions { CancellationGracePeriod = TimeSpan.FromSeconds(90), LoggerFactory = loggerFactory };
        var context = TestContext.Over([0, 1]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new BatchFlow<TestContext, int>(work, options).RunAsync(context, cancellation.Token).WaitAsync(Patience));

        Assert.Equal(0, ran);
        Assert.Equal(["BatchStarted", "BatchCanceled"], logs.GetSnapshot().Select(r => r.Id.Name));
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(-1000)]
    public void A_negative_grace_period_other_than_infinite_is_refused_naming_the_option(int milliseconds)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new BatchOptions { CancellationGracePeriod = TimeSpan.FromMilliseconds(milliseconds) });

        Assert.Equal("CancellationGracePeriod", error.ParamName);
        Assert.Equal(Timeout.InfiniteTimeSpan, new BatchOptions { CancellationGracePeriod = Timeout.InfiniteTimeSpan }.CancellationGracePeriod);
        Assert.Equal(TimeSpan.Zero, new BatchOptions().CancellationGracePeriod);
    }
}

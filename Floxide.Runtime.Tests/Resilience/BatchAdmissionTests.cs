using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Floxide.Runtime.Tests.Support;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Floxide.Runtime.Tests.Resilience;

/// <summary>
/// <c>AddBatchAdmission()</c> marks where an item's pipeline waits for the batch to admit each attempt (the adaptive gate,
/// the rate limiters): a timeout inside it times the work, not the wait; without it, the timeout counts the wait.
/// </summary>
public sealed class BatchAdmissionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Pause = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task An_item_that_waits_out_a_pause_longer_than_its_timeout_runs_when_the_timeout_is_inside_the_admission()
    {
        var time = new RecordingTimeProvider();
        var (run, ran) = PausedBatch(time, new ResiliencePipelineBuilder { TimeProvider = time }.AddBatchAdmission().AddTimeout(Timeout).Build());

        Assert.Equal(Timeout, await time.NextTimerAsync()); // item 0's attempt, which asks for a minute's pause
        Assert.Equal(Pause, await time.NextTimerAsync());
        Assert.False(time.HasUntakenTimer); // item 1 waits for the gate, its timeout not started
        time.Advance(Pause);
        Assert.Equal(Timeout, await time.NextTimerAsync()); // admitted: now it is timed
        var report = await run.WaitAsync(Patience);

        Assert.Equal([0, 1], ran);
        Assert.Equal((BatchItemStatus.Succeeded, 1), (report.Results[1].Status, report.Results[1].Attempts));
    }

    [Fact]
    public async Task Without_the_admission_in_the_pipeline_the_timeout_counts_the_wait_for_the_gate()
    {
        var time = new RecordingTimeProvider();
        var (run, ran) = PausedBatch(time, new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(Timeout).Build());

        Assert.Equal(Timeout, await time.NextTimerAsync());
        Assert.Equal(Pause, await time.NextTimerAsync());
        Assert.Equal(Timeout, await time.NextTimerAsync()); // item 1's timeout runs while it waits for the gate
        time.Advance(Pause);
        var report = await run.WaitAsync(Patience);

        Assert.Equal([0], ran);
        Assert.IsType<TimeoutRejectedException>(report.Results[1].Exception);
        Assert.Equal(0, report.Results[1].Attempts); // timed out in the queue: it never ran
    }

    [Fact]
    public async Task An_item_queued_for_a_permit_longer_than_its_timeout_runs_once_it_has_the_permit()
    {
        var time = new RecordingTimeProvider();
        using var limiter = new SignalingLimiter(new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 10 }));
        var held = await limiter.AcquireAsync(1); // the only permit, until the test lets it go
        var options = new BatchOptions
        {
            TimeProvider = time,
            RateLimiter = limiter,
            ResiliencePipeline = new ResiliencePipelineBuilder { TimeProvider = time }.AddBatchAdmission().AddTimeout(Timeout).Build(),
        };

        var run = new BatchFlow<TestContext, int>(Node.Create<TestContext>("work", _ => { }), options).RunAsync(TestContext.Over([0]));
        await limiter.Queued.WaitAsync();
        Assert.False(time.HasUntakenTimer); // queued, not yet timed
        time.Advance(TimeSpan.FromMinutes(5));
        held.Dispose();
        Assert.Equal(Timeout, await time.NextTimerAsync());
        var report = await run.WaitAsync(Patience);

        Assert.Equal((BatchItemStatus.Succeeded, 1), (report.Results[0].Status, report.Results[0].Attempts));
    }

    [Fact]
    public async Task Each_retry_is_admitted_again_and_counted_once()
    {
        var time = new RecordingTimeProvider();
        var attempts = 0;
        var work = Node.Create<TestContext>("work", _ =>
        {
            if (Interlocked.Increment(ref attempts) < 3)
            {
                throw new TimeoutException("transient");
            }
        });
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 });
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 4,
            TimeProvider = time,
            RateLimiter = limiter, // each admission takes a permit: the leases count the admissions
            AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 4 },
            ResiliencePipeline = new ResiliencePipelineBuilder { TimeProvider = time }
                .AddRetry(new RetryStrategyOptions { ShouldHandle = new PredicateBuilder().Handle<TimeoutException>(), MaxRetryAttempts = 3, Delay = TimeSpan.Zero })
                .AddBatchAdmission()
                .AddBatchAdmission() // a second one passes through: an attempt is admitted once
                .AddTimeout(Timeout)
                .Build(),
        };

        var report = await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([0])).WaitAsync(Patience);

        Assert.Equal((BatchItemStatus.Succeeded, 3), (report.Results[0].Status, report.Results[0].Attempts));
        Assert.Equal(3, limiter.GetStatistics()!.TotalSuccessfulLeases); // once per attempt: not once per item, nor twice
    }

    [Theory]
    [InlineData(2)] // the third attempt succeeds
    [InlineData(3)] // every attempt fails: the item's failure is still the step's
    public async Task A_strategy_after_the_admission_that_throws_counts_each_attempt_once(int failures)
    {
        var attempts = 0;
        var work = Node.Create<TestContext>("work", _ =>
        {
            if (Interlocked.Increment(ref attempts) <= failures)
            {
                throw new TimeoutException("transient");
            }
        });
        var options = new BatchOptions
        {
            ResiliencePipeline = new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions { ShouldHandle = new PredicateBuilder().Handle<TimeoutException>(), MaxRetryAttempts = 2, Delay = TimeSpan.Zero })
                .AddBatchAdmission()
                .AddStrategy(_ => new RethrowingStrategy(), new EmptyStrategyOptions())
                .Build(),
        };

        var report = await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([0])).WaitAsync(Patience);

        var result = report.Results[0];
        Assert.Equal((failures < 3 ? BatchItemStatus.Succeeded : BatchItemStatus.Failed, 3), (result.Status, result.Attempts));
        Assert.Equal(failures < 3 ? null : "work", result.FailedStepId);
        Assert.NotNull(result.Context); // the last attempt's
    }

    [Theory]
    [InlineData(false)] // the batch's limiter, waited for in the gate
    [InlineData(true)] // a partition's, waited for outside it
    public async Task Without_the_admission_in_the_pipeline_a_timeout_that_ends_the_wait_for_a_permit_is_no_signal(bool itemLimiter)
    {
        var time = new RecordingTimeProvider();
        var waiting = new Signal();
        using var withheld = new WithheldLimiter { OnWaiting = waiting.Set }; // never released
        var options = new BatchOptions
        {
            TimeProvider = time,
            RateLimiter = itemLimiter ? null : withheld,
            AdaptiveConcurrency = new AdaptiveConcurrency { IsThrottled = _ => throw new FormatException("not for a wait") },
            ResiliencePipeline = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(Timeout).Build(),
        };
        var flow = new BatchFlow<TestContext, int>(Node.Create<TestContext>("work", _ => { }), options)
        {
            ItemRateLimiter = itemLimiter ? PartitionedRateLimiter.Create<int, int>(_ => RateLimitPartition.Get(0, _ => withheld)) : null,
        };

        var run = flow.RunAsync(TestContext.Over([0]));
        Assert.Equal(Timeout, await time.NextTimerAsync());
        await waiting.WaitAsync();
        time.Advance(Timeout);
        var report = await run.WaitAsync(Patience);

        // The service was never called: the wait says nothing of it, and the readers are not asked (this one would fail the item).
        Assert.IsType<TimeoutRejectedException>(report.Results[0].Exception);
        Assert.Equal(0, report.Results[0].Attempts);
    }

    [Fact]
    public async Task A_retry_inside_the_admission_counts_each_attempt()
    {
        var contexts = new ConcurrentQueue<TestContext>();
        var work = Node.Create<TestContext>("work", context =>
        {
            contexts.Enqueue(context);
            if (contexts.Count < 3)
            {
                throw new TimeoutException("transient");
            }
        });
        var options = new BatchOptions
        {
            ResiliencePipeline = new ResiliencePipelineBuilder()
                .AddBatchAdmission() // outside the retry: the attempts share one admission, but each is one attempt
                .AddRetry(new RetryStrategyOptions { ShouldHandle = new PredicateBuilder().Handle<TimeoutException>(), MaxRetryAttempts = 3, Delay = TimeSpan.Zero })
                .Build(),
        };

        var report = await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([0])).WaitAsync(Patience);

        Assert.Equal((BatchItemStatus.Succeeded, 3), (report.Results[0].Status, report.Results[0].Attempts));
        Assert.Equal(3, contexts.Distinct().Count());
        Assert.Same(contexts.Last(), report.Results[0].Context);
    }

    [Fact]
    public async Task A_steps_report_reaches_the_attempt_the_admission_strategy_admitted()
    {
        var work = Node.Create<TestContext>("work", _ => ThrottlingSignals.Report(new HttpRequestException("busy", null, System.Net.HttpStatusCode.TooManyRequests)));
        var progress = new ProgressRecorder();
        var options = AdaptiveOptions.HalvingFromFour with
        {
            ResiliencePipeline = new ResiliencePipelineBuilder().AddBatchAdmission().AddTimeout(Timeout).Build(),
        };

        var report = await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over(Enumerable.Range(0, 40)), progress).WaitAsync(Patience);

        Assert.Equal(40, report.Succeeded);
        Assert.Equal(1, progress.Reports.Last().ConcurrencyLevel); // every attempt reported a 429: halved down to the minimum
    }

    [Fact]
    public async Task A_reader_that_throws_fails_the_attempt_the_admission_strategy_admitted()
    {
        var broken = new FormatException("garbled");
        var work = Node.Create<TestContext>("work", _ => ThrottlingSignals.Report(new TimeoutException("slow")));
        var options = new BatchOptions
        {
            AdaptiveConcurrency = new AdaptiveConcurrency { IsThrottled = _ => throw broken },
            ResiliencePipeline = new ResiliencePipelineBuilder().AddBatchAdmission().AddTimeout(Timeout).Build(),
        };

        var report = await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([0])).WaitAsync(Patience);

        var failure = Assert.IsType<InvalidOperationException>(Assert.Single(report.Failures).Exception);
        Assert.Same(broken, failure.InnerException);
    }

    [Fact]
    public async Task Outside_an_items_pipeline_the_admission_passes_executions_through()
    {
        var pipeline = new ResiliencePipelineBuilder().AddBatchAdmission().Build();

        var result = await pipeline.ExecuteAsync(static _ => ValueTask.FromResult(42), CancellationToken.None);

        Assert.Equal(42, result);
    }

    /// <summary>
    /// One attempt at a time: item 0 fails asking for a minute's pause, which item 1 (with no retry) must wait out before
    /// it can run; returns the run and the items that ran.
    /// </summary>
    private static (Task<BatchReport<TestContext, int>> Run, ConcurrentQueue<int> Ran) PausedBatch(RecordingTimeProvider time, ResiliencePipeline pipeline)
    {
        var ran = new ConcurrentQueue<int>();
        var work = Node.Create<TestContext>("call", context =>
        {
            ran.Enqueue(context.Item);
            if (context.Item == 0)
            {
                throw new RateLimitRejectedException("service quota", Pause);
            }
        });
        var options = AdaptiveOptions.OneAtATimePausingForWaits(time) with { ResiliencePipeline = pipeline };
        return (new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([0, 1])), ran);
    }
}

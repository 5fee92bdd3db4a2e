using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Floxide.Runtime.Tests.Support;
using Polly;
using Polly.Retry;

namespace Floxide.Runtime.Tests.Resilience;

/// <summary>
/// A batch that stops itself (here at a fail-fast failure) ends what its items wait for before an attempt (a retry's
/// delay, a rate limiter's queue, a paused gate) and the attempts in flight: none of them hangs the run or runs after the
/// stop, and each is Skipped with the attempts it made, with a cancellation grace period as without one (it is for the
/// caller's cancellation). No clock is ever advanced: a wait that outlived the stop would hang.
/// </summary>
public sealed class BatchStopTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static TimeSpan Grace(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)] // a grace period, unbounded: the batch's own stop does not wait for it
    public async Task A_stop_ends_an_item_queued_for_a_rate_limit_permit_before_it_runs(int graceMilliseconds)
    {
        using var limiter = new SignalingLimiter(new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromHours(1), AutoReplenishment = false, QueueLimit = 10,
        }));
        var ran = new ConcurrentQueue<int>();
        var work = Node.CreateAsync<TestContext>("work", async (context, _) =>
        {
            ran.Enqueue(context.Item);
            await limiter.Queued.WaitAsync(); // the other item now waits for a permit that never comes
            throw new InvalidOperationException("fatal");
        });
        var options = new BatchOptions { MaxDegreeOfParallelism = 2, ErrorMode = BatchErrorMode.FailFast, RateLimiter = limiter, CancellationGracePeriod = Grace(graceMilliseconds) };

        var report = await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([0, 1])).WaitAsync(Patience);

        // Both items ask at once, so either may take the only permit: the one that does runs, the other never does.
        var first = Assert.Single(ran);
        var queued = report.Results[1 - first];
        Assert.Equal((first, 1, 1), (report.StoppedAtIndex, report.Failed, report.Skipped));
        Assert.Equal((BatchItemStatus.Skipped, 0), (queued.Status, queued.Attempts));
        Assert.IsAssignableFrom<OperationCanceledException>(queued.Exception); // the stop's, kept
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)] // a grace period, unbounded: the batch's own stop does not wait for it
    public async Task A_stop_ends_an_item_in_its_retry_delay_without_another_attempt(int graceMilliseconds)
    {
        var time = new RecordingTimeProvider();
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions { ShouldHandle = new PredicateBuilder().Handle<TimeoutException>(), MaxRetryAttempts = 1, Delay = TimeSpan.FromHours(1) })
            .Build();
        var attempts = new ConcurrentQueue<int>();
        var work = Node.CreateAsync<TestContext>("work", async (context, _) =>
        {
            attempts.Enqueue(context.Item);
            await Task.Yield();
            if (context.Item == 1)
            {
                throw new TimeoutException("transient"); // retried in an hour
            }

            Assert.Equal(TimeSpan.FromHours(1), await time.NextTimerAsync()); // item 1 is in its retry delay
            throw new InvalidOperationException("fatal");
        });
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 2, ErrorMode = BatchErrorMode.FailFast, ResiliencePipeline = pipeline, TimeProvider = time, CancellationGracePeriod = Grace(graceMilliseconds),
        };

        var report = await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([0, 1])).WaitAsync(Patience);

        Assert.Equal([0, 1], attempts.Order());
        Assert.Equal((BatchItemStatus.Failed, BatchItemStatus.Skipped), (report.Results[0].Status, report.Results[1].Status));
        Assert.Equal(1, report.Results[1].Attempts); // the attempt it made; the retry never ran
        Assert.NotNull(report.Results[1].Context);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)] // a grace period, unbounded: the batch's own stop does not wait for it
    public async Task A_stop_ends_an_item_waiting_in_a_paused_gate_before_it_runs(int graceMilliseconds)
    {
        // Item 0 holds the only slot of the gate, then fails asking for a minute's pause; item 1 waits in the gate.
        var time = new RecordingTimeProvider();
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(TimeSpan.FromHours(1)).Build();
        var release = new Signal();
        var ran = new ConcurrentQueue<int>();
        var work = Node.CreateAsync<TestContext>("work", async (context, _) =>
        {
            ran.Enqueue(context.Item);
            await release.WaitAsync();
            throw new RateLimitRejectedException("service quota", TimeSpan.FromMinutes(1));
        });
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 2,
            ErrorMode = BatchErrorMode.FailFast,
            ResiliencePipeline = pipeline,
            TimeProvider = time,
            AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 1, RetryAfter = ThrottlingSignals.RetryAfterOf },
            CancellationGracePeriod = Grace(graceMilliseconds),
        };

        var run = new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([0, 1]));
        // Both items start at once, so either may take the gate's one slot: the other waits at the gate.
        Assert.Equal(TimeSpan.FromHours(1), await time.NextTimerAsync()); // the first item's attempt
        Assert.Equal(TimeSpan.FromHours(1), await time.NextTimerAsync()); // the other's, which goes on to the gate
        release.Set();
        Assert.Equal(TimeSpan.FromMinutes(1), await time.NextTimerAsync()); // the first's failure paused the gate
        var report = await run.WaitAsync(Patience);

        var first = Assert.Single(ran);
        var waiting = report.Results[1 - first];
        Assert.Equal((BatchItemStatus.Skipped, 0), (waiting.Status, waiting.Attempts));
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 0)]
    [InlineData(false, -1)] // a grace period, unbounded: the batch's own stop does not wait for it
    [InlineData(true, -1)]
    public async Task A_stop_cancels_an_attempt_in_flight_which_is_skipped_with_its_context(bool resilient, int graceMilliseconds)
    {
        var started = new Signal();
        var work = Node.CreateAsync<TestContext>("work", async (context, token) =>
        {
            if (context.Item == 1)
            {
                started.Set();
                await Task.Delay(Timeout.Infinite, token); // ends only with the stop
            }

            await started.WaitAsync();
            throw new InvalidOperationException("fatal");
        });
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 2,
            ErrorMode = BatchErrorMode.FailFast,
            ResiliencePipeline = resilient ? new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions { Delay = TimeSpan.Zero }).Build() : null,
            CancellationGracePeriod = Grace(graceMilliseconds),
        };

        var report = await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([0, 1])).WaitAsync(Patience);

        Assert.Equal((BatchItemStatus.Failed, BatchItemStatus.Skipped), (report.Results[0].Status, report.Results[1].Status));
        Assert.Equal((0, 1, 0), (report.Canceled, report.Skipped, report.Succeeded));
        Assert.Equal(1, report.Results[1].Attempts); // an OperationCanceledException is not retried
        Assert.NotNull(report.Results[1].Context);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)] // a grace period, unbounded: the batch's own stop does not wait for it
    public async Task An_items_own_cancellation_as_the_run_stops_is_skipped_but_kept(int graceMilliseconds)
    {
        var own = new TaskCanceledException("the HTTP client's own timeout");
        var started = new Signal();
        var work = Node.CreateAsync<TestContext>("work", async (context, token) =>
        {
            if (context.Item == 1)
            {
                started.Set();
                try
                {
                    await Task.Delay(Timeout.Infinite, token); // until the stop this item's failure causes
                }
                catch (OperationCanceledException)
                {
                    throw own; // not the stop's: the item's own, at the moment the run stops
                }
            }

            await started.WaitAsync();
            throw new InvalidOperationException("fatal");
        });
        var options = new BatchOptions { MaxDegreeOfParallelism = 2, ErrorMode = BatchErrorMode.FailFast, CancellationGracePeriod = Grace(graceMilliseconds) };

        var report = await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([0, 1])).WaitAsync(Patience);

        Assert.Equal(BatchItemStatus.Skipped, report.Results[1].Status);
        Assert.Same(own, report.Results[1].Exception);
    }

    [Fact]
    public async Task The_callers_cancellation_of_an_item_waiting_for_a_permit_is_canceled_with_no_attempt()
    {
        using var limiter = new SignalingLimiter(new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromHours(1), AutoReplenishment = false, QueueLimit = 10,
        }));
        using var cancel = new CancellationTokenSource();
        var work = Node.CreateAsync<TestContext>("work", async (_, _) =>
        {
            await limiter.Queued.WaitAsync();
            await cancel.CancelAsync();
        });
        var node = new BatchNode<TestContext, int>("batch", work, new BatchOptions { MaxDegreeOfParallelism = 2, RateLimiter = limiter });
        var context = TestContext.Over([0, 1]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => node.RunAsync(context, cancel.Token).AsTask().WaitAsync(Patience));

        var results = Assert.Single(context.Updates); // merged before the cancellation is thrown
        // Both items ask at once, so either may take the only permit: it succeeds, and the other is canceled waiting.
        var first = results[0].Status == BatchItemStatus.Succeeded ? 0 : 1;
        Assert.Equal((BatchItemStatus.Succeeded, BatchItemStatus.Canceled), (results[first].Status, results[1 - first].Status));
        Assert.Equal(0, results[1 - first].Attempts);
    }
}

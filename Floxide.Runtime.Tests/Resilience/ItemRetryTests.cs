using Floxide.Runtime.Tests.Support;
using Polly;
using Polly.Retry;

namespace Floxide.Runtime.Tests.Resilience;

public class ItemRetryTests
{
    [Fact]
    public async Task Exponential_retries_wait_exactly_200_400_800_ms_and_the_result_counts_four_attempts()
    {
        var time = new RecordingTimeProvider();
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 3, Delay = TimeSpan.FromMilliseconds(200), BackoffType = DelayBackoffType.Exponential })
            .Build();
        var calls = 0;
        var work = Node.CreateAsync<TestContext>("work", async (context, token) =>
        {
            await Task.Yield();
            if (Interlocked.Increment(ref calls) < 4)
            {
                throw new InvalidOperationException("transient");
            }
        });
        var flow = new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 1, ResiliencePipeline = pipeline, TimeProvider = time });

        var run = flow.RunAsync(TestContext.Over([7]));
        var delays = new List<TimeSpan>();
        for (var retry = 0; retry < 3; retry++)
        {
            var delay = await time.NextTimerAsync();
            delays.Add(delay);
            time.Advance(delay);
        }

        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(800)], delays);
        var result = Assert.Single(report.Results);
        Assert.Equal(BatchItemStatus.Succeeded, result.Status);
        Assert.Equal(4, result.Attempts);
        Assert.False(time.HasUntakenTimer);
    }

    [Fact]
    public async Task Jittered_constant_delays_stay_within_25_percent_of_the_delay()
    {
        var time = new RecordingTimeProvider();
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 20, Delay = TimeSpan.FromSeconds(1), UseJitter = true })
            .Build();
        var work = Node.Create<TestContext>("work", _ => throw new InvalidOperationException("always"));
        var flow = new BatchFlow<TestContext, int>(work, new BatchOptions { ResiliencePipeline = pipeline, TimeProvider = time });

        var run = flow.RunAsync(TestContext.Over([1]));
        var delays = new List<TimeSpan>();
        for (var retry = 0; retry < 20; retry++)
        {
            var delay = await time.NextTimerAsync();
            delays.Add(delay);
            time.Advance(delay);
        }

        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromMilliseconds(750), TimeSpan.FromMilliseconds(1250)));
        Assert.True(delays.Distinct().Count() > 1, "jitter varies the delays");
        var failure = Assert.Single(report.Failures);
        Assert.Equal(21, failure.Attempts);
        Assert.IsType<InvalidOperationException>(failure.Exception);
    }

    [Fact]
    public async Task A_retried_items_merged_output_comes_from_its_last_attempt_only()
    {
        // Each attempt writes its output, then a later step fails twice: on a reused context the writes would add up.
        var attempts = new int[3];
        var write = Node.Create<TestContext>("write", context => context.Output += (context.Item * 100) + Interlocked.Increment(ref attempts[context.Item]));
        var check = Node.Create<TestContext>("check", context =>
        {
            if (Volatile.Read(ref attempts[context.Item]) < 3)
            {
                throw new InvalidOperationException("transient");
            }
        });
        var workflow = new WorkflowBuilder<TestContext>("item").StartWith(write).Then(write, check).Build();
        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 5, Delay = TimeSpan.Zero, ShouldHandle = new PredicateBuilder().Handle<InvalidOperationException>() })
            .Build();
        var context = TestContext.Over([0, 1, 2]);

        var report = await new BatchFlow<TestContext, int>(workflow, new BatchOptions { ResiliencePipeline = pipeline }).RunAsync(context);

        // The pipeline saw the step's own InvalidOperationException (not the workflow's NodeFailedException), so it retried.
        Assert.Equal([3, 3, 3], report.Results.Select(r => r.Attempts));
        var merged = Assert.Single(context.Updates);
        Assert.Equal([3, 103, 203], merged.Select(r => r.Context!.Output));
    }

    [Fact]
    public async Task An_item_that_fails_every_attempt_names_its_failing_step_and_keeps_the_last_attempts_context()
    {
        var attempt = 0;
        var write = Node.Create<TestContext>("write", context => context.Output = Interlocked.Increment(ref attempt));
        var fail = Node.Create<TestContext>("fail", _ => throw new InvalidOperationException("permanent"));
        var workflow = new WorkflowBuilder<TestContext>("item").StartWith(write).Then(write, fail).Build();
        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 2, Delay = TimeSpan.Zero })
            .Build();

        var report = await new BatchFlow<TestContext, int>(workflow, new BatchOptions { ResiliencePipeline = pipeline }).RunAsync(TestContext.Over([5]));

        var failure = Assert.Single(report.Failures);
        Assert.Equal(3, failure.Attempts);
        Assert.Equal("fail", failure.FailedStepId);
        Assert.IsType<InvalidOperationException>(failure.Exception);
        Assert.Equal(3, failure.Context!.Output);
        Assert.False(failure.TimedOut);
    }

    [Fact]
    public async Task A_batch_canceled_by_the_failing_attempt_is_not_retried()
    {
        using var cancel = new CancellationTokenSource();
        var time = new RecordingTimeProvider();
        // A pipeline that handles every exception, cancellation included: the batch token still ends the retries.
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 5, Delay = TimeSpan.FromSeconds(1), ShouldHandle = new PredicateBuilder().Handle<Exception>() })
            .Build();
        var calls = 0;
        var work = Node.Create<TestContext>("work", _ =>
        {
            Interlocked.Increment(ref calls);
            cancel.Cancel();
            cancel.Token.ThrowIfCancellationRequested();
        });
        var context = TestContext.Over([1]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new BatchFlow<TestContext, int>(work, new BatchOptions { ResiliencePipeline = pipeline, TimeProvider = time }).RunAsync(context, null, cancel.Token));

        Assert.Equal(1, calls);
        Assert.False(time.HasUntakenTimer);
        var result = Assert.Single(Assert.Single(context.Updates));
        Assert.Equal(BatchItemStatus.Canceled, result.Status);
        Assert.Equal(1, result.Attempts);
    }

    [Fact]
    public async Task A_batch_canceled_during_a_retry_delay_ends_the_item_as_canceled_without_another_attempt()
    {
        using var cancel = new CancellationTokenSource();
        var time = new RecordingTimeProvider();
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 5, Delay = TimeSpan.FromSeconds(1) })
            .Build();
        var calls = 0;
        var work = Node.Create<TestContext>("work", _ =>
        {
            Interlocked.Increment(ref calls);
            throw new InvalidOperationException("transient");
        });
        var context = TestContext.Over([1]);

        var run = new BatchFlow<TestContext, int>(work, new BatchOptions { ResiliencePipeline = pipeline, TimeProvider = time }).RunAsync(context, null, cancel.Token);
        Assert.Equal(TimeSpan.FromSeconds(1), await time.NextTimerAsync());
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(1, calls);
        var result = Assert.Single(Assert.Single(context.Updates));
        Assert.Equal(BatchItemStatus.Canceled, result.Status);
        Assert.Equal(1, result.Attempts);
    }

    [Fact]
    public async Task Without_resilience_every_started_item_reports_one_attempt_and_an_unstarted_one_none()
    {
        var work = Node.Create<TestContext>("work", context =>
        {
            if (context.Item == 2)
            {
                throw new InvalidOperationException("stop");
            }
        });
        var context = TestContext.Over([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

        var report = await new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 1, ErrorMode = BatchErrorMode.FailFast }).RunAsync(context);

        Assert.All(report.Results, r => Assert.Equal(r.Status == BatchItemStatus.Skipped ? 0 : 1, r.Attempts));
        Assert.Contains(report.Results, r => r.Status == BatchItemStatus.Skipped);
    }
}

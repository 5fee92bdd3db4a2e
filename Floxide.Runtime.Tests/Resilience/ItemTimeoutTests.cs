using Floxide.Runtime.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Floxide.Runtime.Tests.Resilience;

public class ItemTimeoutTests
{
    [Fact]
    public async Task An_item_past_its_timeout_is_failed_and_timed_out_and_counted_with_the_failures()
    {
        var time = new RecordingTimeProvider();
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(TimeSpan.FromSeconds(30)).Build();
        var running = new Signal();
        var allRunning = running.SetAfter(3);
        var work = Node.CreateAsync<TestContext>("work", async (context, token) =>
        {
            allRunning();
            if (context.Item == 0)
            {
                await Task.Delay(Timeout.Infinite, token);
            }

            if (context.Item == 1)
            {
                throw new InvalidOperationException("plain failure");
            }
        });
        var context = TestContext.Over([0, 1, 2]);
        var progress = new ProgressRecorder();

        var run = new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 3, ResiliencePipeline = pipeline, TimeProvider = time }).RunAsync(context, progress);
        Assert.Equal(TimeSpan.FromMilliseconds(100), await time.NextTimerAsync()); // progress's, started before any item
        // One timeout timer per attempt; advance past them all once the waiting item has started its own.
        var due = new List<TimeSpan> { await time.NextTimerAsync(), await time.NextTimerAsync(), await time.NextTimerAsync() };
        await running.WaitAsync(); // each timer starts before its attempt: advanced sooner, it times out items 1 and 2 before they run
        time.Advance(TimeSpan.FromSeconds(30));
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(due, d => Assert.Equal(TimeSpan.FromSeconds(30), d));
        Assert.Equal([BatchItemStatus.Failed, BatchItemStatus.Failed, BatchItemStatus.Succeeded], report.Results.Select(r => r.Status));
        Assert.Equal([true, false, false], report.Results.Select(r => r.TimedOut));
        Assert.IsType<TimeoutRejectedException>(report.Results[0].Exception);
        Assert.Equal("work", report.Results[0].FailedStepId); // the item workflow is that one step
        Assert.Equal("work", report.Results[1].FailedStepId);
        Assert.Equal(2, report.Failed);
        Assert.Equal(1, report.Succeeded);
        Assert.Equal(new BatchProgress(Completed: 3, Failed: 2, Canceled: 0, Skipped: 0, Total: 3) { ConcurrencyLevel = 3 }, progress.Reports.Last());
    }

    [Fact]
    public async Task Work_that_never_reads_its_token_runs_on_past_the_timeout_and_its_attempt_succeeds_when_it_does()
    {
        // The item ignores its token, but learns of the timeout through a registration: so the test knows the timeout
        // has fired before the item goes on to write its output and return.
        var time = new RecordingTimeProvider();
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(TimeSpan.FromSeconds(1)).Build();
        var timedOut = new Signal();
        var running = new Signal();
        var work = Node.CreateAsync<TestContext>("work", async (context, token) =>
        {
            using (token.Register(timedOut.Set))
            {
                running.Set();
                await timedOut.WaitAsync(); // not the token: the work runs on
            }

            context.Output = 42;
        });
        var context = TestContext.Over([0]);

        var run = new BatchFlow<TestContext, int>(work, new BatchOptions { ResiliencePipeline = pipeline, TimeProvider = time }).RunAsync(context);
        Assert.Equal(TimeSpan.FromSeconds(1), await time.NextTimerAsync());
        // The timeout's timer starts before the attempt does: advanced before the work runs, the clock would time the
        // attempt out before it starts (a timed-out item that never ran; CI's clean run once caught that interleaving).
        await running.WaitAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(timedOut.IsSet);
        var result = Assert.Single(report.Results);
        Assert.Equal((BatchItemStatus.Succeeded, false, 1), (result.Status, result.TimedOut, result.Attempts));
        Assert.Equal(42, result.Context!.Output);
        Assert.Equal(42, Assert.Single(context.Updates).Single().Context!.Output);
    }

    [Fact]
    public async Task An_item_whose_step_times_out_is_failed_and_timed_out_naming_the_step()
    {
        var time = new RecordingTimeProvider();
        var slow = Node.CreateAsync<TestContext>("slow", async (context, token) =>
        {
            if (context.Item == 0)
            {
                await Task.Delay(Timeout.Infinite, token);
            }
        }).WithResilience(new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(TimeSpan.FromSeconds(5)).Build());
        var workflow = new WorkflowBuilder<TestContext>("w").StartWith(slow).Build();

        // One at a time, the quick item first: its step is over before the slow one's timer starts, so advancing the
        // clock past that timer can only time out the slow one (a timer starts before its step runs).
        var run = new BatchFlow<TestContext, int>(workflow, new BatchOptions { MaxDegreeOfParallelism = 1, TimeProvider = time }).RunAsync(TestContext.Over([1, 0]));
        await time.NextTimerAsync();
        await time.NextTimerAsync();
        time.Advance(TimeSpan.FromSeconds(5));
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([false, true], report.Results.Select(r => r.TimedOut));
        Assert.IsType<TimeoutRejectedException>(report.Results[1].Exception);
        Assert.Equal("slow", report.Results[1].FailedStepId);
    }

    /// <summary>
    /// The item's own timeout cancels the step it is in, which lets the cancellation through unwrapped: the result still
    /// names that step, the innermost of nested workflows, as a step that failed is named, and the log says so.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_item_timed_out_by_its_own_timeout_names_the_innermost_step_it_canceled(bool traced)
    {
        var time = new RecordingTimeProvider();
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(TimeSpan.FromSeconds(30)).Build();
        var saving = new Signal();
        var fetch = Node.Create<TestContext>("fetch", _ => { });
        var save = Node.CreateAsync<TestContext>("save", async (_, token) =>
        {
            saving.Set();
            await Task.Delay(Timeout.Infinite, token);
        });
        var store = new WorkflowBuilder<TestContext>("store").StartWith(save).Build();
        var item = new WorkflowBuilder<TestContext>("item").StartWith(fetch).Then(fetch, store).Build();
        var logs = new FakeLogCollector();
        using var logging = LoggerFactory.Create(builder => builder.AddProvider(new FakeLoggerProvider(logs)));
        BatchReport<TestContext, int>? report = null;

        async Task RunAsync()
        {
            var run = new BatchFlow<TestContext, int>(item, new BatchOptions { ResiliencePipeline = pipeline, TimeProvider = time, LoggerFactory = logging }).RunAsync(TestContext.Over([0]));
            Assert.Equal(TimeSpan.FromSeconds(30), await time.NextTimerAsync());
            await saving.WaitAsync();
            time.Advance(TimeSpan.FromSeconds(30));
            report = await run.WaitAsync(TimeSpan.FromSeconds(30));
        }

        // Traced, the workflows run their spans' loop, which remembers the step as the untraced one does.
        var spans = traced ? (await Traces.TraceAsync(RunAsync)).Spans : null;
        if (!traced)
        {
            await RunAsync();
        }

        var result = Assert.Single(report!.Results);
        Assert.Equal((BatchItemStatus.Failed, true, "save"), (result.Status, result.TimedOut, result.FailedStepId));
        Assert.IsType<TimeoutRejectedException>(result.Exception);
        Assert.Contains(logs.GetSnapshot(), r => r.Message.Contains("failed in step save", StringComparison.Ordinal));
        if (spans is not null)
        {
            Assert.Equal("save", Assert.Single(spans, s => s.DisplayName.StartsWith("item ", StringComparison.Ordinal)).GetTagItem("floxide.step.id"));
        }
    }

    /// <summary>A timeout that falls between a workflow's steps (the first ran on past it, never reading its token) names no step.</summary>
    [Fact]
    public async Task An_item_timed_out_between_its_workflows_steps_names_no_step()
    {
        var time = new RecordingTimeProvider();
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(TimeSpan.FromSeconds(1)).Build();
        var timedOut = new Signal();
        var running = new Signal();
        var ran = 0;
        var first = Node.CreateAsync<TestContext>("first", async (_, token) =>
        {
            using (token.Register(timedOut.Set))
            {
                running.Set();
                await timedOut.WaitAsync(); // not the token: the step runs on and returns
            }
        });
        var second = Node.Create<TestContext>("second", _ => Interlocked.Increment(ref ran));
        var item = new WorkflowBuilder<TestContext>("item").StartWith(first).Then(first, second).Build();

        var run = new BatchFlow<TestContext, int>(item, new BatchOptions { ResiliencePipeline = pipeline, TimeProvider = time }).RunAsync(TestContext.Over([0]));
        Assert.Equal(TimeSpan.FromSeconds(1), await time.NextTimerAsync());
        await running.WaitAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        var result = Assert.Single((await run.WaitAsync(TimeSpan.FromSeconds(30))).Results);

        Assert.Equal((BatchItemStatus.Failed, true, 0), (result.Status, result.TimedOut, ran));
        Assert.Null(result.FailedStepId);
        Assert.IsType<TimeoutRejectedException>(result.Exception);
    }

    /// <summary>
    /// A timeout that ends a retry's delay canceled no step, though the attempt before the delay ended with a step's own
    /// cancellation (a client's timeout, which the retry handles): the item names no step, in its result or its log, as one
    /// that timed out between steps does. The step's cancellation is that attempt's, not what the timeout stopped.
    /// </summary>
    [Fact]
    public async Task An_item_timed_out_in_a_retry_delay_after_a_step_canceled_itself_names_no_step()
    {
        var time = new RecordingTimeProvider();
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddTimeout(TimeSpan.FromSeconds(30))
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<TaskCanceledException>(),
                MaxRetryAttempts = 1,
                BackoffType = DelayBackoffType.Constant,
                Delay = TimeSpan.FromSeconds(60),
            })
            .Build();
        var fetch = Node.Create<TestContext>("fetch", _ => { });
        var save = Node.Create<TestContext>("save", _ => throw new TaskCanceledException("the service's client gave up"));
        var item = new WorkflowBuilder<TestContext>("item").StartWith(fetch).Then(fetch, save).Build();
        var logs = new FakeLogCollector();
        using var logging = LoggerFactory.Create(builder => builder.AddProvider(new FakeLoggerProvider(logs)));

        var run = new BatchFlow<TestContext, int>(item, new BatchOptions { ResiliencePipeline = pipeline, TimeProvider = time, LoggerFactory = logging }).RunAsync(TestContext.Over([0]));
        Assert.Equal(TimeSpan.FromSeconds(30), await time.NextTimerAsync());
        Assert.Equal(TimeSpan.FromSeconds(60), await time.NextTimerAsync()); // the retry's delay, after the first attempt
        time.Advance(TimeSpan.FromSeconds(30));
        var result = Assert.Single((await run.WaitAsync(TimeSpan.FromSeconds(30))).Results);

        Assert.Equal((BatchItemStatus.Failed, true, 1), (result.Status, result.TimedOut, result.Attempts));
        Assert.IsType<TimeoutRejectedException>(result.Exception);
        Assert.Null(result.FailedStepId);
        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Message.Contains("in step save", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_item_whose_timeout_expired_where_an_executor_ran_it_is_timed_out()
    {
        var work = Node.Create<TestContext>("work", context =>
        {
            throw context.Item == 0
                ? new ReportedException(null, "Polly.Timeout.TimeoutRejectedException", "Polly.ExecutionRejectedException", "System.Exception")
                : new ReportedException(null, "System.TimeoutException", "System.SystemException", "System.Exception");
        });

        var report = await new BatchFlow<TestContext, int>(work).RunAsync(TestContext.Over([0, 1]));

        Assert.Equal([true, false], report.Results.Select(r => r.TimedOut)); // Polly's, not any TimeoutException
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using Floxide.Runtime.Tests.Support;
using Polly;
using Polly.Timeout;
using static Floxide.Runtime.Tests.Support.Traces;

namespace Floxide.Runtime.Tests.Telemetry;

/// <summary>
/// The span of an attempt that a timeout in the item's resilience pipeline stopped says what the item's result says of
/// it: failed, with Polly's <see cref="TimeoutRejectedException"/> and the step it canceled, although the attempt itself threw the
/// <see cref="OperationCanceledException"/> that Polly turns into the timeout only outside the attempt. A cancellation
/// the caller or the batch's own stop asked for still reads as such, and a step's own timeout still names the step.
/// </summary>
public class TimedOutSpanTests
{
    [Fact]
    public async Task An_attempt_stopped_by_an_item_level_timeout_has_a_span_that_reports_the_timeout_as_its_result_does()
    {
        var time = new RecordingTimeProvider();

        // The pipeline [Timeout] on a [BatchContext] builds: the batch's admission, then the timeout.
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }.AddBatchAdmission().AddTimeout(TimeSpan.FromSeconds(30)).Build();
        var parse = Node.Create<TestContext>("parse", c => c.Output = c.Item);
        var running = new Signal();
        var fetch = Node.CreateAsync<TestContext>("fetch", async (_, token) =>
        {
            running.Set();
            await Task.Delay(Timeout.Infinite, token);
        });
        var workflow = new WorkflowBuilder<TestContext>("per-item").StartWith(parse).Then(parse, fetch).Build();
        BatchReport<TestContext, int>? report = null;

        var (spans, error) = await TraceAsync(async () =>
        {
            var run = new BatchFlow<TestContext, int>(workflow, new BatchOptions { ResiliencePipeline = pipeline, TimeProvider = time }, id: "item-timeout")
                .RunAsync(TestContext.Over([0]));
            report = await PastTheTimeoutAsync(run, time, TimeSpan.FromSeconds(30), running);
        });

        Assert.Null(error);
        var result = Assert.Single(report!.Results);
        Assert.Equal((BatchItemStatus.Failed, true, "fetch"), (result.Status, result.TimedOut, result.FailedStepId));
        AssertReportsTheTimeout(Assert.Single(spans, s => s.DisplayName == "item item-timeout"), result);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // an executor that reports a canceled item as the attempt's cancellation, as OrleansItemExecutor does
    public async Task An_attempt_stopped_by_a_timeout_in_the_batch_options_pipeline_has_a_span_that_reports_the_timeout_as_its_result_does(bool executor)
    {
        var time = new RecordingTimeProvider();
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(TimeSpan.FromSeconds(30)).Build();
        var running = new Signal();
        var work = Node.CreateAsync<TestContext>("work", async (_, token) =>
        {
            running.Set();
            await Task.Delay(Timeout.Infinite, token);
        });
        var node = new BatchNode<TestContext, int>(
            "pipeline-timeout", work, new BatchOptions { ResiliencePipeline = pipeline, TimeProvider = time }, executor ? new CancelReportingExecutor() : null);
        BatchReport<TestContext, int>? report = null;

        var (spans, error) = await TraceAsync(async () =>
        {
            var run = node.RunBatchAsync(TestContext.Over([0]));
            report = await PastTheTimeoutAsync(run, time, TimeSpan.FromSeconds(30), running);
        });

        Assert.Null(error);
        var result = Assert.Single(report!.Results);
        Assert.Equal((BatchItemStatus.Failed, true, "work"), (result.Status, result.TimedOut, result.FailedStepId));
        AssertReportsTheTimeout(Assert.Single(spans, s => s.DisplayName == "item pipeline-timeout"), result);
    }

    [Fact]
    public async Task A_timed_out_attempt_retried_to_success_has_a_timed_out_span_then_a_succeeded_one()
    {
        var time = new RecordingTimeProvider();
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new() { MaxRetryAttempts = 1, Delay = TimeSpan.Zero, ShouldHandle = new PredicateBuilder().Handle<TimeoutRejectedException>() })
            .AddTimeout(TimeSpan.FromSeconds(30))
            .Build();
        var attemptSpans = new ConcurrentQueue<ActivitySpanId>(); // the span each attempt ran under, in order
        var running = new Signal();
        var work = Node.CreateAsync<TestContext>("work", async (_, token) =>
        {
            attemptSpans.Enqueue(Activity.Current!.SpanId);
            if (attemptSpans.Count == 1)
            {
                running.Set();
                await Task.Delay(Timeout.Infinite, token);
            }
        });
        BatchReport<TestContext, int>? report = null;

        var (spans, error) = await TraceAsync(async () =>
        {
            var run = new BatchFlow<TestContext, int>(work, new BatchOptions { ResiliencePipeline = pipeline, TimeProvider = time }, id: "retried-timeout")
                .RunAsync(TestContext.Over([0]));
            report = await PastTheTimeoutAsync(run, time, TimeSpan.FromSeconds(30), running);
        });

        Assert.Null(error);
        var result = Assert.Single(report!.Results);
        Assert.Equal((BatchItemStatus.Succeeded, 2), (result.Status, result.Attempts));
        var items = spans.Where(s => s.DisplayName == "item retried-timeout").ToDictionary(s => s.SpanId);
        Assert.Equal(2, items.Count);
        var (first, last) = (items[attemptSpans.First()], items[attemptSpans.Last()]);
        AssertReportsTheTimeout(first, result: null, "work");
        Assert.Equal("succeeded", last.GetTagItem("floxide.item.status"));
        Assert.Equal(ActivityStatusCode.Unset, last.Status);
        Assert.Null(last.GetTagItem("error.type"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_attempt_the_caller_or_the_batchs_stop_canceled_inside_a_timeout_is_canceled_or_skipped_not_timed_out(bool failFast)
    {
        // The attempt's token is the timeout's, which the caller's cancellation and the batch's stop cancel too; neither
        // is the timeout's doing, and Polly reports neither as a timeout.
        var time = new RecordingTimeProvider();
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 2,
            ErrorMode = failFast ? BatchErrorMode.FailFast : BatchErrorMode.ContinueOnError,
            ResiliencePipeline = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(TimeSpan.FromSeconds(30)).Build(),
            TimeProvider = time,
        };
        using var cancellation = new CancellationTokenSource();
        using var firstStarted = new SemaphoreSlim(0);
        var work = failFast
            ? StoppingNode.Create(firstStarted)
            : Node.CreateAsync<TestContext>("work", async (c, token) =>
            {
                if (c.Item == 0)
                {
                    await cancellation.CancelAsync();
                    await Task.Delay(Timeout.Infinite, token);
                }
            });
        BatchReport<TestContext, int>? report = null;

        var (spans, _) = await TraceAsync(async () =>
            report = await new BatchNode<TestContext, int>("interrupted", work, options).RunBatchAsync(TestContext.Over([0, 1]), cancellationToken: cancellation.Token));

        var expected = failFast ? BatchItemStatus.Skipped : BatchItemStatus.Canceled;
        if (!failFast)
        {
            Assert.Null(report); // the canceled run throws
        }
        else
        {
            Assert.Equal((expected, false), (report!.Results[0].Status, report.Results[0].TimedOut));
        }

        var interrupted = spans.Single(s => s.DisplayName == "item interrupted" && Equals(s.GetTagItem("floxide.item.index"), 0L));
        Assert.Equal(failFast ? "skipped" : "canceled", interrupted.GetTagItem("floxide.item.status"));
        Assert.Equal(ActivityStatusCode.Unset, interrupted.Status);
        Assert.Null(interrupted.GetTagItem("error.type"));
    }

    [Fact]
    public async Task A_cancellation_the_work_raises_on_its_own_inside_a_timeout_is_on_its_span_as_its_result_reports_it()
    {
        // Neither the timeout nor the batch canceled the attempt (an HttpClient's own timeout, say): Polly passes it on
        // as it is, and the result names the step.
        var pipeline = new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromHours(1)).Build();
        var work = Node.Create<TestContext>("work", _ => throw new TaskCanceledException("upstream took too long"));
        BatchReport<TestContext, int>? report = null;

        var (spans, error) = await TraceAsync(async () =>
            report = await new BatchFlow<TestContext, int>(work, new BatchOptions { ResiliencePipeline = pipeline }, id: "own-cancellation").RunAsync(TestContext.Over([0])));

        Assert.Null(error);
        var result = Assert.Single(report!.Results);
        Assert.Equal((BatchItemStatus.Failed, false, "work"), (result.Status, result.TimedOut, result.FailedStepId));
        var item = Assert.Single(spans, s => s.DisplayName == "item own-cancellation");
        Assert.Equal(ActivityStatusCode.Error, item.Status);
        Assert.Equal("failed", item.GetTagItem("floxide.item.status"));
        Assert.Equal(typeof(TaskCanceledException).FullName, item.GetTagItem("error.type"));
        Assert.Equal(result.Exception!.GetType().FullName, item.GetTagItem("error.type"));
        Assert.Equal("work", item.GetTagItem("floxide.step.id"));
        Assert.Equal("upstream took too long", item.StatusDescription);
    }

    [Fact]
    public async Task A_steps_own_timeout_has_a_span_that_names_the_step_as_its_result_does()
    {
        // A node's own [Timeout] (its call wrapped in its own pipeline) times out inside the item: the step throws Polly's
        // exception itself, and the item's result names the step.
        var time = new RecordingTimeProvider();
        var running = new Signal();
        var slow = Node.CreateAsync<TestContext>("slow", async (_, token) =>
        {
            running.Set();
            await Task.Delay(Timeout.Infinite, token);
        }).WithResilience(new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(TimeSpan.FromSeconds(5)).Build());
        var workflow = new WorkflowBuilder<TestContext>("w").StartWith(slow).Build();
        BatchReport<TestContext, int>? report = null;

        var (spans, error) = await TraceAsync(async () =>
        {
            var run = new BatchFlow<TestContext, int>(workflow, new BatchOptions { TimeProvider = time }, id: "step-timeout").RunAsync(TestContext.Over([0]));
            report = await PastTheTimeoutAsync(run, time, TimeSpan.FromSeconds(5), running);
        });

        Assert.Null(error);
        var result = Assert.Single(report!.Results);
        Assert.Equal((BatchItemStatus.Failed, true, "slow"), (result.Status, result.TimedOut, result.FailedStepId));
        var item = Assert.Single(spans, s => s.DisplayName == "item step-timeout");
        Assert.Equal(ActivityStatusCode.Error, item.Status);
        Assert.Equal("failed", item.GetTagItem("floxide.item.status"));
        Assert.Equal(typeof(TimeoutRejectedException).FullName, item.GetTagItem("error.type"));
        Assert.Equal("slow", item.GetTagItem("floxide.step.id"));
        Assert.Equal(result.Exception!.Message, item.StatusDescription);
    }

    /// <summary>
    /// Waits for the timeout's timer (of <paramref name="timeout"/>) and for the work to be <paramref name="running"/>,
    /// moves the clock past it and returns the run's report.
    /// </summary>
    private static async Task<BatchReport<TestContext, int>> PastTheTimeoutAsync(
        Task<BatchReport<TestContext, int>> run, RecordingTimeProvider time, TimeSpan timeout, Signal running)
    {
        Assert.Equal(timeout, await time.NextTimerAsync());
        await running.WaitAsync(); // the timer starts before the attempt: advanced sooner, it times out an attempt that never ran (no span)
        time.Advance(timeout);
        return await run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// The span of an attempt a timeout stopped: failed, with Polly's exception as <paramref name="result"/> (when the
    /// attempt was the item's last) reports it, and no step.
    /// </summary>
    private static void AssertReportsTheTimeout(Activity span, BatchItemResult<TestContext, int>? result, string? stepId = null)
    {
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("failed", span.GetTagItem("floxide.item.status"));
        Assert.Equal(typeof(TimeoutRejectedException).FullName, span.GetTagItem("error.type"));
        if (result is not null)
        {
            Assert.Equal(result.Value.Exception!.GetType().FullName, span.GetTagItem("error.type"));
        }

        Assert.Equal(result?.FailedStepId ?? stepId, span.GetTagItem("floxide.step.id")); // the step the timeout canceled
        Assert.Contains("timed out", span.StatusDescription, StringComparison.Ordinal);
        var exception = Assert.Single(span.Events, e => e.Name == "exception");
        Assert.Equal(typeof(TimeoutRejectedException).FullName, exception.Tags.Single(t => t.Key == "exception.type").Value);
    }

    /// <summary>
    /// Runs the item in this process and reports a canceled item as the attempt's cancellation, a new exception on the
    /// token it was given: as an executor that runs items elsewhere reports a reply that says canceled.
    /// </summary>
    private sealed class CancelReportingExecutor : IItemExecutor<TestContext>
    {
        public async ValueTask<NodeAction> ExecuteAsync(INode<TestContext> itemWorkflow, TestContext itemContext, long itemIndex, CancellationToken cancellationToken)
        {
            try
            {
                return await itemWorkflow.RunAsync(itemContext, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }
    }
}

using System.Diagnostics;
using Floxide.Runtime.Tests.Support;
using Polly;
using Polly.Retry;
using static Floxide.Runtime.Tests.Support.Traces;

namespace Floxide.Runtime.Tests.Telemetry;

/// <summary>
/// Spans through OpenTelemetry's in-memory exporter. Each test runs under its own root span and keeps only the
/// spans of its trace, so batches of tests running at the same time do not mix in.
/// </summary>
public class TracingTests
{
    /// <summary>
    /// docs/telemetry.md: a batch started in the background under a request's span would be its child; with
    /// Activity.Current cleared in the background work and a span of its own linked to the request, it is a trace of its own.
    /// </summary>
    [Fact]
    public async Task A_background_batch_started_with_the_current_span_cleared_is_a_trace_of_its_own_linked_to_the_request()
    {
        using var jobs = new ActivitySource("Floxide.Runtime.Tests.Tracing"); // the name Traces listens to
        Activity? itemSpan = null;
        ActivityContext request = default;
        var work = Node.Create<TestContext>("work", _ => itemSpan = Activity.Current);

        var (spans, _) = await TraceAsync(async () =>
        {
            request = Activity.Current!.Context;
            await Task.Run(async () =>
            {
                Activity.Current = null;
                using var job = jobs.StartActivity("job", ActivityKind.Internal, parentContext: default, links: [new ActivityLink(request)]);
                await new BatchFlow<TestContext, int>(work, id: "background").RunAsync(TestContext.Over([1]));
            });
        });

        Assert.DoesNotContain(spans, s => s.DisplayName == "batch background"); // not in the request's trace
        var batch = itemSpan!.Parent!;
        Assert.Equal("batch background", batch.DisplayName);
        var job = batch.Parent!;
        Assert.Equal(("job", null), (job.DisplayName, job.Parent));
        Assert.NotEqual(request.TraceId, job.TraceId);
        Assert.Equal(request, Assert.Single(job.Links).Context);
    }

    [Fact]
    public async Task A_batch_span_has_one_child_span_per_item_and_each_item_has_its_workflow_and_step_spans()
    {
        var check = Node.Create<TestContext>("check", c =>
        {
            if (c.Item == 3)
            {
                throw new InvalidOperationException("item 3 is bad");
            }
        });
        var parse = Node.Create<TestContext>("parse", c => c.Output = c.Item);
        var itemWorkflow = new WorkflowBuilder<TestContext>("per-item").StartWith(parse).Then(parse, check).Build();

        var (spans, _) = await TraceAsync(() =>
            new BatchFlow<TestContext, int>(itemWorkflow, new() { MaxDegreeOfParallelism = 2 }, id: "tagged").RunAsync(TestContext.Over([0, 1, 2, 3, 4])));

        var root = spans.Single(s => s.ParentSpanId == default);
        var batch = spans.Single(s => s.DisplayName == "batch tagged");
        Assert.Equal(root.SpanId, batch.ParentSpanId);
        Assert.Equal("tagged", batch.GetTagItem("floxide.batch.id"));
        Assert.Equal(2, batch.GetTagItem("floxide.batch.parallelism"));
        Assert.Equal(5L, batch.GetTagItem("floxide.batch.items.total"));
        Assert.Equal(4L, batch.GetTagItem("floxide.batch.items.succeeded"));
        Assert.Equal(1L, batch.GetTagItem("floxide.batch.items.failed"));
        Assert.Equal(ActivityStatusCode.Unset, batch.Status); // continue-on-error: a failed item does not fail the run

        var items = spans.Where(s => s.DisplayName == "item tagged").OrderBy(s => (long)s.GetTagItem("floxide.item.index")!).ToList();
        Assert.Equal([0L, 1L, 2L, 3L, 4L], items.Select(s => (long)s.GetTagItem("floxide.item.index")!));
        Assert.All(items, item => Assert.Equal(batch.SpanId, item.ParentSpanId));
        foreach (var item in items)
        {
            var workflow = spans.Single(s => s.ParentSpanId == item.SpanId);
            Assert.Equal("workflow per-item", workflow.DisplayName);
            var steps = spans.Where(s => s.ParentSpanId == workflow.SpanId).OrderBy(s => s.StartTimeUtc).Select(s => s.DisplayName).ToList();
            Assert.Equal(["step parse", "step check"], steps);
        }

        var failed = items[3];
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal("failed", failed.GetTagItem("floxide.item.status"));
        // As the item's result reports it: what the failing step threw (not the workflow's NodeFailedException), and the step.
        Assert.Equal(typeof(InvalidOperationException).FullName, failed.GetTagItem("error.type"));
        Assert.Equal("item 3 is bad", failed.StatusDescription);
        Assert.Equal("check", failed.GetTagItem("floxide.step.id"));
        Assert.Contains(failed.Events, e => e.Name == "exception" && Equals(e.Tags.FirstOrDefault(t => t.Key == "exception.type").Value, typeof(InvalidOperationException).FullName));
        var failedStep = spans.Single(s => s.DisplayName == "step check" && spans.Single(w => w.SpanId == s.ParentSpanId).ParentSpanId == failed.SpanId);
        Assert.Equal(ActivityStatusCode.Error, failedStep.Status);
        Assert.Equal(typeof(InvalidOperationException).FullName, failedStep.GetTagItem("error.type")); // what the step threw
        Assert.Contains(failedStep.Events, e => e.Name == "exception" && Equals(e.Tags.FirstOrDefault(t => t.Key == "exception.message").Value, "item 3 is bad"));
        Assert.All(items.Where(i => i != failed), item => Assert.Equal("succeeded", item.GetTagItem("floxide.item.status")));
    }

    [Fact]
    public async Task Every_span_is_internal_and_named_by_its_kind_and_an_id_from_the_code()
    {
        // docs/telemetry.md: all spans are ActivityKind.Internal, named `batch {batch id}`, `item {batch id}`,
        // `workflow {workflow id}` or `step {step id}`.
        var step = Node.Create<TestContext>("double", c => c.Output = c.Item * 2);
        var itemWorkflow = new WorkflowBuilder<TestContext>("per-item").StartWith(step).Build();

        var (spans, _) = await TraceAsync(() =>
            new BatchFlow<TestContext, int>(itemWorkflow, new() { MaxDegreeOfParallelism = 2 }, id: "kinds").RunAsync(TestContext.Over([1, 2, 3])));

        var floxide = spans.Where(s => s.Source.Name == FloxideTelemetry.ActivitySourceName).ToList();
        Assert.Equal(
            ["batch kinds", "item kinds", "step double", "workflow per-item"],
            floxide.Select(s => s.DisplayName).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(1 + (3 * 3), floxide.Count);
        Assert.All(floxide, s => Assert.Equal(ActivityKind.Internal, s.Kind));
    }

    [Fact]
    public async Task Items_that_await_run_under_their_own_span_and_never_under_another_items()
    {
        var parents = new System.Collections.Concurrent.ConcurrentDictionary<int, string?>();
        var work = Node.CreateAsync<TestContext>("work", async (c, _) =>
        {
            await Task.Yield();
            parents[c.Item] = Activity.Current?.DisplayName + "#" + Activity.Current?.GetTagItem("floxide.item.index");
        });

        var (spans, _) = await TraceAsync(() =>
            new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 4 }, id: "awaiting").RunAsync(TestContext.Over(Enumerable.Range(0, 40).ToArray())));

        var batch = spans.Single(s => s.DisplayName == "batch awaiting");
        var items = spans.Where(s => s.DisplayName == "item awaiting").ToList();
        Assert.Equal(40, items.Count);
        Assert.All(items, item => Assert.Equal(batch.SpanId, item.ParentSpanId));
        Assert.All(Enumerable.Range(0, 40), i => Assert.Equal($"item awaiting#{i}", parents[i]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_items_span_is_current_inside_the_nodes_executor_before_and_after_it_awaits(bool awaits)
    {
        // An executor that runs the item elsewhere starts its call here, so the call (a grain call, an HTTP request)
        // carries the item's span only if that span is current when the executor runs.
        var executor = new SpanRecordingExecutor(awaits);
        var node = new BatchNode<TestContext, int>("remote", Node.Create<TestContext>("work", _ => { }), new BatchOptions { MaxDegreeOfParallelism = 4 }, executor);

        var (spans, error) = await TraceAsync(() => node.RunBatchAsync(TestContext.Over(Enumerable.Range(0, 20).ToArray())));

        Assert.Null(error);
        var items = spans.Where(s => s.DisplayName == "item remote").ToDictionary(s => (long)s.GetTagItem("floxide.item.index")!, s => s.SpanId);
        Assert.Equal(20, items.Count);
        Assert.Equal(20, executor.Seen.Count);
        Assert.All(executor.Seen, seen =>
        {
            Assert.Equal(items[seen.Key].ToHexString(), seen.Value.Entered);
            Assert.Equal(items[seen.Key].ToHexString(), seen.Value.Resumed);
        });
    }

    [Fact]
    public async Task A_batch_run_as_a_workflow_step_nests_under_the_step_span()
    {
        var batch = new BatchNode<TestContext, int>("inner", Node.Create<TestContext>("work", _ => { }), 2);
        var outer = new WorkflowBuilder<TestContext>("outer").StartWith(batch).Build();

        var (spans, _) = await TraceAsync(() => outer.RunAsync(TestContext.Over([1, 2, 3]), CancellationToken.None).AsTask());

        var workflow = spans.Single(s => s.DisplayName == "workflow outer");
        var step = spans.Single(s => s.DisplayName == "step inner");
        var batchSpan = spans.Single(s => s.DisplayName == "batch inner");
        Assert.Equal(workflow.SpanId, step.ParentSpanId);
        Assert.Equal(step.SpanId, batchSpan.ParentSpanId);
        Assert.Equal("outer", step.GetTagItem("floxide.workflow.id"));
        Assert.Equal("inner", step.GetTagItem("floxide.step.id"));
        Assert.Equal("default", step.GetTagItem("floxide.step.action"));
        Assert.Equal(3, spans.Count(s => s.DisplayName == "item inner" && s.ParentSpanId == batchSpan.SpanId));
    }

    [Fact]
    public async Task A_fail_fast_stop_marks_the_batch_span_as_an_error_at_the_failed_item()
    {
        var work = Node.Create<TestContext>("work", c =>
        {
            if (c.Item == 2)
            {
                throw new InvalidOperationException("stop here");
            }
        });

        var (spans, _) = await TraceAsync(() =>
            new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 1, ErrorMode = BatchErrorMode.FailFast }, id: "strict").RunAsync(TestContext.Over([0, 1, 2, 3, 4])));

        var batch = spans.Single(s => s.DisplayName == "batch strict");
        Assert.Equal(ActivityStatusCode.Error, batch.Status);
        Assert.Equal(2L, batch.GetTagItem("floxide.batch.stopped_at"));
        Assert.Equal(2L, batch.GetTagItem("floxide.batch.items.skipped"));
        Assert.Equal("fail_fast", batch.GetTagItem("floxide.batch.error_mode"));
    }

    [Fact]
    public async Task A_single_node_items_failure_is_on_its_span_as_it_threw_it_naming_the_node_as_the_step()
    {
        var work = Node.Create<TestContext>("fetch", _ => throw new TimeoutException("upstream is slow"));

        var (spans, _) = await TraceAsync(() => new BatchFlow<TestContext, int>(work, id: "single").RunAsync(TestContext.Over([0])));

        var item = spans.Single(s => s.DisplayName == "item single");
        Assert.Equal(typeof(TimeoutException).FullName, item.GetTagItem("error.type"));
        Assert.Equal("upstream is slow", item.StatusDescription);
        Assert.Equal("fetch", item.GetTagItem("floxide.step.id"));
    }

    [Fact]
    public async Task An_item_its_executor_failed_outside_its_steps_has_a_span_reporting_what_failed_described_by_where_it_failed()
    {
        var executor = new OutsideStepsFailingExecutor();
        var node = new BatchNode<TestContext, int>("remote", Node.Create<TestContext>("work", _ => { }), null, executor);

        var (spans, _) = await TraceAsync(() => node.RunBatchAsync(TestContext.Over([0])));

        // What failed, as the result reports it (error.type, the exception event); the executor's message, which says
        // where (how many calls were lost), as the description: the result leaves it out.
        var item = spans.Single(s => s.DisplayName == "item remote");
        Assert.Equal(ActivityStatusCode.Error, item.Status);
        Assert.Equal(typeof(TimeoutException).FullName, item.GetTagItem("error.type"));
        Assert.Equal(OutsideStepsFailingExecutor.Where, item.StatusDescription);
        Assert.Equal(typeof(TimeoutException).FullName, Assert.Single(item.Events).Tags.Single(t => t.Key == "exception.type").Value);
        Assert.Null(item.GetTagItem("floxide.step.id"));
    }

    [Fact]
    public async Task An_item_running_when_a_fail_fast_batch_stops_has_a_span_that_says_skipped_as_its_result_does()
    {
        using var firstStarted = new SemaphoreSlim(0);
        var work = StoppingNode.Create(firstStarted);
        BatchReport<TestContext, int>? report = null;

        var (spans, _) = await TraceAsync(async () => report = await new BatchNode<TestContext, int>(
            "interrupted", work, new BatchOptions { MaxDegreeOfParallelism = 2, ErrorMode = BatchErrorMode.FailFast }).RunBatchAsync(TestContext.Over([0, 1])));

        Assert.Equal(BatchItemStatus.Skipped, report!.Results[0].Status);
        var interrupted = spans.Single(s => s.DisplayName == "item interrupted" && Equals(s.GetTagItem("floxide.item.index"), 0L));
        Assert.Equal("skipped", interrupted.GetTagItem("floxide.item.status"));
        Assert.Equal(ActivityStatusCode.Unset, interrupted.Status);
    }

    [Fact]
    public async Task A_resumed_durable_run_spans_only_the_items_that_ran_and_its_batch_span_names_the_durable_batch()
    {
        var store = new InMemoryBatchStore();
        var work = Node.Create<TestContext>("work", c => c.Output = c.Item);
        var flow = new BatchFlow<TestContext, int>(work, id: "durable-node");
        await flow.RunDurableAsync(TestContext.Over([0, 1, 2]), new DurableRun<TestContext, int>(store, "nightly-42", Codecs.Test()));

        BatchReport<TestContext, int>? report = null;
        var (spans, _) = await TraceAsync(async () => report = await flow.RunDurableAsync(
            TestContext.Over([0, 1, 2, 3, 4]), new DurableRun<TestContext, int>(store, "nightly-42", Codecs.Test())));

        Assert.Equal(3, report!.Resumed);
        var batch = spans.Single(s => s.DisplayName == "batch durable-node");
        Assert.Equal("durable-node", batch.GetTagItem("floxide.batch.id"));
        Assert.Equal("nightly-42", batch.GetTagItem("floxide.durable.batch_id"));
        Assert.Equal(3L, batch.GetTagItem("floxide.batch.items.resumed"));
        Assert.Equal(5L, batch.GetTagItem("floxide.batch.items.succeeded"));
        var items = spans.Where(s => s.DisplayName == "item durable-node").Select(s => (long)s.GetTagItem("floxide.item.index")!).Order();
        Assert.Equal([3L, 4L], items); // a restored item ran no workflow
    }

    [Fact]
    public async Task A_canceled_batch_span_is_not_an_error_and_counts_what_was_canceled()
    {
        using var cancellation = new CancellationTokenSource();
        var work = Node.CreateAsync<TestContext>("work", async (c, token) =>
        {
            if (c.Item == 1)
            {
                await cancellation.CancelAsync();
                await Task.Delay(Timeout.Infinite, token);
            }
        });

        var (spans, error) = await TraceAsync(() =>
            new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 1 }, id: "canceled").RunAsync(TestContext.Over([0, 1, 2, 3]), cancellationToken: cancellation.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        var batch = spans.Single(s => s.DisplayName == "batch canceled");
        Assert.Equal(ActivityStatusCode.Unset, batch.Status);
        Assert.Equal(1L, batch.GetTagItem("floxide.batch.items.succeeded"));
        Assert.Equal(3L, batch.GetTagItem("floxide.batch.items.canceled"));
        var canceledItem = spans.Single(s => s.DisplayName == "item canceled" && Equals(s.GetTagItem("floxide.item.index"), 1L));
        Assert.Equal("canceled", canceledItem.GetTagItem("floxide.item.status"));
        Assert.Equal(ActivityStatusCode.Unset, canceledItem.Status);
    }

    [Fact]
    public async Task A_source_that_throws_records_the_exception_on_the_batch_span()
    {
        var context = new TestContext { Items = () => throw new IOException("disk gone") };
        var (spans, error) = await TraceAsync(() => new BatchFlow<TestContext, int>(Node.Create<TestContext>("work", _ => { }), id: "unreadable").RunAsync(context));

        Assert.IsType<BatchSourceException>(error);
        var batch = spans.Single(s => s.DisplayName == "batch unreadable");
        Assert.Equal(ActivityStatusCode.Error, batch.Status);
        Assert.Equal(typeof(BatchSourceException).FullName, batch.GetTagItem("error.type"));
        Assert.Contains(batch.Events, e => e.Name == "exception");
    }

    [Fact]
    public async Task A_traced_run_keeps_the_nodes_item_rate_limiter_and_spans_each_attempt_of_a_retried_item()
    {
        // A traced run works on its own view of the node: everything the node carries must come along.
        using var refusing = System.Threading.RateLimiting.PartitionedRateLimiter.Create<int, int>(item =>
            System.Threading.RateLimiting.RateLimitPartition.GetConcurrencyLimiter(
                item, _ => new System.Threading.RateLimiting.ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 }));
        using var held = refusing.AttemptAcquire(3);
        var attempts = 0;
        var itemOneSpans = new System.Collections.Concurrent.ConcurrentQueue<ActivitySpanId>(); // the span each attempt of item 1 ran under, in order
        var work = Node.Create<TestContext>("work", c =>
        {
            if (c.Item == 1)
            {
                itemOneSpans.Enqueue(Activity.Current!.SpanId);
            }

            if (c.Item == 1 && Interlocked.Increment(ref attempts) == 1)
            {
                throw new TimeoutException("first attempt of item 1");
            }
        });
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 2,
            ResiliencePipeline = new ResiliencePipelineBuilder()
                .AddRetry(new() { MaxRetryAttempts = 2, Delay = TimeSpan.Zero, ShouldHandle = new PredicateBuilder().Handle<TimeoutException>() })
                .Build(),
        };
        var node = new BatchNode<TestContext, int>("limited", work, options) { ItemRateLimiter = refusing };
        BatchReport<TestContext, int>? report = null;

        var (spans, error) = await TraceAsync(async () => report = await node.RunBatchAsync(TestContext.Over([0, 1, 3])));

        Assert.Null(error);
        var refused = Assert.Single(report!.Failures);
        Assert.Equal(3, refused.Item);
        Assert.Equal("BatchNode.ItemRateLimiter", Assert.IsType<RateLimitRejectedException>(refused.Exception).Limiter);
        Assert.Equal(2, report.Results.Single(r => r.Item == 1).Attempts);
        Assert.Equal(BatchItemStatus.Succeeded, report.Results.Single(r => r.Item == 1).Status);
        Assert.Single(spans, s => s.DisplayName == "batch limited");
        var itemOne = spans.Where(s => s.DisplayName == "item limited" && (long)s.GetTagItem("floxide.item.index")! == 1).ToList();
        Assert.Equal(2, itemOne.Count); // one span per attempt

        // Each span says what became of its attempt, not of the item: the first failed, the retry succeeded.
        var (first, last) = (itemOne.Single(s => s.SpanId == itemOneSpans.First()), itemOne.Single(s => s.SpanId == itemOneSpans.Last()));
        Assert.Equal(("failed", ActivityStatusCode.Error), (first.GetTagItem("floxide.item.status"), first.Status));
        Assert.Equal(typeof(TimeoutException).FullName, first.GetTagItem("error.type"));
        Assert.Equal("work", first.GetTagItem("floxide.step.id"));
        Assert.Equal(("succeeded", ActivityStatusCode.Unset), (last.GetTagItem("floxide.item.status"), last.Status));
    }

    /// <summary>
    /// docs/telemetry.md: the one case where the item's last span and its result differ. An attempt running as the batch is
    /// canceled (it drains) fails in a way its pipeline retries; the stop forgoes the retry, so the item is canceled, while
    /// the span says what the attempt did: it failed.
    /// </summary>
    [Fact]
    public async Task An_attempt_that_fails_while_its_batch_drains_has_a_failed_span_and_its_item_whose_retry_was_forgone_is_canceled()
    {
        using var cancellation = new CancellationTokenSource();
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            running.TrySetResult();
            await release.Task.WaitAsync(token);
            throw new InvalidOperationException("transient: would be retried");
        });
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 1,
            CancellationGracePeriod = Timeout.InfiniteTimeSpan,
            ResiliencePipeline = new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions { ShouldHandle = new PredicateBuilder().Handle<InvalidOperationException>(), Delay = TimeSpan.Zero, MaxRetryAttempts = 3 })
                .Build(),
        };
        var context = TestContext.Over([0]);

        var (spans, error) = await TraceAsync(async () =>
        {
            var run = new BatchFlow<TestContext, int>(work, options).RunAsync(context, cancellation.Token);
            await running.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await cancellation.CancelAsync();
            release.SetResult();
            await run.WaitAsync(TimeSpan.FromSeconds(30));
        });

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        var result = Assert.Single(context.Updates)[0];
        Assert.Equal((BatchItemStatus.Canceled, 1), (result.Status, result.Attempts));
        var item = Assert.Single(spans, s => s.DisplayName == "item batch");
        Assert.Equal(("failed", ActivityStatusCode.Error), (item.GetTagItem("floxide.item.status"), item.Status));
        Assert.Equal(typeof(InvalidOperationException).FullName, item.GetTagItem("error.type"));
    }

    /// <summary>
    /// docs/telemetry.md: an attempt the batch's rate limiter refused never reached the executor, whose seam the spans
    /// wrap: it counts in the item's attempts (and their metric), and has no span.
    /// </summary>
    [Fact]
    public async Task An_attempt_the_batchs_rate_limiter_refused_counts_as_an_attempt_and_has_no_span()
    {
        using var permit = new RefusedOncePermit();
        var id = FloxideMetrics.UniqueId();
        using var attempts = FloxideMetrics.Collect<long>("floxide.batch.item.attempts");
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 1,
            RateLimiter = permit.Limiter,
            ResiliencePipeline = new ResiliencePipelineBuilder().AddRetry(permit.RetryOnRefusal).Build(),
        };
        var context = TestContext.Over([0]);

        var (spans, error) = await TraceAsync(() => new BatchFlow<TestContext, int>(Node.Create<TestContext>("work", c => c.Output = 1), options, id).RunAsync(context));

        Assert.Null(error);
        var result = Assert.Single(context.Updates)[0];
        Assert.Equal((BatchItemStatus.Succeeded, 2), (result.Status, result.Attempts));
        Assert.Equal(2, FloxideMetrics.Mine(attempts, id).Sum(m => m.Value));
        var span = Assert.Single(spans, s => s.DisplayName == "item " + id);
        Assert.Equal("succeeded", span.GetTagItem("floxide.item.status"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_durable_runs_item_spans_name_each_items_key_and_a_plain_or_positional_runs_spans_name_none(bool resilient)
    {
        // Keys that are not positions: each item's key is its value. Through a resilience pipeline, item 20's first attempt
        // of each run fails and is retried, so both of its spans are checked.
        var attemptsOf20 = 0;
        var work = Node.Create<TestContext>("work", c =>
        {
            if (resilient && c.Item == 20 && Interlocked.Increment(ref attemptsOf20) % 2 == 1)
            {
                throw new TimeoutException("first attempt of item 20");
            }

            c.Output = c.Item;
        });
        var options = resilient
            ? new BatchOptions { ResiliencePipeline = new ResiliencePipelineBuilder().AddRetry(new() { Delay = TimeSpan.Zero, ShouldHandle = new PredicateBuilder().Handle<TimeoutException>() }).Build() }
            : new BatchOptions();
        var flow = new BatchFlow<TestContext, int>(work, options, "keyed");

        var (spans, error) = await TraceAsync(async () =>
        {
            await flow.RunAsync(TestContext.Over([10, 20, 30]));
            await flow.RunDurableAsync(TestContext.Over([10, 20, 30]), new DurableRun<TestContext, int>(new InMemoryBatchStore(), "by-key", Codecs.Test(keyed: true)));
            await flow.RunDurableAsync(TestContext.Over([10, 20, 30]), new DurableRun<TestContext, int>(new InMemoryBatchStore(), "by-position", Codecs.Test()));
        });

        Assert.Null(error);
        var keysByRun = spans.Where(s => s.DisplayName == "batch keyed").ToDictionary(
            batch => (string?)batch.GetTagItem("floxide.durable.batch_id") ?? "plain",
            batch => spans.Where(s => s.ParentSpanId == batch.SpanId)
                .Select(item => ((long)item.GetTagItem("floxide.item.index")!, (string?)item.GetTagItem("floxide.item.key")))
                .Order()
                .ToList());
        List<(long Index, string? Key)> keyed = [(0, "10"), (1, "20"), (2, "30")];
        if (resilient)
        {
            keyed.Insert(1, (1, "20")); // a span per attempt
        }

        Assert.Equal(keyed, keysByRun["by-key"]);
        Assert.Equal(keyed.Select(span => (span.Index, (string?)null)), keysByRun["by-position"]); // the index says it all
        Assert.Equal(keysByRun["by-position"], keysByRun["plain"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_steps_own_retries_are_each_an_event_on_the_span_around_the_step_and_counted_by_step_and_error_type(bool inWorkflow)
    {
        var time = new RecordingTimeProvider();
        var stepId = "fetch-" + Guid.NewGuid().ToString("N"); // the counter is process-wide: this test reads only its own step's
        var calls = 0;

        // The pipeline the generator writes for [Retry(MaxAttempts = 3, DelayMs = 2000)] on a [Node] (whose OnRetry has the
        // node's id as a literal), on a fake clock.
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromSeconds(2),
                BackoffType = DelayBackoffType.Constant,
                OnRetry = args => GeneratedWorkflowTelemetry.StepRetrying(stepId, args),
            })
            .Build();
        var fetch = Node.Create<TestContext>(stepId, c =>
        {
            c.Output = ++calls switch
            {
                1 => throw new HttpRequestException("Response status code does not indicate success: 503 (Service Unavailable)."),
                2 => throw new TimeoutException("no answer"),
                _ => c.Item,
            };
        }).WithResilience(pipeline);
        INode<TestContext> itemWorkflow = inWorkflow ? new WorkflowBuilder<TestContext>("per-item").StartWith(fetch).Build() : fetch;
        using var retries = FloxideMetrics.Collect<long>("floxide.step.retries");
        BatchReport<TestContext, int>? report = null;

        var (spans, error) = await TraceAsync(async () =>
        {
            var run = new BatchFlow<TestContext, int>(itemWorkflow, id: "fetched").RunAsync(TestContext.Over([7]));
            for (var retry = 0; retry < 2; retry++)
            {
                Assert.Equal(TimeSpan.FromSeconds(2), await time.NextTimerAsync());
                time.Advance(TimeSpan.FromSeconds(2));
            }

            report = await run;
        });

        Assert.Null(error);
        Assert.Equal(7, Assert.Single(report!.Results).Context!.Output);
        var item = spans.Single(s => s.DisplayName == "item fetched");
        var around = inWorkflow ? spans.Single(s => s.DisplayName == "step " + stepId) : item; // a single node is the item's workflow: no step span
        var events = around.Events.Where(e => e.Name == "floxide.step.retry").Select(e => e.Tags.ToDictionary(t => t.Key, t => t.Value)).ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal([1, 2], events.Select(e => e["floxide.step.attempt"]));
        Assert.Equal([typeof(HttpRequestException).FullName, typeof(TimeoutException).FullName], events.Select(e => e["error.type"]));
        Assert.Equal("Response status code does not indicate success: 503 (Service Unavailable).", events[0]["exception.message"]);
        Assert.All(events, e => Assert.Equal((stepId, 2.0), (e["floxide.step.id"], e["floxide.step.retry_delay"])));
        Assert.Equal(ActivityStatusCode.Unset, around.Status); // absorbed: the step succeeded
        var counted = retries.GetMeasurementSnapshot().Where(m => Equals(m.Tags["floxide.step.id"], stepId)).ToList();
        Assert.Equal(
            [(1L, typeof(HttpRequestException).FullName), (1L, typeof(TimeoutException).FullName)],
            counted.Select(m => (m.Value, (string?)m.Tags["error.type"])));
    }

    [Fact]
    public async Task A_steps_retry_outside_any_Floxide_span_is_counted_but_writes_no_event_on_the_callers_span()
    {
        var stepId = "alone-" + Guid.NewGuid().ToString("N");
        var calls = 0;
        var step = Node.Create<TestContext>(stepId, _ =>
        {
            if (++calls == 1)
            {
                throw new TimeoutException("no answer");
            }
        }).WithResilience(new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions { Delay = TimeSpan.Zero, OnRetry = args => GeneratedWorkflowTelemetry.StepRetrying(stepId, args) })
            .Build());
        using var retries = FloxideMetrics.Collect<long>("floxide.step.retries");

        var (spans, error) = await TraceAsync(() => step.RunAsync(new TestContext(), CancellationToken.None).AsTask()); // under the test's own span

        Assert.Null(error);
        Assert.Equal(2, calls);
        Assert.Empty(Assert.Single(spans).Events); // not Floxide's span: left alone
        Assert.Single(retries.GetMeasurementSnapshot(), m => Equals(m.Tags["floxide.step.id"], stepId));
    }

    /// <summary>
    /// Runs each item in-process, recording the span current when it is called and after its own await (when it awaits,
    /// the item's workflow then runs on another thread).
    /// </summary>
    private sealed class SpanRecordingExecutor(bool awaits) : IItemExecutor<TestContext>
    {
        public System.Collections.Concurrent.ConcurrentDictionary<long, (string? Entered, string? Resumed)> Seen { get; } = new();

        public async ValueTask<NodeAction> ExecuteAsync(INode<TestContext> itemWorkflow, TestContext itemContext, long itemIndex, CancellationToken cancellationToken)
        {
            var entered = Activity.Current?.SpanId.ToHexString();
            if (awaits)
            {
                await Task.Yield();
            }

            Seen[itemIndex] = (entered, Activity.Current?.SpanId.ToHexString());
            return await itemWorkflow.RunAsync(itemContext, cancellationToken);
        }
    }
}

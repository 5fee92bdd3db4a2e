using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading.RateLimiting;
using Floxide.Generators.Resilience;
using Floxide.Runtime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Floxide.Generators.Tests.Integration;

/// <summary>Code the generator writes for [Retry] and [AdaptiveConcurrency] runs as declared (the generated text is in Baselines/Resilience and Baselines/QualifiedReaders).</summary>
public sealed class GeneratedResilienceTests
{
    [Fact]
    public async Task An_item_level_retry_reruns_each_item_on_a_fresh_context_and_merges_its_last_attempt()
    {
        var batch = new RetryBatch { Items = [1, 2, 3] };

        var report = await RetryBatch.CreateBatchFlow(new FlakyStepNode()).RunAsync(batch);

        Assert.Equal(3, report.Succeeded);
        Assert.All(report.Results, r => Assert.Equal(3, r.Attempts));
        Assert.Equal(9, batch.ItemContextsCreated); // the README: OnItemContextCreated is called once per attempt
        Assert.Equal([13, 23, 33], batch.Outputs);
        Assert.NotNull(RetryBatch.DefaultBatchOptions.ResiliencePipeline);
    }

    [Fact]
    public async Task A_retry_On_a_type_matches_that_type_thrown_where_an_executor_ran_the_item()
    {
        // RetryBatch retries InvalidOperationException only: what was one elsewhere is retried, what was a TimeoutException is not.
        var batch = new RetryBatch { Items = [1, 2, 10] };

        var report = await RetryBatch.CreateBatchFlow(new RemoteFlakyNode()).RunAsync(batch);

        Assert.Equal([(3, BatchItemStatus.Succeeded), (3, BatchItemStatus.Succeeded), (1, BatchItemStatus.Failed)], report.Results.Select(r => (r.Attempts, r.Status)));
        Assert.Equal("System.TimeoutException", Assert.IsAssignableFrom<RemoteException>(report.Results[2].Exception).RemoteType);
    }

    [Fact]
    public async Task Options_passed_in_replace_the_declared_defaults_whole_and_DefaultBatchOptions_with_a_logger_keeps_them()
    {
        var logging = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;

        // As from the container (AddFloxide): a logger, and none of the context's [Retry].
        var replaced = await RetryBatch.CreateBatchFlow(new RemoteFlakyNode(), new BatchOptions { LoggerFactory = logging }).RunAsync(new RetryBatch { Items = [1, 2, 10] });
        var kept = await RetryBatch.CreateBatchFlow(new RemoteFlakyNode(), RetryBatch.DefaultBatchOptions with { LoggerFactory = logging }).RunAsync(new RetryBatch { Items = [1, 2, 10] });

        Assert.All(replaced.Results, r => Assert.Equal((1, BatchItemStatus.Failed), (r.Attempts, r.Status)));
        Assert.Equal([(3, BatchItemStatus.Succeeded), (3, BatchItemStatus.Succeeded), (1, BatchItemStatus.Failed)], kept.Results.Select(r => (r.Attempts, r.Status)));
    }

    [Fact]
    public async Task A_retry_with_no_On_retries_an_HttpClient_timeout_and_a_batch_canceled_meanwhile_still_ends_without_a_retry()
    {
        var batch = new DefaultRetryBatch { Items = [1, 2, 3] };

        // Here Polly and the engine stop on the canceled token before the predicate's own "not the batch's cancellation"
        // clause is asked, so this checks the promise; the clause is needed in a moment this cannot reach (the test below).
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DefaultRetryBatch.CreateBatchFlow(new TimedOutCallNode()).RunAsync(batch, cancellationToken: batch.Cancel.Token));

        Assert.Equal([(1, 2), (2, 1)], batch.Attempts.OrderBy(a => a.Key).Select(a => (a.Key, a.Value)));
    }

    /// <summary>
    /// The batch's cancellation reaches the step's token one callback after it stops the batch's attempts. A step that ends
    /// with a cancellation of its own in that window (released inline by an earlier callback) must not be run again: the
    /// retry would be a new call after the cancel, also where On names the cancellation's type. Without a grace period the
    /// step's token is the run's halt.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_step_retry_runs_no_new_call_once_the_batch_stopped_its_attempts_though_the_step_token_reads_running(bool onCancellation)
    {
        var call = new InlineReleasedCall();
        INode<RetryBatch> step = onCancellation ? new InlineCanceledOnCallNode(call) : new InlineCanceledCallNode(call);
        using var cancellation = new CancellationTokenSource();

        var run = RetryBatch.CreateBatchFlow(step, new BatchOptions { MaxDegreeOfParallelism = 1 }).RunAsync(new RetryBatch { Items = [1] }, cancellation.Token);
        await call.Waiting.WaitAsync();
        using var releaseOnCancel = cancellation.Token.Register(call.Release); // registered last, run first: before the run's own
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(1, call.Runs);
    }

    /// <summary>
    /// A [Retry] with On retries only those types: an attempt that runs past the [Timeout] ends in Polly's
    /// TimeoutRejectedException, retried only when On names it too. The first attempt waits on its token; the second returns.
    /// </summary>
    [Fact]
    public async Task A_timed_out_attempt_is_retried_only_when_On_names_the_timeout()
    {
        static ValueTask FirstAttemptHangs(ConcurrentDictionary<int, int> attempts, int item, CancellationToken token) =>
            attempts.AddOrUpdate(item, 1, (_, n) => n + 1) == 1 ? new(Task.Delay(Timeout.Infinite, token)) : ValueTask.CompletedTask;

        var plain = await TimedRetryBatch.CreateBatchFlow(Node.CreateAsync<TimedRetryBatch>("call", (c, token) => FirstAttemptHangs(c.Attempts, c.Item, token)))
            .RunAsync(new TimedRetryBatch { Items = [1] });
        var named = await TimeoutRetryBatch.CreateBatchFlow(Node.CreateAsync<TimeoutRetryBatch>("call", (c, token) => FirstAttemptHangs(c.Attempts, c.Item, token)))
            .RunAsync(new TimeoutRetryBatch { Items = [1] });

        var given = Assert.Single(plain.Results);
        Assert.Equal((BatchItemStatus.Failed, true, 1), (given.Status, given.TimedOut, given.Attempts));
        var retried = Assert.Single(named.Results);
        Assert.Equal((BatchItemStatus.Succeeded, 2), (retried.Status, retried.Attempts));
    }

    [Fact]
    public async Task A_step_level_retry_reruns_only_the_step()
    {
        var node = new StepRetryNode();
        var context = new RetryBatch();

        await node.RunAsync(context, CancellationToken.None);

        Assert.Equal(3, node.Runs);
        Assert.Equal(3, context.Written);
    }

    [Fact]
    public async Task A_step_level_timeout_stops_a_process_method_through_the_token_the_generated_node_passes()
    {
        var context = new RetryBatch();

        await Assert.ThrowsAsync<TimeoutRejectedException>(async () => await new TimedStepNode().RunAsync(context, CancellationToken.None));

        Assert.Equal(0, context.Written);
    }

    /// <summary>
    /// The README: with [Retry], a [Node]'s [Timeout] applies to each attempt (the generated pipeline is retry, throttling
    /// signals, rate limit, timeout: Baselines/Resilience/Shop.Resilient.Store.Node.g.cs). Two attempts time out and the
    /// third succeeds; a timeout around the retry would have failed the step at the first. (At item level the same is
    /// A_timed_out_attempt_is_retried_only_when_On_names_the_timeout.)
    /// </summary>
    [Fact]
    public async Task A_steps_timeout_beside_its_retry_times_each_attempt_not_all_of_them()
    {
        var node = new PerAttemptTimeoutNode();
        var context = new RetryBatch();

        await node.RunAsync(context, CancellationToken.None);

        Assert.Equal((3, 1), (node.Runs, context.Written));
    }

    /// <summary>
    /// The README: tests drive every delay with a fake clock and never sleep. A declared item pipeline keeps the clock
    /// it was built with, so the engine runs it built again on the options' clock: the timers are exactly the declared
    /// timeout and retry delays, and the item's duration adds them up on that clock.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_declared_item_retry_and_timeout_wait_on_the_clock_of_the_options_and_never_on_the_systems(bool fromContainer)
    {
        var time = new RecordingTimeProvider();
        using var container = new ServiceCollection().AddSingleton<TimeProvider>(time).BuildServiceProvider();
        var options = fromContainer
            ? ClockedRetryBatch.DefaultBatchOptions.WithServices(container) with { MeasureItemDurations = true } // a test host's clock
            : ClockedRetryBatch.DefaultBatchOptions with { TimeProvider = time, MeasureItemDurations = true };
        var context = new ClockedRetryBatch { Items = [7] };
        var hanging = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempt = Node.CreateAsync<ClockedRetryBatch>("call", async (item, token) =>
        {
            switch (item.Attempts.AddOrUpdate(item.Item, 1, (_, n) => n + 1))
            {
                case 1:
                    hanging.SetResult();
                    await Task.Delay(Timeout.Infinite, token); // ended by the 10 min timeout
                    break;
                case 2:
                    throw new InvalidOperationException("second attempt fails");
            }
        });

        var run = ClockedRetryBatch.CreateBatchFlow(attempt, options).RunAsync(context);
        var first = true;
        foreach (var due in new[] { TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10) })
        {
            Assert.Equal(due, await time.NextTimerAsync()); // a timer on the system's clock would never be seen here
            if (first)
            {
                await hanging.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the timeout's timer starts before its attempt: advanced sooner, it times out an attempt that never ran
            }

            if (due == TimeSpan.FromMinutes(1) || first)
            {
                time.Advance(due); // the first attempt's timeout, then each delay; the later attempts end by themselves
            }

            first = false;
        }

        var result = Assert.Single((await run.WaitAsync(TimeSpan.FromSeconds(30))).Results);
        Assert.Equal((BatchItemStatus.Succeeded, 3), (result.Status, result.Attempts));
        Assert.Equal(TimeSpan.FromMinutes(12), result.Duration);
    }

    /// <summary>
    /// A context's [Timeout] that cancels a generated workflow's step names it, as a step that failed is named, although
    /// the cancellation leaves the workflow unwrapped. (GeneratedWorkflowTelemetryTests checks the traced loop.)
    /// </summary>
    [Fact]
    public async Task An_item_timed_out_in_a_generated_workflows_step_names_that_step()
    {
        var time = new RecordingTimeProvider();
        var context = new HangBatch { Items = [1] };

        var run = HangBatch.CreateBatchFlow(new HangFlow(), HangBatch.DefaultBatchOptions with { TimeProvider = time }).RunAsync(context);
        Assert.Equal(TimeSpan.FromSeconds(30), await time.NextTimerAsync());
        await context.Hanging.WaitAsync();
        time.Advance(TimeSpan.FromSeconds(30));
        var result = Assert.Single((await run.WaitAsync(TimeSpan.FromSeconds(30))).Failures);

        Assert.Equal((BatchItemStatus.Failed, true, "HangingNode"), (result.Status, result.TimedOut, result.FailedStepId));
    }

    /// <summary>A [Node]'s declared retry and timeout run on the clock of the batch that runs the step.</summary>
    [Fact]
    public async Task A_declared_step_retry_and_timeout_wait_on_the_clock_of_the_batch_running_the_step()
    {
        var time = new RecordingTimeProvider();
        var node = new ClockedStepNode();
        var context = new RetryBatch { Items = [5] };

        var run = RetryBatch.CreateBatchFlow(node, new BatchOptions { TimeProvider = time }).RunAsync(context);
        Assert.Equal(TimeSpan.FromMinutes(2), await time.NextTimerAsync()); // the first attempt's timeout
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(TimeSpan.FromSeconds(30), await time.NextTimerAsync()); // the retry's delay
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromMinutes(2), await time.NextTimerAsync()); // the second attempt's timeout, never due

        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, node.Runs);
        Assert.Equal([5], context.Outputs);
    }

    /// <summary>
    /// A declared item retry waits as long as the failed attempt's exception asks (a throttled response's Retry-After, here
    /// 7 s), and its own delay (1 min) after a failure that asks for no wait.
    /// </summary>
    [Fact]
    public async Task A_declared_item_retry_waits_the_Retry_After_a_throttled_attempt_carries_and_its_own_delay_otherwise()
    {
        var time = new RecordingTimeProvider();
        var context = new ClockedRetryBatch { Items = [7] };
        var attempt = Node.Create<ClockedRetryBatch>("call", item =>
        {
            switch (item.Attempts.AddOrUpdate(item.Item, 1, (_, n) => n + 1))
            {
                case 1:
                    throw new ThrottledResponseException(System.Net.HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(7), null);
                case 2:
                    throw new InvalidOperationException("no wait asked");
            }
        });

        var run = ClockedRetryBatch.CreateBatchFlow(attempt, ClockedRetryBatch.DefaultBatchOptions with { TimeProvider = time }).RunAsync(context);
        foreach (var due in new[] { TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(7), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10) })
        {
            Assert.Equal(due, await time.NextTimerAsync()); // each attempt's timeout, and the delay before the next
            if (due < TimeSpan.FromMinutes(10))
            {
                time.Advance(due);
            }
        }

        var result = Assert.Single((await run.WaitAsync(TimeSpan.FromSeconds(30))).Results);
        Assert.Equal((BatchItemStatus.Succeeded, 3), (result.Status, result.Attempts));
    }

    /// <summary>A declared step retry waits as long as each attempt's exception asks: a throttled response's 5 s, a refused permit's 2 s, not its 30 s.</summary>
    [Fact]
    public async Task A_declared_step_retry_waits_the_Retry_After_of_a_throttled_response_and_of_a_refused_permit()
    {
        var time = new RecordingTimeProvider();
        var node = new ThrottledStepNode();
        var context = new RetryBatch { Items = [5] };

        var run = RetryBatch.CreateBatchFlow(node, new BatchOptions { TimeProvider = time }).RunAsync(context);
        Assert.Equal(TimeSpan.FromSeconds(5), await time.NextTimerAsync());
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(2), await time.NextTimerAsync());
        time.Advance(TimeSpan.FromSeconds(2));

        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(3, node.Runs);
        Assert.Equal([5], context.Outputs);
    }

    [Theory]
    [InlineData(-5, null, false)] // the declared backoff
    [InlineData(0, 0.0, false)]
    [InlineData(3, 3.0, false)]
    [InlineData(3, 3.0, true)] // a refused permit on a silo
    [InlineData(60 * 60 * 24 * 100, 60 * 60 * 24.0, false)] // 100 days: one day, the longest delay a [Retry] can declare
    public async Task The_declared_retrys_wait_is_the_one_asked_for_up_to_a_day_wherever_the_item_ran(double askedSeconds, double? waitedSeconds, bool remote)
    {
        var asked = TimeSpan.FromSeconds(askedSeconds);
        Exception refused = remote ? new ReportedException(null, asked, "Floxide.RateLimitRejectedException") : new RateLimitRejectedException("quota", asked);
        var context = ResilienceContextPool.Shared.Get();

        var delay = await GeneratedResilience.RetryAfterDelay(new RetryDelayGeneratorArguments<object>(context, Outcome.FromException<object>(refused), 0));
        var none = await GeneratedResilience.RetryAfterDelay(new RetryDelayGeneratorArguments<object>(context, Outcome.FromException<object>(new TimeoutException()), 0));

        Assert.Equal(waitedSeconds is { } waited ? TimeSpan.FromSeconds(waited) : null, delay);
        Assert.Null(none); // the declared backoff
        ResilienceContextPool.Shared.Return(context);
    }

    /// <summary>
    /// A declared pipeline is built again once per clock, not per run or item, and a pipeline built by hand keeps its
    /// own clock, as BatchOptions.TimeProvider documents.
    /// </summary>
    [Fact]
    public async Task A_declared_pipeline_is_built_once_per_clock_and_one_built_by_hand_is_never_rebuilt()
    {
        var time = new RecordingTimeProvider();
        var declared = ClockedRetryBatch.DefaultBatchOptions.ResiliencePipeline!;
        var byHand = new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromSeconds(1)).Build();
        var seen = new ConcurrentBag<(ResiliencePipeline Declared, ResiliencePipeline ByHand)>();
        var look = Node.Create<RetryBatch>("look", _ => seen.Add((GeneratedResilience.OnBatchClock(declared), GeneratedResilience.OnBatchClock(byHand))));

        await RetryBatch.CreateBatchFlow(look, new BatchOptions { TimeProvider = time }).RunAsync(new RetryBatch { Items = [1, 2, 3] });
        await Drain(RetryBatch.CreateBatchFlow(look, new BatchOptions { TimeProvider = time }).StreamAsync(new RetryBatch { Items = [4] })); // the stream's own task
        Assert.Same(declared, GeneratedResilience.OnBatchClock(declared)); // back outside the batches: the clock did not leak to the caller
        var onTestClock = new ConcurrentBag<(ResiliencePipeline, ResiliencePipeline)>(seen);
        seen.Clear();
        await RetryBatch.CreateBatchFlow(look, new BatchOptions()).RunAsync(new RetryBatch { Items = [5] });

        var onTheTestsClock = Assert.Single(onTestClock.Select(s => s.Item1).Distinct()); // one for the clock, over runs and items
        Assert.NotSame(declared, onTheTestsClock);
        Assert.All(onTestClock, s => Assert.Same(byHand, s.Item2)); // a pipeline built by hand keeps its own clock
        Assert.Equal((declared, byHand), Assert.Single(seen)); // a batch on the system's clock runs the declared one

        static async Task Drain(IAsyncEnumerable<BatchItemResult<RetryBatch, int>> results)
        {
            await foreach (var _ in results)
            {
            }
        }
    }

    /// <summary>
    /// A batch step left on the system's clock (a [Workflow]'s [BatchStep] runs on its context's declared options) runs on
    /// the clock of the batch its workflow runs in, steps included; a step with a clock of its own keeps it; a batch a node
    /// starts by hand on the system's clock stays there (a test's clock does not spread into work an item starts); and the
    /// outer item is back on its batch's clock after each.
    /// </summary>
    [Fact]
    public async Task A_batch_step_on_the_default_clock_follows_its_workflows_batch_one_with_its_own_keeps_it_and_one_started_by_hand_does_not()
    {
        var time = new RecordingTimeProvider();
        var other = new RecordingTimeProvider();
        var declared = ClockedRetryBatch.DefaultBatchOptions.ResiliencePipeline!;
        ResiliencePipeline Now() => GeneratedResilience.OnBatchClock(declared);
        var seen = new ConcurrentDictionary<string, ResiliencePipeline>();
        INode<RetryBatch> Record(string name) => Node.Create<RetryBatch>(name, _ => seen[name] = Now());
        var byHand = Node.CreateAsync<RetryBatch>("by-hand", async (_, token) =>
            await RetryBatch.CreateBatchFlow(Record("inside-by-hand"), new BatchOptions(), "by-hand-batch").RunAsync(new RetryBatch { Items = [1] }, token));
        var defaultStep = RetryBatch.CreateBatchNode(Record("inside-default"), new BatchOptions(), "default-step");
        var ownStep = RetryBatch.CreateBatchNode(Record("inside-own"), new BatchOptions { TimeProvider = other }, "own-step");
        var after = Record("after");
        var item = new WorkflowBuilder<RetryBatch>("item")
            .StartWith(defaultStep).Then(defaultStep, ownStep).Then(ownStep, byHand).Then(byHand, after).Build();

        await RetryBatch.CreateBatchFlow(item, new BatchOptions { TimeProvider = time }).RunAsync(new RetryBatch { Items = [7] });

        var onTestClock = seen["after"];
        Assert.NotSame(declared, onTestClock);
        Assert.Same(onTestClock, seen["inside-default"]); // the workflow's batch's clock
        Assert.NotSame(onTestClock, seen["inside-own"]); // its own
        Assert.NotSame(declared, seen["inside-own"]);
        Assert.Same(declared, seen["inside-by-hand"]); // the system's
    }

    /// <summary>
    /// The README states a bare [Retry]'s defaults and the timeout per attempt. The defaults live twice, in the attribute's
    /// initialisers (what the IDE shows) and in the generator's reader (which reads only the arguments written): both must
    /// say what the README says.
    /// </summary>
    [Fact]
    public void The_readme_states_a_bare_Retrys_defaults_and_a_timeout_per_attempt_as_the_attribute_and_the_generator_have_them()
    {
        // Read as prose: the lines may wrap anywhere.
        var readme = Regex.Replace(File.ReadAllText(Path.Combine(Floxide.Testing.RepositoryPaths.Root(), "README.md")), @"\s+", " ");
        Assert.Contains("A bare `[Retry]` makes 3 attempts in all, with a 200 ms base delay, exponential backoff and jitter", readme, StringComparison.Ordinal);
        Assert.Contains("(`MaxAttempts = 3, DelayMs = 200, Backoff = RetryBackoff.Exponential, Jitter = true`)", readme, StringComparison.Ordinal);
        Assert.Contains("on a `[Node]` as on a `[BatchContext]`, each attempt has its own timeout", readme, StringComparison.Ordinal);

        var attribute = new RetryAttribute();
        Assert.Equal((3, 200, RetryBackoff.Exponential, true), (attribute.MaxAttempts, attribute.DelayMs, attribute.Backoff, attribute.Jitter));

        var output = GeneratorHarness.Run("""
            using System.Collections.Generic;
            using Floxide;

            [BatchContext] public partial class Pages { [BatchItems] public List<string> Urls { get; set; } = new(); [BatchItem] public string Url { get; set; } = ""; }
            [Node, Retry] public partial class Fetch { public void Process(Pages context) { } }
            """);
        var node = output.Files.Single(f => f.Key.StartsWith("Fetch.", StringComparison.Ordinal)).Value;
        Assert.Contains(
            "MaxRetryAttempts = 2, Delay = global::System.TimeSpan.FromMilliseconds(200), BackoffType = global::Polly.DelayBackoffType.Exponential, UseJitter = true,",
            node,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_workflow_runs_a_synchronous_step_with_a_retry_through_its_pipeline()
    {
        var context = new RetryBatch();

        await new RetryFlow().RunAsync(context, CancellationToken.None);

        Assert.Equal(3, context.Written);
    }

    [Fact]
    public async Task A_step_level_retry_reports_each_retry_on_the_step_span_and_in_the_step_retries_counter_under_the_nodes_id()
    {
        using var retries = new MetricCollector<long>(null, FloxideTelemetry.MeterName, "floxide.step.retries");
        using var tests = new ActivitySource("Floxide.Generators.Tests.StepRetries");
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == FloxideTelemetry.ActivitySourceName || source == tests,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        ActivityTraceId trace;

        using (var root = tests.StartActivity("test")!)
        {
            trace = root.TraceId;
            await new RetryFlow().RunAsync(new RetryBatch(), CancellationToken.None); // SyncRetryNode fails twice, then succeeds
        }

        var step = Assert.Single(stopped, span => span.TraceId == trace && span.DisplayName == "step SyncRetryNode");
        var events = step.Events.Where(e => e.Name == "floxide.step.retry").Select(e => e.Tags.ToDictionary(t => t.Key, t => t.Value)).ToList();
        Assert.Equal([1, 2], events.Select(e => e["floxide.step.attempt"]));
        Assert.All(events, e => Assert.Equal(("SyncRetryNode", typeof(InvalidOperationException).FullName, 0.0), (e["floxide.step.id"], e["error.type"], e["floxide.step.retry_delay"])));
        var counted = retries.GetMeasurementSnapshot().Where(m => Equals(m.Tags["floxide.step.id"], "SyncRetryNode")).ToList();
        Assert.Equal(2, counted.Sum(m => m.Value));
        Assert.All(counted, m => Assert.Equal(typeof(InvalidOperationException).FullName, m.Tags["error.type"]));
    }

    [Fact]
    public async Task A_retry_delay_and_a_timeout_of_exactly_one_day_build_working_pipelines_at_both_levels()
    {
        // Polly's maximum for both, included: the static initialisers of the context and the node build their pipelines.
        var batch = new DayLongBatch { Items = [1, 2, 3] };

        var report = await DayLongBatch.CreateBatchFlow(new DayLongNode()).RunAsync(batch);

        Assert.Equal(3, report.Succeeded);
        Assert.All(report.Results, r => Assert.Equal(1, r.Attempts));
        Assert.Equal([2, 4, 6], batch.Outputs);
        Assert.NotNull(DayLongBatch.DefaultBatchOptions.ResiliencePipeline);

        // The node keeps its pipeline in a private static field; without it the node would run unguarded and still pass above.
        var nodePipeline = typeof(DayLongNode).GetField("__FloxideResilience", BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null);
        Assert.IsType<ResiliencePipeline>(nodePipeline);
        Assert.NotSame(ResiliencePipeline.Empty, nodePipeline);
    }

    [Fact]
    public void Polly_accepts_exactly_the_ranges_the_analyzers_allow()
    {
        // FLX0151 and FLX0153 check ResilienceReader's bounds; Polly validates its options when the pipeline is built.
        static ResiliencePipeline Timeout(int ms) => new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromMilliseconds(ms)).Build();
        static ResiliencePipeline Retry(int ms) => new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions { Delay = TimeSpan.FromMilliseconds(ms) }).Build();

        Assert.NotNull(Timeout(ResilienceReader.MinimumTimeoutMs));
        Assert.NotNull(Timeout(ResilienceReader.MaximumTimeoutMs));
        Assert.Throws<ValidationException>(() => Timeout(ResilienceReader.MinimumTimeoutMs - 1));
        Assert.Throws<ValidationException>(() => Timeout(ResilienceReader.MaximumTimeoutMs + 1));
        Assert.NotNull(Retry(0));
        Assert.NotNull(Retry(ResilienceReader.MaximumDelayMs));
        Assert.Throws<ValidationException>(() => Retry(-1));
        Assert.Throws<ValidationException>(() => Retry(ResilienceReader.MaximumDelayMs + 1));
    }

    /// <summary>A generic context's [RateLimit] is one token bucket for the declaration: every closed type's batches share it.</summary>
    [Fact]
    public void The_closed_types_of_a_generic_context_share_its_declared_rate_limiter()
    {
        var limiter = TenantBatch<int>.DefaultBatchOptions.RateLimiter;
        Assert.Equal(1_000, limiter!.GetStatistics()!.CurrentAvailablePermits);

        Assert.Same(limiter, TenantBatch<string>.DefaultBatchOptions.RateLimiter);
        Assert.Same(limiter, TenantBatch<Guid>.DefaultBatchOptions.RateLimiter);
    }

    /// <summary>
    /// Closed types may run their static initialisers at once: the runtime still makes one limiter per declaration and
    /// attribute (the factory runs once, not once per closed type that raced it), and one per attribute.
    /// </summary>
    [Fact]
    public async Task SharedLimiter_makes_one_limiter_per_declaration_and_attribute_when_closed_types_ask_at_once()
    {
        var made = 0;
        using var together = new Barrier(8);
        var limiters = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            together.SignalAndWait(TimeSpan.FromSeconds(30));
            return GeneratedResilience.SharedLimiter(typeof(SharedLimiterDeclaration<>), "ConcurrencyLimit", () =>
            {
                Interlocked.Increment(ref made);
                return new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 });
            });
        })));
        var other = GeneratedResilience.SharedLimiter(typeof(SharedLimiterDeclaration<>), "RateLimit", () => new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 }));

        Assert.Equal(1, made);
        Assert.All(limiters, limiter => Assert.Same(limiters[0], limiter));
        Assert.NotSame(limiters[0], other);
    }

    [Fact]
    public void AdaptiveConcurrency_declared_on_a_context_is_in_its_default_options_with_its_named_readers()
    {
        var options = MeteredBatch.DefaultBatchOptions;
        var adaptive = options.AdaptiveConcurrency;

        Assert.NotNull(adaptive);
        Assert.Equal(8, options.MaxDegreeOfParallelism);
        Assert.Equal(2, adaptive.InitialLevel);
        Assert.Equal(1, adaptive.MinimumLevel); // not written: the runtime's default
        Assert.Equal(0.5, adaptive.DecreaseFactor);
        Assert.Equal(TimeSpan.FromSeconds(30), adaptive.LatencyThreshold);
        Assert.False(adaptive.UseBuiltInSignals);
        Assert.True(QuotaBatch.DefaultBatchOptions.AdaptiveConcurrency!.UseBuiltInSignals); // not written: the runtime's default
        Assert.True(adaptive.IsThrottled!(new TimeoutException()));
        Assert.False(adaptive.IsThrottled(new InvalidOperationException()));
        Assert.Equal(TimeSpan.FromSeconds(3), adaptive.RetryAfter!(new RateLimitRejectedException("quota", TimeSpan.FromSeconds(3))));
        Assert.Null(adaptive.RetryAfter(new TimeoutException()));
    }

    [Fact]
    public async Task A_step_level_retry_still_reports_the_throttling_it_absorbs_to_the_contexts_adaptive_concurrency()
    {
        // The context starts at level 2 and halves on a signal: the first absorbed "busy" takes it to 1, its minimum.
        // Were the retried calls hidden from it, every attempt would succeed and slow start would climb toward 8.
        var node = new MeteredCallNode();
        var progress = new List<BatchProgress>();

        var report = await MeteredBatch.CreateBatchFlow(node).RunAsync(new MeteredBatch { Items = [.. Enumerable.Range(0, 16)] }, new Recorder(progress));

        Assert.Equal(16, report.Succeeded);
        Assert.All(node.Calls.Values, count => Assert.Equal(2, count));
        Assert.Equal(1, progress.Last().ConcurrencyLevel);
    }

    [Fact]
    public async Task A_context_naming_ThrottlingSignals_RetryAfterOf_pauses_its_batch_for_the_wait_a_refused_permit_carries()
    {
        // Without a RetryAfter reader a refused permit only lowers the level; its wait pauses the batch only when read.
        var collector = new FakeLogCollector();
        using var logging = LoggerFactory.Create(builder => builder.AddProvider(new FakeLoggerProvider(collector)));
        var refused = Node.Create<QuotaBatch>("call", _ => throw new RateLimitRejectedException("quota", TimeSpan.FromSeconds(30)));

        var report = await QuotaBatch.CreateBatchFlow(refused, QuotaBatch.DefaultBatchOptions with { LoggerFactory = logging }).RunAsync(new QuotaBatch { Items = [0] });

        Assert.IsType<RateLimitRejectedException>(Assert.Single(report.Failures).Exception);
        var paused = Assert.Single(collector.GetSnapshot(), r => r.Id.Name == "BatchPaused");
        Assert.Equal("30", paused.GetStructuredStateValue("WaitSeconds"));
    }

    [Fact]
    public async Task A_context_naming_a_classifier_of_another_type_lowers_its_level_on_what_that_classifier_calls_throttling()
    {
        // A TimeoutException is no built-in signal: only QuotaSignals.IsExhausted makes it halve the level, from 2 to 1.
        var progress = new List<BatchProgress>();
        var timedOut = Node.Create<QuotaBatch>("call", _ => throw new TimeoutException("quota"));

        var report = await QuotaBatch.CreateBatchFlow(timedOut).RunAsync(new QuotaBatch { Items = [0] }, new Recorder(progress));

        Assert.IsType<TimeoutException>(Assert.Single(report.Failures).Exception);
        Assert.Equal(1, progress.Last().ConcurrencyLevel);
    }

    /// <summary>Records progress synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class Recorder(List<BatchProgress> reports) : IProgress<BatchProgress>
    {
        public void Report(BatchProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }

    /// <summary>The generic declaration whose limiters <see cref="SharedLimiter_makes_one_limiter_per_declaration_and_attribute_when_closed_types_ask_at_once"/> asks for: no other test names it.</summary>
    private static class SharedLimiterDeclaration<T>;
}

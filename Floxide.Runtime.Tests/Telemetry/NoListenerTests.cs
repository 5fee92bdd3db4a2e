using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Floxide.Runtime.Tests.Support;
using Floxide.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Polly;
using Polly.Retry;

namespace Floxide.Runtime.Tests.Telemetry;

/// <summary>
/// With nobody listening, a run starts no telemetry at all, and what a listener does not sample costs nothing. Floxide's
/// source and meter are process-wide, so these tests run alone (their collection is not parallelized), when no other
/// test has a listener open.
/// </summary>
[Collection(nameof(NoListenerTests))]
[CollectionDefinition(nameof(NoListenerTests), DisableParallelization = true)]
public class NoListenerTests
{
    [Fact]
    public void Without_listeners_a_run_starts_no_telemetry()
    {
        Assert.False(FloxideInstruments.Source.HasListeners());

        Assert.Null(BatchTelemetry.Start("quiet", new BatchOptions(), new BatchCounts(), durableBatchId: null));
    }

    [Fact]
    public async Task Without_listeners_items_run_with_no_span_current_and_durations_stay_unmeasured()
    {
        Activity? seen = null;
        var work = Node.Create<TestContext>("work", _ => seen ??= Activity.Current);

        var report = await new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 2 }, "quiet").RunAsync(TestContext.Over([1, 2, 3]));

        Assert.Equal(3, report.Succeeded);
        Assert.Null(seen);
        Assert.All(report.Results, r => Assert.Equal(TimeSpan.Zero, r.Duration));
    }

    [Fact]
    public async Task A_run_that_started_with_nobody_listening_records_nothing_for_a_listener_that_comes_later()
    {
        // The README: each run asks once, when it starts, whether anyone listens; a run that found nobody keeps the path
        // without telemetry to its end, so a listener that subscribes meanwhile sees none of its spans. The next run is seen.
        var firstRunning = new Signal();
        var listening = new Signal();
        var spans = new ConcurrentQueue<string>();
        var work = Node.CreateAsync<TestContext>("work", async (c, _) =>
        {
            if (c.Item == 0)
            {
                firstRunning.Set();
                await listening.WaitAsync();
            }
        });
        var flow = new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 1 }, "late");

        var quiet = flow.RunAsync(TestContext.Over([0, 1, 2]));
        await firstRunning.WaitAsync();
        using (var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == FloxideTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span => spans.Enqueue(span.DisplayName),
        })
        {
            ActivitySource.AddActivityListener(listener);
            listening.Set();
            Assert.Equal(3, (await quiet).Succeeded);
            var seenOfTheQuietRun = spans.ToArray();
            await flow.RunAsync(TestContext.Over([0, 1, 2]));

            Assert.Empty(seenOfTheQuietRun);
            Assert.Equal(["batch late", "item late", "item late", "item late"], spans.Order(StringComparer.Ordinal));
        }
    }

    [Theory]
    [InlineData(ActivitySamplingResult.None)]
    [InlineData(ActivitySamplingResult.PropagationData)]
    public async Task Spans_under_a_batch_or_workflow_span_the_listener_does_not_record_are_never_started(ActivitySamplingResult notRecorded)
    {
        // docs/telemetry.md: item spans exist only when the batch span is recorded, and a workflow run whose span is not
        // sampled starts no step spans: the sampler is not even asked for them.
        var asked = new ConcurrentQueue<string>();
        var started = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == FloxideTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> span) =>
            {
                asked.Enqueue(span.Name);
                return span.Name.StartsWith("batch ", StringComparison.Ordinal) || span.Name.StartsWith("workflow ", StringComparison.Ordinal)
                    ? notRecorded
                    : ActivitySamplingResult.AllDataAndRecorded;
            },
            ActivityStarted = span => started.Enqueue(span.DisplayName),
        };
        ActivitySource.AddActivityListener(listener);
        var step = Node.Create<TestContext>("double", c => c.Output = c.Item * 2);
        var workflow = new WorkflowBuilder<TestContext>("per-item").StartWith(step).Build();

        var report = await new BatchFlow<TestContext, int>(step, id: "unrecorded").RunAsync(TestContext.Over([1, 2, 3]));
        await workflow.RunAsync(new TestContext(), CancellationToken.None);

        Assert.Equal(3, report.Succeeded);
        Assert.Equal(["batch unrecorded", "workflow per-item"], asked);
        Assert.DoesNotContain(started, name => name.StartsWith("item ", StringComparison.Ordinal) || name.StartsWith("step ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_durable_run_asks_its_codec_for_no_key_for_the_item_spans_its_listener_does_not_sample()
    {
        var asked = new StrongBox<int>();
        var codec = KeyCounting(asked);
        var sampleItems = false;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == FloxideTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> span) =>
                span.Name.StartsWith("item ", StringComparison.Ordinal) && !sampleItems ? ActivitySamplingResult.PropagationData : ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var flow = new BatchFlow<TestContext, int>(Node.Create<TestContext>("work", c => c.Output = c.Item), id: "unsampled");

        await flow.RunDurableAsync(TestContext.Over([10, 20, 30]), new DurableRun<TestContext, int>(new InMemoryBatchStore(), "unsampled", codec));
        var unsampled = asked.Value;
        sampleItems = true;
        await flow.RunDurableAsync(TestContext.Over([10, 20, 30]), new DurableRun<TestContext, int>(new InMemoryBatchStore(), "sampled", codec));

        Assert.Equal(3, unsampled); // once per item, before it runs, to record it
        Assert.Equal(3 + 3, asked.Value); // sampled, each item's span names the key taken then
    }

    [Fact]
    public async Task A_durable_run_whose_warnings_are_off_asks_its_codec_for_no_key_to_log_a_failure()
    {
        var asked = new StrongBox<int>();
        var codec = KeyCounting(asked);
        var work = Node.Create<TestContext>("work", c => c.Output = c.Item == 20 ? throw new InvalidOperationException("item 20 is bad") : c.Item);
        using var errorsOnly = LoggerFactory.Create(logging => logging.AddFakeLogging().SetMinimumLevel(LogLevel.Error));
        using var warnings = LoggerFactory.Create(logging => logging.AddFakeLogging().SetMinimumLevel(LogLevel.Warning));

        await new BatchFlow<TestContext, int>(work, new() { LoggerFactory = errorsOnly }).RunDurableAsync(
            TestContext.Over([10, 20, 30]), new DurableRun<TestContext, int>(new InMemoryBatchStore(), "quiet", codec));
        var quiet = asked.Value;
        await new BatchFlow<TestContext, int>(work, new() { LoggerFactory = warnings }).RunDurableAsync(
            TestContext.Over([10, 20, 30]), new DurableRun<TestContext, int>(new InMemoryBatchStore(), "warned", codec));

        Assert.Equal(3, quiet); // once per item, before it runs, to record it (the failed one too)
        Assert.Equal(3 + 3, asked.Value); // warnings on, the failure's ItemFailed names the key taken then
    }

    [Fact]
    public async Task A_steps_retry_under_an_item_span_the_sampler_dropped_writes_no_event_on_the_batch_span()
    {
        var stepId = "unsampled-" + Guid.NewGuid().ToString("N");
        var batchId = "dropped-" + Guid.NewGuid().ToString("N");
        var failed = new ConcurrentDictionary<int, bool>();
        var step = Node.Create<TestContext>(stepId, c =>
        {
            if (failed.TryAdd(c.Item, true))
            {
                throw new TimeoutException("no answer");
            }
        }).WithResilience(new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions { Delay = TimeSpan.Zero, OnRetry = args => GeneratedWorkflowTelemetry.StepRetrying(stepId, args) })
            .Build());
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == FloxideTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Name.StartsWith("item ", StringComparison.Ordinal) ? ActivitySamplingResult.None : ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        await new BatchFlow<TestContext, int>(step, id: batchId).RunAsync(TestContext.Over([1, 2, 3]));

        Assert.Equal(3, failed.Count); // every item retried once
        Assert.DoesNotContain(stopped, a => a.DisplayName == "item " + batchId); // no listener sampled them (this collection runs alone)
        var batch = Assert.Single(stopped, a => a.DisplayName == "batch " + batchId);
        Assert.DoesNotContain(batch.Events, e => e.Name == "floxide.step.retry"); // one per retry of every item would pile up there
    }

    /// <summary>A codec keyed by value that counts in <paramref name="asked"/> each time it is asked for a key.</summary>
    private static IntOutputCodec<TestContext> KeyCounting(StrongBox<int> asked) => new(c => c.Output, (c, v) => c.Output = v, item =>
    {
        Interlocked.Increment(ref asked.Value);
        return Codecs.ByValue(item);
    });
}

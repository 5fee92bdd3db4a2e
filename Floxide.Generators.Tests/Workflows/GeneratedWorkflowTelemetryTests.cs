using System.Diagnostics;
using Floxide.Generators.Tests.Workflows.Integration;
using Floxide.Runtime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using HangBatch = Floxide.Generators.Tests.Integration.HangBatch;
using HangFlow = Floxide.Generators.Tests.Integration.HangFlow;

namespace Floxide.Generators.Tests.Workflows;

/// <summary>
/// The spans of workflows generated during this project's build, and the logs of their batch steps. Floxide's source
/// is process-wide: a listener here would send concurrent tests down the traced path (and break the one that counts a
/// synchronous run's allocations), and a test that nobody listens needs no other listener open, so these tests run
/// alone (their collection is not parallelized).
/// </summary>
[Collection(nameof(GeneratedWorkflowTelemetryTests))]
[CollectionDefinition(nameof(GeneratedWorkflowTelemetryTests), DisableParallelization = true)]
public sealed class GeneratedWorkflowTelemetryTests
{
    [Fact]
    public async Task A_run_is_a_workflow_span_with_one_child_span_per_step_in_order()
    {
        var spans = await TraceAsync(() => new ParcelFlow().RunAsync(NewParcel(Verdict.Damaged), CancellationToken.None).AsTask());

        var workflow = Assert.Single(spans, s => s.OperationName == "workflow parcel");
        Assert.Equal("parcel", workflow.GetTagItem("floxide.workflow.id"));
        Assert.Equal(ActivityStatusCode.Unset, workflow.Status);
        var steps = Children(spans, workflow);
        Assert.Equal(["step Inspect", "step repair", "step Weigh", "step label", "step pack-lines"], steps.Select(s => s.OperationName));
        Assert.Equal(["Inspect", "repair", "Weigh", "label", "pack-lines"], steps.Select(s => s.GetTagItem("floxide.step.id")));
        Assert.All(steps, s => Assert.Equal("parcel", s.GetTagItem("floxide.workflow.id")));
        Assert.Equal(["Damaged", "default", "default", "default", "default"], steps.Select(s => s.GetTagItem("floxide.step.action")));

        // Nested generated workflows have their own spans, under the step that runs them.
        var label = Assert.Single(Children(spans, steps[3]));
        Assert.Equal("workflow label", label.OperationName);
        Assert.Equal(["step PrintLabel", "step StickLabel"], Children(spans, label).Select(s => s.OperationName));
    }

    [Fact]
    public async Task The_spans_match_the_run_time_workflow_for_the_same_graph()
    {
        var generated = await TraceAsync(() => new ParcelFlow().RunAsync(NewParcel(Verdict.Ok), CancellationToken.None).AsTask());
        var built = await TraceAsync(() => GeneratedWorkflowTests.BuildAtRunTime().RunAsync(NewParcel(Verdict.Ok), CancellationToken.None).AsTask());

        Assert.Equal(Shape(built), Shape(generated));
    }

    [Fact]
    public async Task A_failing_step_and_its_workflow_are_marked_Error_with_the_exception_recorded()
    {
        var parcel = NewParcel(Verdict.Ok);
        parcel.Jam = true;
        Exception? thrown = null;

        var spans = await TraceAsync(async () => thrown = await Assert.ThrowsAsync<NodeFailedException>(() => new ParcelFlow().RunAsync(parcel, CancellationToken.None).AsTask()));

        var workflow = Assert.Single(spans, s => s.OperationName == "workflow parcel");
        var steps = Children(spans, workflow);
        Assert.Equal(["step Inspect", "step Weigh"], steps.Select(s => s.OperationName));
        Assert.Equal(ActivityStatusCode.Unset, steps[0].Status);

        var weigh = steps[1];
        Assert.Equal(ActivityStatusCode.Error, weigh.Status);
        Assert.Equal("scale jammed", weigh.StatusDescription);
        Assert.Equal(typeof(InvalidOperationException).FullName, weigh.GetTagItem("error.type"));
        Assert.Null(weigh.GetTagItem("floxide.step.action"));
        var recorded = Assert.Single(weigh.Events, e => e.Name == "exception");
        Assert.Contains(recorded.Tags, t => t.Key == "exception.type" && (string?)t.Value == typeof(InvalidOperationException).FullName);

        Assert.Equal(ActivityStatusCode.Error, workflow.Status);
        Assert.Equal(typeof(NodeFailedException).FullName, workflow.GetTagItem("error.type"));
        Assert.Equal(thrown!.Message, workflow.StatusDescription);
    }

    [Fact]
    public async Task A_canceled_run_is_not_an_error()
    {
        using var source = new CancellationTokenSource();
        await source.CancelAsync();

        var spans = await TraceAsync(() => Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ParcelFlow().RunAsync(NewParcel(Verdict.Ok), source.Token).AsTask()));

        var workflow = Assert.Single(spans, s => s.OperationName == "workflow parcel");
        Assert.Equal(ActivityStatusCode.Unset, workflow.Status);
        Assert.Empty(Children(spans, workflow));
    }

    [Fact]
    public async Task Without_listeners_no_span_is_current_in_a_step()
    {
        Assert.False(GeneratedWorkflowTelemetry.IsListenedTo);
        var parcel = new Parcel();

        await new ProbeFlow().RunAsync(parcel, CancellationToken.None);

        Assert.Equal(["no span"], parcel.Trail);
    }

    [Fact]
    public async Task A_steps_span_is_current_while_it_runs_and_its_run_stays_synchronous()
    {
        var parcel = new Parcel();
        ValueTask<NodeAction> pending = default;

        var spans = await TraceAsync(() =>
        {
            pending = new ProbeFlow().RunAsync(parcel, CancellationToken.None);
            return Task.CompletedTask;
        });

        Assert.True(pending.IsCompletedSuccessfully);
        Assert.Equal(["span step SpanProbe"], parcel.Trail);
        Assert.Equal(["workflow probe", "step SpanProbe"], spans.OrderBy(s => s.StartTimeUtc).Select(s => s.OperationName));
    }

    [Fact]
    public async Task With_a_listener_that_samples_nothing_a_run_creates_no_activity()
    {
        var started = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == FloxideTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
            ActivityStarted = _ => Interlocked.Increment(ref started),
        };
        ActivitySource.AddActivityListener(listener);
        var parcel = NewParcel(Verdict.Ok);
        var probe = new Parcel();

        await new ParcelFlow().RunAsync(parcel, CancellationToken.None);
        await new ProbeFlow().RunAsync(probe, CancellationToken.None);

        Assert.Equal(["inspect", "weigh", "print", "stick", "pack:a", "pack:b"], parcel.Trail);
        Assert.Equal(["no span"], probe.Trail);
        Assert.Equal(0, started);
    }

    [Fact]
    public async Task A_workflow_from_the_container_gives_its_batch_steps_the_containers_logger_factory()
    {
        using var provider = new ServiceCollection()
            .AddLogging(logging => logging.AddFakeLogging())
            .AddFloxideNodes()
            .BuildServiceProvider();
        var crate = new Crate { Items = [0, 1, 2, 3, 4] };

        await provider.GetRequiredService<PartialCrateFlow>().RunAsync(crate, CancellationToken.None);

        var records = provider.GetFakeLogCollector().GetSnapshot().Where(r => r.Category == "Floxide.Batch").ToList();
        Assert.Equal(["BatchStarted", "ItemFailed", "BatchFinished"], records.Select(r => r.Id.Name));
        Assert.All(records, r => Assert.Equal("load-all", r.GetStructuredStateValue("BatchId")));
        Assert.Equal("3", records[1].GetStructuredStateValue("ItemIndex"));
        Assert.Equal("broken item", Assert.IsType<InvalidOperationException>(records[1].Exception).Message); // what the step threw, as the result reports it
        Assert.Equal("LoadCrateItem", records[1].GetStructuredStateValue("FailedStepId")); // the item workflow is that node

        // The step's own options stay: its limit is the context's 4, its failure action routed the run.
        Assert.Equal("4", records[0].GetStructuredStateValue("Parallelism"));
        Assert.Equal(1, crate.FailuresSeen);
    }

    [Fact]
    public async Task A_workflow_created_with_a_logger_factory_logs_its_batch_steps_through_it()
    {
        var collector = new FakeLogCollector();
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(new FakeLoggerProvider(collector)));

        await new PartialCrateFlow(new LoadCrateItem(), new CountCrateFailures(), factory).RunAsync(new Crate { Items = [0, 1] }, CancellationToken.None);

        var records = collector.GetSnapshot().Where(r => r.Category == "Floxide.Batch").ToList();
        Assert.Equal(["BatchStarted", "BatchFinished"], records.Select(r => r.Id.Name));
        Assert.Equal("2", records[1].GetStructuredStateValue("Succeeded"));
    }

    /// <summary>Traced, a generated workflow runs its spans' loop, which remembers the step a timeout canceled as the other loops do.</summary>
    [Fact]
    public async Task An_item_timed_out_in_a_traced_generated_workflows_step_names_that_step_in_its_result_and_span()
    {
        var time = new RecordingTimeProvider();
        var context = new HangBatch { Items = [1] };
        BatchReport<HangBatch, int>? report = null;

        var spans = await TraceAsync(async () =>
        {
            var run = HangBatch.CreateBatchFlow(new HangFlow(), HangBatch.DefaultBatchOptions with { TimeProvider = time }).RunAsync(context);
            Assert.Equal(TimeSpan.FromSeconds(30), await time.NextTimerAsync());
            await context.Hanging.WaitAsync();
            time.Advance(TimeSpan.FromSeconds(30));
            report = await run.WaitAsync(TimeSpan.FromSeconds(30));
        });

        var result = Assert.Single(report!.Failures);
        Assert.Equal((BatchItemStatus.Failed, true, "HangingNode"), (result.Status, result.TimedOut, result.FailedStepId));
        Assert.Equal("HangingNode", Assert.Single(spans, s => s.OperationName.StartsWith("item ", StringComparison.Ordinal)).GetTagItem("floxide.step.id"));
    }

    /// <summary>Runs <paramref name="run"/> under a root span of its own and returns the Floxide spans of its trace, as they stopped.</summary>
    private static async Task<List<Activity>> TraceAsync(Func<Task> run)
    {
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == FloxideTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (stopped)
                {
                    stopped.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var root = new Activity("test").Start();
        var trace = root.TraceId;
        try
        {
            await run();
        }
        finally
        {
            root.Stop();
        }

        lock (stopped)
        {
            return [.. stopped.Where(s => s.TraceId == trace)];
        }
    }

    /// <summary>The spans whose parent is <paramref name="parent"/>, in the order they started.</summary>
    private static List<Activity> Children(List<Activity> spans, Activity parent) =>
        [.. spans.Where(s => s.ParentSpanId == parent.SpanId).OrderBy(s => s.StartTimeUtc).ThenBy(s => spans.IndexOf(s))];

    /// <summary>The spans of a run as name, tags and status, each under its parent, in start order.</summary>
    private static List<string> Shape(List<Activity> spans)
    {
        var lines = new List<string>();
        foreach (var top in spans.Where(s => spans.All(p => p.SpanId != s.ParentSpanId)).OrderBy(s => s.StartTimeUtc))
        {
            Add(top, 0);
        }

        return lines;

        void Add(Activity span, int depth)
        {
            var tags = string.Join(",", span.TagObjects.Select(t => $"{t.Key}={t.Value}").Order(StringComparer.Ordinal));
            lines.Add($"{new string(' ', depth)}{span.OperationName} [{tags}] {span.Status}");
            foreach (var child in Children(spans, span))
            {
                Add(child, depth + 1);
            }
        }
    }

    private static Parcel NewParcel(Verdict condition) =>
        new() { Condition = condition, WeighingsNeeded = 1, Lines = ["a", "b"] };
}

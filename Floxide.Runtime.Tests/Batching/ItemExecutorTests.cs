using System.Collections.Concurrent;
using Floxide.Runtime.Tests.Support;
using Floxide.Testing;
using Polly;
using Polly.Retry;

namespace Floxide.Runtime.Tests.Batching;

public class ItemExecutorTests
{
    [Fact]
    public async Task Every_item_runs_through_the_executor_with_its_index_and_the_batch_promises_hold()
    {
        var executor = new RecordingExecutor();
        var work = Node.CreateAsync<TestContext>("work", async (context, token) =>
        {
            await Task.Yield();
            context.Output = context.Item * 2;
        });
        var node = new BatchNode<TestContext, int>("remote", work, new BatchOptions { MaxDegreeOfParallelism = 3 }, executor);
        var context = TestContext.Over(Enumerable.Range(100, 50).ToArray());

        var report = await node.RunBatchAsync(context);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), executor.Indexes.Order());
        Assert.InRange(executor.InFlight.Max, 1, 3);
        Assert.Equal(Enumerable.Range(100, 50).Select(i => i * 2), report.Results.Select(r => r.Context!.Output));
    }

    [Fact]
    public async Task A_flows_stream_and_durable_run_go_through_its_executor_and_a_rerun_restores_without_calling_it()
    {
        // The README (Scaling out): a flow's executor runs the items of StreamAsync and RunDurableAsync as of RunAsync, and a
        // durable rerun restores what was recorded without sending it to the executor (a silo).
        var streaming = new RecordingExecutor();
        var work = Node.Create<TestContext>("work", context => context.Output = context.Item * 2);
        var streamed = new List<int>();
        await foreach (var result in new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 2 }, "remote", streaming).StreamAsync(TestContext.Over([1, 2, 3])))
        {
            streamed.Add(result.Context!.Output);
        }

        var durable = new RecordingExecutor { FailIndex = 2 };
        var store = new InMemoryBatchStore();
        var flow = new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 2 }, "remote", durable);
        var first = await flow.RunDurableAsync(TestContext.Over([1, 2, 3, 4]), new DurableRun<TestContext, int>(store, "b", Codecs.Test()));
        var sentFirst = durable.Indexes.Order().ToList();
        durable.Indexes.Clear();
        durable.FailIndex = -1;
        var second = await flow.RunDurableAsync(TestContext.Over([1, 2, 3, 4]), new DurableRun<TestContext, int>(store, "b", Codecs.Test()) { RetryFailed = true });

        Assert.Equal([2, 4, 6], streamed);
        Assert.Equal([0L, 1L, 2L], streaming.Indexes.Order());
        Assert.Equal((3L, 1L), (first.Succeeded, first.Failed));
        Assert.Equal([0L, 1L, 2L, 3L], sentFirst);
        Assert.Equal([2L], durable.Indexes); // only the recorded failure, run again; the rest restored
        Assert.Equal((4L, 0L, 3L), (second.Succeeded, second.Failed, second.Resumed));
        Assert.Equal([2, 4, 6, 8], second.Results.Select(r => r.Context!.Output));
    }

    [Fact]
    public async Task An_executor_that_fails_an_item_fails_only_that_item()
    {
        var executor = new RecordingExecutor { FailIndex = 4 };
        var node = new BatchNode<TestContext, int>("remote", Node.Create<TestContext>("work", _ => { }), null, executor);
        var context = TestContext.Over(Enumerable.Range(0, 10).ToArray());

        var report = await node.RunBatchAsync(context);

        var failure = Assert.Single(report.Results.Failures);
        Assert.Equal(4, failure.Index);
        Assert.IsType<TimeoutException>(failure.Exception);
        Assert.Equal(9, report.Succeeded);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)] // the item awaits before its executor fails it
    [InlineData(true, false)] // through a resilience pipeline, which sees the failure itself
    [InlineData(true, true)]
    public async Task An_executor_failure_outside_the_steps_names_no_step_and_reports_the_failure_itself(bool resilient, bool awaits)
    {
        // Item 1's step throws (named as a step's); item 2's executor fails around the steps (named as no step's).
        var seen = new ConcurrentBag<Exception>();
        var failure = new FormatException("the reply could not be read");
        var executor = new OutsideStepsExecutor(failure, awaits);
        var work = Node.Create<TestContext>("work", context =>
        {
            if (context.Item == 1)
            {
                throw new InvalidOperationException("a step's own failure");
            }
        });
        var options = resilient
            ? new BatchOptions
            {
                ResiliencePipeline = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
                {
                    MaxRetryAttempts = 1,
                    Delay = TimeSpan.Zero,
                    ShouldHandle = args =>
                    {
                        seen.Add(args.Outcome.Exception!);
                        return ValueTask.FromResult(false);
                    },
                }).Build(),
            }
            : null;
        var node = new BatchNode<TestContext, int>("remote", work, options, executor);

        var report = await node.RunBatchAsync(TestContext.Over([0, 1, 2]));

        Assert.Equal([1L, 2L], report.Results.Failures.Select(f => f.Index));
        Assert.Equal("work", report.Results.Failures[0].FailedStepId);
        Assert.IsType<InvalidOperationException>(report.Results.Failures[0].Exception);
        Assert.Null(report.Results.Failures[1].FailedStepId);
        Assert.Same(failure, report.Results.Failures[1].Exception);
        if (resilient)
        {
            Assert.Contains(failure, seen); // what a [Retry(On = ...)] matches
            Assert.DoesNotContain(seen, e => e is ItemFailedOutsideStepsException);
        }
    }

    /// <summary>Runs the workflow, then fails item 2 as a remote backend fails to read its reply.</summary>
    private sealed class OutsideStepsExecutor(Exception failure, bool awaits) : IItemExecutor<TestContext>
    {
        public async ValueTask<NodeAction> ExecuteAsync(
            INode<TestContext> itemWorkflow, TestContext itemContext, long itemIndex, CancellationToken cancellationToken)
        {
            if (awaits)
            {
                await Task.Yield();
            }

            var action = await itemWorkflow.RunAsync(itemContext, cancellationToken);
            return itemIndex == 2 ? throw new ItemFailedOutsideStepsException(failure) : action;
        }
    }

    /// <summary>Stands in for a remote backend: runs the workflow itself and records what it was given.</summary>
    private sealed class RecordingExecutor : IItemExecutor<TestContext>
    {
        public ConcurrentBag<long> Indexes { get; } = [];

        public Watermark InFlight { get; } = new();

        public long FailIndex { get; set; } = -1;

        public async ValueTask<NodeAction> ExecuteAsync(
            INode<TestContext> itemWorkflow, TestContext itemContext, long itemIndex, CancellationToken cancellationToken)
        {
            Indexes.Add(itemIndex);
            InFlight.Enter();
            try
            {
                if (itemIndex == FailIndex)
                {
                    throw new TimeoutException("the worker did not answer");
                }

                return await itemWorkflow.RunAsync(itemContext, cancellationToken);
            }
            finally
            {
                InFlight.Exit();
            }
        }
    }
}

using System.Collections.Concurrent;
using Floxide.Runtime.Tests.Support;

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

    /// <summary>Stands in for a remote backend: runs the workflow itself and records what it was given.</summary>
    private sealed class RecordingExecutor : IItemExecutor<TestContext>
    {
        public ConcurrentBag<long> Indexes { get; } = [];

        public Watermark InFlight { get; } = new();

        public long FailIndex { get; init; } = -1;

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

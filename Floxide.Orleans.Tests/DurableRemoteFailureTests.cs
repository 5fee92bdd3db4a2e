using System.Net;
using Floxide.Testing;

namespace Floxide.Orleans.Tests;

/// <summary>A durable run over a cluster records an item that failed on its silo as the original exception, not as the wrapper.</summary>
public sealed class DurableRemoteFailureTests
{
    [Fact]
    public async Task A_silos_failure_is_recorded_with_the_original_type_and_the_silos_stack_and_replayed_as_such()
    {
        var executor = ScriptedCalls.Executor(_ => Task.FromResult(ItemReply.Failed(ThrownOnTheSilo(), "silo-1", SquareNode.NodeId)));
        var node = new BatchNode<SquareBatch, int>("squares", new SquareNode("coordinator", new ClusterProbe()), new BatchOptions(), executor);
        var store = new InMemoryBatchStore();

        var report = await node.RunDurableBatchAsync(TestClusters.Numbers(1), new DurableRun<SquareBatch, int>(store, "b", Positional()))
            .WaitAsync(TestClusters.Patience);
        var record = Assert.Single(await store.ReadItemsAsync("b", CancellationToken.None));
        var replayed = await node.RunDurableBatchAsync(TestClusters.Numbers(1), new DurableRun<SquareBatch, int>(store, "b", Positional()))
            .WaitAsync(TestClusters.Patience);

        Assert.Equal(1, report.Failed);
        Assert.Equal(("square", "System.Net.Http.HttpRequestException", "upstream unavailable"), (record.FailedStepId, record.ErrorType, record.ErrorMessage));
        Assert.Contains(nameof(ThrowOnTheSilo), record.ErrorStackTrace, StringComparison.Ordinal);
        var again = Assert.IsType<RecordedItemFailureException>(Assert.Single(replayed.Failures).Exception);
        Assert.Equal("System.Net.Http.HttpRequestException", again.ErrorType);
        Assert.Contains(nameof(ThrowOnTheSilo), again.StackTrace, StringComparison.Ordinal);
    }

    private static HttpRequestException ThrownOnTheSilo()
    {
        try
        {
            ThrowOnTheSilo();
            throw new InvalidOperationException("unreachable");
        }
        catch (HttpRequestException ex)
        {
            return ex;
        }
    }

    private static void ThrowOnTheSilo() => throw new HttpRequestException("upstream unavailable", null, HttpStatusCode.ServiceUnavailable);

    /// <summary>Items by position; the output kept is a placeholder (what the test reads is the recorded failure).</summary>
    private static IntOutputCodec<SquareBatch> Positional() => new(_ => 0, (_, _) => { });
}

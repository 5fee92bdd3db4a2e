namespace Floxide.Orleans.Tests;

/// <summary>
/// A failure outside the item workflow's steps (a mapping method, a silo's batch context) names no step, as a failing
/// context factory or adaptive-concurrency reader does in-process, and says what failed; a step's failure still names
/// its step.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OutsideStepFailureTests : IDisposable
{
    private readonly ClusterFixture _fixture;

    public OutsideStepFailureTests(ClusterFixture fixture)
    {
        _fixture = fixture;
        _fixture.Probe.Reset();
    }

    private ClusterProbe Probe => _fixture.Probe;

    public void Dispose() => _fixture.Probe.Reset();

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the streamed call
    public async Task A_mapping_method_that_throws_fails_the_item_naming_the_method_and_the_item_and_no_step(bool adaptive)
    {
        // Item 3's step throws what the mapping's reader fails on; item 6's step throws a failure of its own.
        Probe.Hook = (item, _, _) => item switch
        {
            3 => throw new ArithmeticException("three overflowed"),
            6 => throw new InvalidOperationException("six is not welcome"),
            _ => Task.CompletedTask,
        };
        var executor = _fixture.Cluster.Client.CreateFloxideExecutor(FaultyMapping.Workflow, new FaultyMapping());
        var options = new BatchOptions { AdaptiveConcurrency = adaptive ? new AdaptiveConcurrency() : null };

        var report = await SquareBatch.CreateBatchNode(new SquareNode("coordinator", new ClusterProbe()), options, executor: executor)
            .RunBatchAsync(TestClusters.Numbers(7)).WaitAsync(TestClusters.Patience);

        Assert.Equal((1, 6), (report.Succeeded, report.Failed));
        var failures = report.Failures.ToDictionary(f => f.Index);
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], failures.Keys.Order());
        Assert.All(failures.Values.Where(f => f.Index != 6), failure => Assert.Null(failure.FailedStepId));
        Assert.Equal(SquareNode.NodeId, failures[6].FailedStepId); // a step's own failure names the step
        Assert.Equal("six is not welcome", failures[6].Exception!.Message);

        // On the silo: the error crosses as a RemoteItemException, with what the mapping threw in its details.
        var getItem = Assert.IsType<RemoteItemException>(failures[1].Exception);
        Assert.StartsWith("FaultyMapping.GetItem failed for item 1 of workflow 'faulty' on silo ", getItem.Message, StringComparison.Ordinal);
        Assert.EndsWith(": System.FormatException: GetItem broke on 1", getItem.Message, StringComparison.Ordinal);
        Assert.Contains("System.FormatException: GetItem broke on 1", getItem.RemoteDetails, StringComparison.Ordinal);
        var toReply = Assert.IsType<RemoteItemException>(failures[2].Exception);
        Assert.StartsWith("FaultyMapping.ToReply failed for item 2 of workflow 'faulty' on silo ", toReply.Message, StringComparison.Ordinal);
        Assert.EndsWith(": System.FormatException: ToReply broke on 2", toReply.Message, StringComparison.Ordinal);
        var reader = Assert.IsType<RemoteItemException>(failures[3].Exception);
        Assert.StartsWith("FaultyMapping.RetryAfterOf threw on silo ", reader.Message, StringComparison.Ordinal);
        Assert.Contains("three overflowed", reader.Message, StringComparison.Ordinal);

        // On the coordinator: the error itself, with what the mapping threw inside.
        var toRequest = Assert.IsType<InvalidOperationException>(failures[4].Exception);
        Assert.Equal("FaultyMapping.ToRequest failed for item 4 of workflow 'faulty': System.FormatException: ToRequest broke on 4", toRequest.Message);
        Assert.Equal("ToRequest broke on 4", Assert.IsType<FormatException>(toRequest.InnerException).Message);
        var applyReply = Assert.IsType<InvalidOperationException>(failures[5].Exception);
        Assert.Equal("FaultyMapping.ApplyReply failed for item 5 of workflow 'faulty': System.FormatException: ApplyReply broke on 5", applyReply.Message);
        Assert.IsType<FormatException>(applyReply.InnerException);

        Assert.Equal([0, 2, 3, 5, 6], Probe.Starts.Select(s => s.Item).Order()); // item 1 never reached its step, nor item 4 its silo
    }

    [Fact]
    public async Task A_silos_batch_context_factory_that_throws_fails_the_item_naming_no_step()
    {
        var executor = _fixture.Cluster.Client.CreateFloxideExecutor(TestClusters.NoBatchContext, new SquareMapping());

        var report = await SquareBatch.CreateBatchNode(new SquareNode("coordinator", new ClusterProbe()), executor: executor)
            .RunBatchAsync(TestClusters.Numbers(3)).WaitAsync(TestClusters.Patience);

        Assert.Equal(3, report.Failed);
        Assert.All(report.Failures, failure =>
        {
            Assert.Null(failure.FailedStepId);
            var error = Assert.IsType<RemoteItemException>(failure.Exception);
            Assert.Equal(("System.InvalidOperationException", "no batch context on this silo"), (error.RemoteType, error.Message));
        });
        Assert.Empty(Probe.Starts);
    }
}

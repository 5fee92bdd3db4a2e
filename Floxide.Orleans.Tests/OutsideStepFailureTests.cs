namespace Floxide.Orleans.Tests;

/// <summary>
/// A failure outside the item workflow's steps (a mapping method, a silo's batch context) names no step, as a failing
/// context factory or adaptive-concurrency reader does in-process, and says what failed; a step's failure still names
/// its step.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OutsideStepFailureTests(ClusterFixture fixture) : ProbedClusterTests(fixture)
{
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
        var executor = Fixture.Cluster.Client.CreateFloxideExecutor(FaultyMapping.Workflow, new FaultyMapping());
        var options = new BatchOptions { AdaptiveConcurrency = adaptive ? new AdaptiveConcurrency() : null };

        var report = await TestClusters.Coordinator(executor, options)
            .RunBatchAsync(TestClusters.Numbers(7)).WaitAsync(TestClusters.Patience);

        Assert.Equal((1, 6), (report.Succeeded, report.Failed));
        var failures = report.Failures.ToDictionary(f => f.Index);
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], failures.Keys.Order());
        Assert.All(failures.Values.Where(f => f.Index != 6), failure => Assert.Null(failure.FailedStepId));
        Assert.Equal(SquareNode.NodeId, failures[6].FailedStepId); // a step's own failure names the step
        Assert.Equal("six is not welcome", failures[6].Exception!.Message);

        // On the silo: what the mapping threw crosses as a RemoteItemException, read as the original.
        var getItem = Assert.IsType<RemoteItemException>(failures[1].Exception);
        Assert.Equal(("System.FormatException", "GetItem broke on 1"), (getItem.RemoteType, getItem.Message));
        Assert.True(getItem.Is<FormatException>()); // what a [Retry(On = ...)] matches
        var toReply = Assert.IsType<RemoteItemException>(failures[2].Exception);
        Assert.Equal(("System.FormatException", "ToReply broke on 2"), (toReply.RemoteType, toReply.Message));
        var reader = Assert.IsType<RemoteItemException>(failures[3].Exception);
        Assert.StartsWith("FaultyMapping.RetryAfterOf threw on silo ", reader.Message, StringComparison.Ordinal);
        Assert.Contains("three overflowed\") that item 3 of workflow", reader.Message, StringComparison.Ordinal);

        // On the coordinator: what the mapping threw, itself.
        Assert.Equal("ToRequest broke on 4", Assert.IsType<FormatException>(failures[4].Exception).Message);
        Assert.Equal("ApplyReply broke on 5", Assert.IsType<FormatException>(failures[5].Exception).Message);

        Assert.Equal([0, 2, 3, 5, 6], Probe.Starts.Select(s => s.Item).Order()); // item 1 never reached its step, nor item 4 its silo
    }

    [Theory]
    [InlineData(1, "FaultyMapping.GetItem failed for item 1 of workflow 'faulty' on silo ", ": System.FormatException: GetItem broke on 1")]
    [InlineData(2, "FaultyMapping.ToReply failed for item 2 of workflow 'faulty' on silo ", ": System.FormatException: ToReply broke on 2")]
    [InlineData(4, "FaultyMapping.ToRequest failed for item 4 of workflow 'faulty': System.FormatException: ToRequest broke on 4", "")]
    [InlineData(5, "FaultyMapping.ApplyReply failed for item 5 of workflow 'faulty': System.FormatException: ApplyReply broke on 5", "")]
    public async Task A_mapping_methods_failure_is_thrown_in_an_error_naming_the_method_and_the_item_around_what_it_threw(
        int item, string startsWith, string endsWith)
    {
        var executor = Fixture.Cluster.Client.CreateFloxideExecutor(FaultyMapping.Workflow, new FaultyMapping());

        var outside = await Assert.ThrowsAsync<ItemFailedOutsideStepsException>(async () =>
            await executor.ExecuteAsync(new SquareNode("coordinator", new ClusterProbe()), ScriptedCalls.ItemContext(item), item, CancellationToken.None)
                .AsTask().WaitAsync(TestClusters.Patience));

        Assert.StartsWith(startsWith, outside.Message, StringComparison.Ordinal);
        Assert.EndsWith(endsWith, outside.Message, StringComparison.Ordinal);
        Assert.Null(outside.NodeId);
        var inner = outside.InnerException!;
        Assert.True(inner is FormatException || (inner is RemoteItemException remote && remote.Is<FormatException>()), inner.ToString());
    }

    [Fact]
    public void A_generic_mappings_failure_names_it_as_CSharp_does()
    {
        var message = MappingFailure.Message(
            typeof(GenericMapping<Square>), "ToReply", 4, "squares", "silo-1", new FormatException("broke"));

        Assert.Equal("GenericMapping<Square>.ToReply failed for item 4 of workflow 'squares' on silo silo-1: System.FormatException: broke", message);
        Assert.StartsWith("GenericMapping<Square>.GetItem failed for an item of workflow", MappingFailure.Message(
            typeof(GenericMapping<Square>), "GetItem", null, "squares", "silo-1", new FormatException("broke")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silos_batch_context_factory_that_throws_fails_the_item_naming_no_step()
    {
        var executor = Fixture.Cluster.Client.CreateFloxideExecutor(TestClusters.NoBatchContext, new SquareMapping());

        var report = await TestClusters.Coordinator(executor)
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

    /// <summary>A generic mapping, for its name in errors.</summary>
    private sealed class GenericMapping<T> : ItemMapping<SquareBatch, int, int, T?>
        where T : class
    {
        public override int ToRequest(SquareBatch itemContext) => itemContext.Number;

        public override int GetItem(int request) => request;

        public override T? ToReply(SquareBatch itemContext) => null;

        public override void ApplyReply(T? reply, SquareBatch itemContext)
        {
        }
    }
}

using Microsoft.Extensions.DependencyInjection;

namespace Floxide.Orleans.Tests;

/// <summary>A silo builds a registration's workflow and batch context on first use, and tries again after a factory threw.</summary>
public sealed class WorkflowRegistrationTests
{
    [Fact]
    public async Task A_batch_context_factory_that_failed_once_is_tried_again_for_the_next_item_and_then_kept()
    {
        var built = 0;
        var registration = ScriptedCalls.Registration(
            _ => new SquareNode("silo-1", new ClusterProbe()),
            _ => Interlocked.Increment(ref built) == 1 ? throw new HttpRequestException("config service briefly unavailable") : new SquareBatch());

        var first = await registration.RunAsync(ScriptedCalls.Call(1), "silo-1", CancellationToken.None);
        var second = await registration.RunAsync(ScriptedCalls.Call(2), "silo-1", CancellationToken.None);
        var third = await registration.RunAsync(ScriptedCalls.Call(3), "silo-1", CancellationToken.None);

        Assert.Equal((ItemOutcome.Failed, "config service briefly unavailable"), (first.Outcome, first.Error!.Message));
        Assert.Equal((ItemOutcome.Succeeded, ItemOutcome.Succeeded), (second.Outcome, third.Outcome));
        Assert.Equal(2, built);
    }

    [Fact]
    public async Task A_workflow_factory_that_failed_once_is_tried_again_for_the_next_item()
    {
        var built = 0;
        var registration = ScriptedCalls.Registration(
            _ => Interlocked.Increment(ref built) == 1 ? throw new TimeoutException("slow start") : new SquareNode("silo-1", new ClusterProbe()),
            _ => new SquareBatch());

        var first = await registration.RunAsync(ScriptedCalls.Call(1), "silo-1", CancellationToken.None);
        var second = await registration.RunAsync(ScriptedCalls.Call(2), "silo-1", CancellationToken.None);

        Assert.Equal((ItemOutcome.Failed, ItemOutcome.Succeeded), (first.Outcome, second.Outcome));
        Assert.Equal(2, built);
    }

    [Fact]
    public async Task A_null_request_of_a_nullable_request_type_runs_the_item()
    {
        var registration = new WorkflowRegistration<SquareBatch, int, string?, Square?>(
            TestClusters.Workflow, new TextMapping(), _ => new SquareNode("silo-1", new ClusterProbe()), _ => new SquareBatch(), new ServiceCollection().BuildServiceProvider());

        var reply = await registration.RunAsync(new ItemCall { Workflow = TestClusters.Workflow, WorkflowId = SquareNode.NodeId, Request = null }, "silo-1", CancellationToken.None);

        Assert.Equal((ItemOutcome.Succeeded, true), (reply.Outcome, reply.HasReply));
        Assert.Equal(0, Assert.IsType<Square>(reply.Reply).Number);
    }

    [Fact]
    public async Task A_null_reply_is_applied_on_the_coordinator_as_in_process_and_a_wrong_one_is_a_clear_error()
    {
        var mapping = new TextMapping();
        var executor = new OrleansItemExecutor<SquareBatch, int, string?, Square?>(
            TestClusters.Workflow,
            mapping,
            new OrleansExecutorOptions(),
            (call, _) => Task.FromResult(new ItemReply { Outcome = ItemOutcome.Succeeded, Silo = "silo-1", HasReply = true, Reply = call.Request is null ? null : "not a square" }));

        await executor.ExecuteAsync(new SquareNode("coordinator", new ClusterProbe()), ScriptedCalls.ItemContext(0), 0, CancellationToken.None);
        var outside = await Assert.ThrowsAsync<ItemFailedOutsideStepsException>(
            async () => await executor.ExecuteAsync(new SquareNode("coordinator", new ClusterProbe()), ScriptedCalls.ItemContext(1), 1, CancellationToken.None));

        Assert.Equal(1, mapping.NullRepliesApplied);
        var wrong = Assert.IsType<InvalidOperationException>(outside.InnerException); // a mapping mismatch, no step's failure
        Assert.Contains("replied with 'System.String' where the coordinator's mapping expects", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ToReply_that_throws_is_not_asked_again_so_a_flaky_one_sends_no_outputs_with_its_failure()
    {
        var mapping = new FlakyReplyMapping();
        var registration = new WorkflowRegistration<SquareBatch, int, int, Square?>(
            TestClusters.Workflow, mapping, _ => new SquareNode("silo-1", new ClusterProbe()), _ => new SquareBatch(), new ServiceCollection().BuildServiceProvider());

        var reply = await registration.RunAsync(ScriptedCalls.Call(3), "silo-1", CancellationToken.None);

        Assert.Equal(1, mapping.Calls);
        Assert.Equal((ItemOutcome.Failed, null), (reply.Outcome, reply.FailedStepId));
        Assert.Equal(("System.FormatException", "first ToReply broke"), (reply.Error!.Types[0], reply.Error.Message));
        Assert.Equal((false, null), (reply.HasReply, reply.Reply));
    }

    [Fact]
    public async Task A_scoped_node_as_the_workflow_factory_runs_each_call_in_a_scope_of_its_own()
    {
        var units = new List<CallUnit>();
        await using var services = new ServiceCollection()
            .AddScoped(_ => { var unit = new CallUnit(units.Count + 1); units.Add(unit); return unit; })
            .AddTransient<ScopedSquareNode>()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        var registration = new WorkflowRegistration<SquareBatch, int, int, Square?>(
            TestClusters.Workflow, new SquareMapping(), sp => sp.CreateScopedNode<ScopedSquareNode, SquareBatch>(), _ => new SquareBatch(), services);

        var first = await registration.RunAsync(ScriptedCalls.Call(2), "silo-1", CancellationToken.None);
        var second = await registration.RunAsync(ScriptedCalls.Call(3), "silo-1", CancellationToken.None);

        // Built once, on the first call (units 1 and 2 read the id, in two scopes disposed at once); then a scope per call.
        Assert.Equal([(4L, "unit 3"), (9L, "unit 4")], new[] { first, second }.Select(r => Assert.IsType<Square>(r.Reply)).Select(s => (s.Value, s.Silo)));
        Assert.Equal([(1, true), (2, true), (3, true), (4, true)], units.Select(u => (u.Number, u.Disposed)));
    }

    [Fact]
    public void A_factory_that_asks_for_its_own_value_gets_a_clear_error_not_a_stack_overflow()
    {
        BuiltOnce<string>? once = null;
        once = new BuiltOnce<string>(() => once!.Value);

        var error = Assert.Throws<InvalidOperationException>(() => once.Value);

        Assert.Contains("asked for the value it is building", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Sends item 0 as a null request (a nullable request type), counting the null replies it applies.</summary>
    private sealed class TextMapping : ItemMapping<SquareBatch, int, string?, Square?>
    {
        public int NullRepliesApplied { get; private set; }

        public override string? ToRequest(SquareBatch itemContext) => itemContext.Number == 0 ? null : itemContext.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public override int GetItem(string? request) => request is null ? 0 : int.Parse(request, System.Globalization.CultureInfo.InvariantCulture);

        public override Square? ToReply(SquareBatch itemContext) => itemContext.Square;

        public override void ApplyReply(Square? reply, SquareBatch itemContext)
        {
            NullRepliesApplied += reply is null ? 1 : 0;
            itemContext.Square = reply;
        }
    }

    /// <summary>A scoped service, numbered in the order the container creates it.</summary>
    private sealed class CallUnit(int number) : IDisposable
    {
        public int Number => number;

        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    /// <summary>The square workflow's id, on a scoped service: it writes the unit it ran with where the silo goes.</summary>
    private sealed class ScopedSquareNode(CallUnit unit) : INode<SquareBatch>
    {
        public string Id => SquareNode.NodeId;

        public ValueTask<NodeAction> RunAsync(SquareBatch context, CancellationToken cancellationToken)
        {
            context.Square = new Square { Number = context.Number, Value = (long)context.Number * context.Number, Silo = $"unit {unit.Number}" };
            return new(NodeAction.Default);
        }
    }

    /// <summary>Throws on its first ToReply only.</summary>
    private sealed class FlakyReplyMapping : ItemMapping<SquareBatch, int, int, Square?>
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public override int ToRequest(SquareBatch itemContext) => itemContext.Number;

        public override int GetItem(int request) => request;

        public override Square? ToReply(SquareBatch itemContext) =>
            Interlocked.Increment(ref _calls) == 1 ? throw new FormatException("first ToReply broke") : itemContext.Square;

        public override void ApplyReply(Square? reply, SquareBatch itemContext) => itemContext.Square = reply;
    }
}

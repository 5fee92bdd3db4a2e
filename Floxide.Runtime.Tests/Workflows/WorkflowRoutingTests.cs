namespace Floxide.Runtime.Tests.Workflows;

public class WorkflowRoutingTests
{
    private enum Review
    {
        Approved,
        Rejected,
        NeedsWork,
    }

    [Theory]
    [InlineData(80, "score,approve")]
    [InlineData(30, "score,reject")]
    public async Task Actions_route_to_the_node_registered_for_them(int score, string expectedPath)
    {
        var path = new List<string>();
        var scoreNode = Node.Route<Order>("score", o =>
        {
            path.Add("score");
            return o.Score >= 50 ? NodeAction.From(Review.Approved) : NodeAction.From(Review.Rejected);
        });
        var approve = Node.Create<Order>("approve", _ => path.Add("approve"));
        var reject = Node.Create<Order>("reject", _ => path.Add("reject"));
        var workflow = new WorkflowBuilder<Order>("review")
            .StartWith(scoreNode)
            .On(scoreNode, Review.Approved, approve)
            .On(scoreNode, Review.Rejected, reject)
            .Build();

        var final = await workflow.RunAsync(new Order { Score = score }, CancellationToken.None);

        Assert.Equal(expectedPath, string.Join(",", path));
        Assert.Equal(NodeAction.Default, final);
    }

    [Fact]
    public async Task An_action_without_a_route_is_an_error_naming_the_node_and_the_action()
    {
        var scoreNode = Node.Route<Order>("score", _ => NodeAction.From(Review.NeedsWork));
        var approve = Node.Create<Order>("approve", _ => { });
        var workflow = new WorkflowBuilder<Order>("review").StartWith(scoreNode).On(scoreNode, Review.Approved, approve).Build();

        var exception = await Assert.ThrowsAsync<UnroutedActionException>(() => workflow.RunAsync(new Order(), CancellationToken.None).AsTask());

        Assert.Equal("score", exception.NodeId);
        Assert.Equal("review", exception.WorkflowId);
        Assert.Equal(new NodeAction("NeedsWork"), exception.Action);
        Assert.Contains("'score'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'NeedsWork'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fallback_routes_and_terminal_actions_decide_when_no_specific_route_exists()
    {
        var path = new List<string>();
        var classify = Node.Route<Order>("classify", o => { path.Add("classify"); return o.Score > 0 ? "odd" : "done"; });
        var manual = Node.Create<Order>("manual", _ => path.Add("manual"));
        var workflow = new WorkflowBuilder<Order>("wf").StartWith(classify).Otherwise(classify, manual).EndOn("done").Build();

        await workflow.RunAsync(new Order { Score = 1 }, CancellationToken.None);
        var final = await workflow.RunAsync(new Order { Score = 0 }, CancellationToken.None);

        Assert.Equal(["classify", "manual", "classify"], path);
        Assert.Equal(new NodeAction("done"), final);
    }

    [Fact]
    public async Task Stop_ends_a_workflow_even_where_the_default_is_routed()
    {
        var path = new List<string>();
        var gate = Node.Route<Order>("gate", o => { path.Add("gate"); return o.Score > 0 ? NodeAction.Default : NodeAction.Stop; });
        var next = Node.Create<Order>("next", _ => path.Add("next"));
        var workflow = new WorkflowBuilder<Order>("wf").StartWith(gate).Then(gate, next).Build();

        var final = await workflow.RunAsync(new Order { Score = 0 }, CancellationToken.None);

        Assert.Equal(["gate"], path);
        Assert.Equal(NodeAction.Stop, final);
    }

    [Fact]
    public async Task A_cycle_runs_until_its_exit_action_within_the_step_limit()
    {
        var attempt = Node.Route<Order>("attempt", o => ++o.Attempts < 3 ? "retry" : NodeAction.Default);
        var done = Node.Create<Order>("done", o => { o.Score = 100; });
        var workflow = new WorkflowBuilder<Order>("retrying")
            .StartWith(attempt).On(attempt, "retry", attempt).Then(attempt, done).WithMaxSteps(10).Build();
        var order = new Order();

        await workflow.RunAsync(order, CancellationToken.None);

        Assert.Equal(3, order.Attempts);
        Assert.Equal(100, order.Score);
    }

    [Fact]
    public async Task Exceeding_the_step_limit_is_a_clear_error()
    {
        var ping = Node.Create<Order>("ping", o => { o.Attempts++; });
        var pong = Node.Create<Order>("pong", o => { o.Attempts++; });
        var workflow = new WorkflowBuilder<Order>("loop").StartWith(ping).Then(ping, pong).Then(pong, ping).WithMaxSteps(5).Build();
        var order = new Order();

        var exception = await Assert.ThrowsAsync<StepLimitExceededException>(() => workflow.RunAsync(order, CancellationToken.None).AsTask());

        Assert.Equal(5, order.Attempts);
        Assert.Equal(5, exception.MaxSteps);
        Assert.Equal("pong", exception.NodeId); // the sixth step would have been pong
        Assert.Contains("'loop'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_without_a_step_limit_is_rejected_when_built()
    {
        var ping = Node.Create<Order>("ping", _ => { });
        var pong = Node.Create<Order>("pong", _ => { });
        var builder = new WorkflowBuilder<Order>("loop").StartWith(ping).Then(ping, pong).Then(pong, ping);

        var exception = Assert.Throws<WorkflowDefinitionException>(builder.Build);

        Assert.Contains("ping -> pong -> ping", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_definitions_are_rejected_with_the_reason()
    {
        var a = Node.Create<Order>("a", _ => { });
        var b = Node.Create<Order>("b", _ => { });
        var c = Node.Create<Order>("c", _ => { });
        var otherA = Node.Create<Order>("a", _ => { });

        Assert.Contains("no start node", Assert.Throws<WorkflowDefinitionException>(new WorkflowBuilder<Order>("w").Build).Message, StringComparison.Ordinal);
        Assert.Contains("share the id 'a'", Assert.Throws<WorkflowDefinitionException>(() => new WorkflowBuilder<Order>("w").StartWith(a).Then(a, otherA)).Message, StringComparison.Ordinal);
        Assert.Contains("already has a route", Assert.Throws<WorkflowDefinitionException>(() => new WorkflowBuilder<Order>("w").StartWith(a).Then(a, b).Then(a, c)).Message, StringComparison.Ordinal);
        Assert.Contains("'c' cannot be reached", Assert.Throws<WorkflowDefinitionException>(new WorkflowBuilder<Order>("w").StartWith(a).Then(a, b).Then(c, b).Build).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_workflow_nests_as_a_node_and_its_final_action_routes_the_outer_workflow()
    {
        var path = new List<string>();
        var check = Node.Route<Order>("check", o => { path.Add("inner.check"); return o.Score > 10 ? "big" : "small"; });
        var inner = new WorkflowBuilder<Order>("inner").StartWith(check).EndOn("big").EndOn("small").Build();
        var bigOrder = Node.Create<Order>("big-order", _ => path.Add("big-order"));
        var smallOrder = Node.Create<Order>("small-order", _ => path.Add("small-order"));
        var outer = new WorkflowBuilder<Order>("outer").StartWith(inner).On(inner, "big", bigOrder).On(inner, "small", smallOrder).Build();

        await outer.RunAsync(new Order { Score = 50 }, CancellationToken.None);

        Assert.Equal(["inner.check", "big-order"], path);
    }

    [Fact]
    public async Task A_throwing_node_is_reported_with_its_id_and_nested_errors_pass_through_unchanged()
    {
        var boom = Node.Create<Order>("boom", _ => throw new InvalidOperationException("kaput"));
        var inner = new WorkflowBuilder<Order>("inner").StartWith(boom).Build();
        var outer = new WorkflowBuilder<Order>("outer").StartWith(inner).Build();

        var exception = await Assert.ThrowsAsync<NodeFailedException>(() => outer.RunAsync(new Order(), CancellationToken.None).AsTask());

        Assert.Equal("boom", exception.NodeId);
        Assert.Equal("kaput", exception.InnerException!.Message);
    }

    [Fact]
    public async Task Synchronous_workflows_complete_synchronously()
    {
        var a = Node.Create<Order>("a", o => { o.Score++; });
        var b = Node.Create<Order>("b", o => { o.Score++; });
        var workflow = new WorkflowBuilder<Order>("sync").StartWith(a).Then(a, b).Build();

        var pending = workflow.RunAsync(new Order(), CancellationToken.None);

        Assert.True(pending.IsCompletedSuccessfully);
        Assert.Equal(NodeAction.Default, await pending);
    }

    private sealed class Order
    {
        public int Score { get; set; }

        public int Attempts { get; set; }
    }

    [Fact]
    public void A_built_workflows_nodes_cannot_be_changed_through_a_cast()
    {
        var first = Node.Create<Order>("first", _ => { });
        var second = Node.Create<Order>("second", _ => { });
        var workflow = new WorkflowBuilder<Order>("wf").StartWith(first).Then(first, second).Build();

        var nodes = Assert.IsAssignableFrom<IList<INode<Order>>>(workflow.Nodes);
        Assert.Throws<NotSupportedException>(() => nodes[0] = second); // the array the runs read would take it
        Assert.Equal(["first", "second"], workflow.Nodes.Select(n => n.Id));
    }
}

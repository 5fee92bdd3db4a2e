namespace Floxide.Runtime.Tests.Nodes;

public class NodeFactoryTests
{
    [Fact]
    public async Task A_work_node_whose_lambda_assigns_a_string_returns_the_default_action()
    {
        // With one factory name for both kinds, this lambda bound to Func<T, NodeAction> (a string
        // converts to NodeAction), so the node returned the action "x" and the workflow failed.
        var note = Node.Create<Note>("note", n => n.Text = "x");
        var noteAsync = Node.CreateAsync<Note>("note-async", async (n, token) => n.Text = await Task.FromResult("y"));
        var context = new Note();

        Assert.Equal(NodeAction.Default, await note.RunAsync(context, CancellationToken.None));
        Assert.Equal("x", context.Text);
        Assert.Equal(NodeAction.Default, await noteAsync.RunAsync(context, CancellationToken.None));
        Assert.Equal("y", context.Text);
    }

    [Fact]
    public async Task A_routing_node_returns_the_action_it_chooses()
    {
        var route = Node.Route<Note>("route", n => n.Text ?? "empty");
        var routeAsync = Node.RouteAsync<Note>("route-async", (n, token) => ValueTask.FromResult<NodeAction>("later"));

        Assert.Equal(new NodeAction("empty"), await route.RunAsync(new Note(), CancellationToken.None));
        Assert.Equal(new NodeAction("later"), await routeAsync.RunAsync(new Note(), CancellationToken.None));
    }

    private sealed class Note
    {
        public string? Text { get; set; }
    }
}

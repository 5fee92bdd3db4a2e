namespace Floxide.Runtime.Tests.Nodes;

public class NodeActionTests
{
    private enum Outcome
    {
        Done,
        Retry,
        Again = Retry,
    }

    [Fact]
    public void Actions_compare_by_name_and_default_is_named_default()
    {
        Assert.Equal(NodeAction.Default, new NodeAction("default"));
        Assert.Equal("default", default(NodeAction).Name);
        Assert.True(default(NodeAction).IsDefault);
        Assert.NotEqual(new NodeAction("Retry"), new NodeAction("retry"));
        Assert.Equal(new NodeAction("retry").GetHashCode(), ((NodeAction)"retry").GetHashCode());
    }

    [Fact]
    public void Enum_actions_are_named_after_the_member_and_cached()
    {
        Assert.Equal(new NodeAction("Retry"), NodeAction.From(Outcome.Retry));
        Assert.Equal(new NodeAction("Retry"), NodeAction.From(Outcome.Again));
        Assert.Same(NodeAction.From(Outcome.Done).Name, NodeAction.From(Outcome.Done).Name);
        Assert.Equal(new NodeAction("42"), NodeAction.From((Outcome)42));
    }

    [Fact]
    public void An_empty_name_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new NodeAction(""));
    }
}

namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>Counts one.</summary>
[Node]
public partial class Increment
{
    /// <summary>Adds one.</summary>
    public void Process(Counter counter) => counter.Value++;
}

/// <summary>Continues (true) below the limit, stops (false) at it.</summary>
[Node]
public partial class BelowLimit
{
    /// <summary>Whether to count on.</summary>
    public bool Process(Counter counter) => counter.Value < counter.Limit;
}

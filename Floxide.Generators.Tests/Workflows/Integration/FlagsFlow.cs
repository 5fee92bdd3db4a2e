namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>Actions that combine: <c>A | B</c> is the action "A, B", as <c>Enum.ToString</c> names it.</summary>
[Flags]
public enum Marks
{
    None = 0,
    A = 1,
    B = 2,
}

/// <summary>Returns the marks its counter's value spells (1: A, 2: B, 3: A and B).</summary>
[Node]
public partial class Mark
{
    public Marks Process(Counter counter) => (Marks)counter.Value;
}

/// <summary>A [Flags] step with a route on a combined value, which routes by the combined name.</summary>
[Workflow(typeof(Counter))]
[Start(typeof(Mark))]
[Route(typeof(Mark), Marks.A | Marks.B, typeof(Increment))]
[EndOn(typeof(Mark), Marks.A)]
[EndOn(typeof(Mark), Marks.B)]
[EndOn(typeof(Mark), Marks.None)]
public partial class FlagsFlow;

namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>A context with nothing but a number, so any allocation seen is the executor's.</summary>
public sealed class Counter
{
    /// <summary>Gets or sets the count.</summary>
    public int Value { get; set; }

    /// <summary>Gets or sets where counting stops.</summary>
    public int Limit { get; set; }
}

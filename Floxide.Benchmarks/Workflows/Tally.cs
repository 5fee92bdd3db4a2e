namespace Floxide.Benchmarks.Workflows;

/// <summary>The context of the workflow benchmark: one counter the steps add to.</summary>
public sealed class Tally
{
    /// <summary>Gets or sets the running total.</summary>
    public long Value { get; set; }
}

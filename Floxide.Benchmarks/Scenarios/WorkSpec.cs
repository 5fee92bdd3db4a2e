namespace Floxide.Benchmarks.Scenarios;

/// <summary>What one item's work is: the same for every contender.</summary>
/// <param name="Kind">The scenario.</param>
/// <param name="CpuIterations">Iterations of the CPU loop (calibrated to about 20 µs); used by <see cref="ScenarioKind.Cpu"/>.</param>
/// <param name="Latency">The simulated latency; used by <see cref="ScenarioKind.Io"/>.</param>
public sealed record WorkSpec(ScenarioKind Kind, int CpuIterations, TimeSpan Latency)
{
    /// <summary>Gets whether an item's work awaits (and so cannot complete synchronously).</summary>
    public bool IsAsync => Kind == ScenarioKind.Io;
}

namespace Floxide.Benchmarks.Scenarios;

/// <summary>The per-item workloads the contenders are compared on.</summary>
public enum ScenarioKind
{
    /// <summary>A few arithmetic operations: measures pure per-item overhead.</summary>
    Trivial,

    /// <summary>About 20 µs of real computation per item.</summary>
    Cpu,

    /// <summary>An await of about 5 ms of simulated latency per item.</summary>
    Io,

    /// <summary>The trivial work over 1,000,000 items read from an <see cref="IAsyncEnumerable{T}"/>.</summary>
    Stream,
}

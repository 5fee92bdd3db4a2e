namespace Floxide.Benchmarks.Adaptive;

/// <summary>One contender's run against the throttling server.</summary>
/// <param name="Contender">The contender's label.</param>
/// <param name="ItemsPerSecond">Succeeded items per second.</param>
/// <param name="Failed">Items that failed after every retry.</param>
/// <param name="Rejected">Requests the server answered with 429.</param>
/// <param name="Latencies">How long each served request took, in milliseconds, as the client saw it.</param>
/// <param name="Levels">The concurrency level over time (seconds since the start, level), from progress.</param>
/// <param name="InFlight">Requests in flight over time (seconds since the start, count), sampled every 10 ms.</param>
public sealed record AdaptiveRun(
    string Contender,
    double ItemsPerSecond,
    long Failed,
    long Rejected,
    IReadOnlyList<double> Latencies,
    IReadOnlyList<(double Seconds, int Level)> Levels,
    IReadOnlyList<(double Seconds, int Count)> InFlight);

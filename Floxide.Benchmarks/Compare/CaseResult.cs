namespace Floxide.Benchmarks.Compare;

/// <summary>One contender's figures for one scenario at one parallelism: medians over the rounds.</summary>
/// <param name="Scenario">The scenario name (trivial, cpu, io, stream).</param>
/// <param name="Parallelism">The concurrency limit.</param>
/// <param name="Contender">The contender's key.</param>
/// <param name="ContenderName">The contender's display name.</param>
/// <param name="Items">Items per run.</param>
/// <param name="ItemsPerSecond">Median throughput.</param>
/// <param name="BytesPerItem">Median bytes allocated per item (all threads), excluding the item context.</param>
/// <param name="Runs">How many measured runs the medians are over.</param>
public sealed record CaseResult(
    string Scenario, int Parallelism, string Contender, string ContenderName, int Items, double ItemsPerSecond, double BytesPerItem, int Runs);

namespace Floxide.Benchmarks.Compare;

/// <summary>The peak working set of a fresh process that streamed <paramref name="Items"/> items through one contender.</summary>
/// <param name="Contender">The contender's key.</param>
/// <param name="ContenderName">The contender's display name.</param>
/// <param name="Items">How many items were streamed.</param>
/// <param name="Parallelism">The concurrency limit.</param>
/// <param name="PeakWorkingSetBytes">The process's peak working set (VmHWM), in bytes.</param>
public sealed record MemoryResult(string Contender, string ContenderName, int Items, int Parallelism, long PeakWorkingSetBytes);

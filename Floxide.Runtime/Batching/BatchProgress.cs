namespace Floxide;

/// <summary>A snapshot of a running batch, reported at most every 100 ms and once at the end.</summary>
/// <param name="Completed">Items finished so far, whatever their status.</param>
/// <param name="Failed">Items that failed so far.</param>
/// <param name="Total">The number of items, when known without enumerating the source.</param>
public readonly record struct BatchProgress(long Completed, long Failed, long? Total);

using System.Globalization;

namespace Floxide.Runtime.Tests.Properties;

/// <summary>
/// One batch the engine property runs: independent choices of size, limit, source, run mode, error mode, what each item
/// does, resilience, a cancellation at some point, a grace period, and a durable run resumed by a second one.
/// </summary>
/// <param name="Count">Items in the source (0, 1 and around the engine's 64-item chunks included).</param>
/// <param name="Limit">MaxDegreeOfParallelism.</param>
/// <param name="Source">How the items are given.</param>
/// <param name="Mode">How the batch is run and its results taken.</param>
/// <param name="FailFast">ErrorMode FailFast, else continue.</param>
/// <param name="Mix">What each item does.</param>
/// <param name="Retries">Retries of the item pipeline (0: no retry strategy).</param>
/// <param name="RetryDelayMs">The retry's constant delay on the pumped clock.</param>
/// <param name="Timeout">The item pipeline's timeout.</param>
/// <param name="Limiter">A batch or item rate limiter.</param>
/// <param name="Permits">The limiter's permits (each partition's, for the item limiter).</param>
/// <param name="Cancel">Where the batch is canceled from.</param>
/// <param name="CancelAtPercent">How far in, as a percentage of <paramref name="Count"/>.</param>
/// <param name="Grace">The cancellation grace period.</param>
/// <param name="Durable">Run durably on an in-memory store, then resume with a second run.</param>
public sealed record EngineCase(
    int Count,
    int Limit,
    EngineCase.SourceKind Source,
    EngineCase.RunMode Mode,
    bool FailFast,
    ItemMix Mix,
    int Retries,
    int RetryDelayMs,
    EngineCase.TimeoutKind Timeout,
    EngineCase.LimiterKind Limiter,
    int Permits,
    EngineCase.CancelPoint Cancel,
    int CancelAtPercent,
    EngineCase.GraceKind Grace,
    bool Durable)
{
    public enum SourceKind { Array, Lazy, AsyncCompleted, AsyncYielding }

    public enum RunMode { RunKeepingResults, RunStreamingMerge, StreamAsync }

    /// <summary>None; long enough that a waiting item never meets it; shorter than every wait.</summary>
    public enum TimeoutKind { None, Long, Short }

    public enum LimiterKind { None, Batch, ItemPartitions }

    /// <summary>
    /// From the merge (the streaming merge, the keep-results context's update, a stream's consumer), from an item's first
    /// attempt, or from a progress report, once that many results or items are reached.
    /// </summary>
    public enum CancelPoint { None, FromMerge, FromItem, FromProgress }

    public enum GraceKind { None, Finite, Infinite }

    /// <summary>Gets how many attempts an item has: its retries and the first.</summary>
    public int MaxAttempts => Retries + 1;

    /// <summary>Gets the result count (or item index) the cancellation comes at.</summary>
    public int CancelAt => Count * CancelAtPercent / 100;

    public override string ToString()
    {
        var retry = Retries == 0 ? "no retry" : string.Create(CultureInfo.InvariantCulture, $"{Retries} retries after {RetryDelayMs} ms");
        var permits = Limiter == LimiterKind.None ? "" : string.Create(CultureInfo.InvariantCulture, $" ({Permits})");
        var at = Cancel == CancelPoint.None ? "" : string.Create(CultureInfo.InvariantCulture, $" at {CancelAt}");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Count} items, limit {Limit}, {Source}, {Mode}, {(FailFast ? "FailFast" : "Continue")}, items {Mix}, {retry}, timeout {Timeout}, limiter {Limiter}{permits}, cancel {Cancel}{at}, grace {Grace}{(Durable ? ", durable and resumed" : "")}");
    }
}

namespace Floxide.Generators.Tests.Integration;

/// <summary>Adaptive concurrency declared in the DSL, with both readers named: what a batch over a metered API declares.</summary>
[BatchContext(MaxDegreeOfParallelism = 8)]
[AdaptiveConcurrency(InitialLevel = 2, DecreaseFactor = 0.5, LatencyThresholdMs = 30_000, UseBuiltInSignals = false, IsThrottled = nameof(IsBusy), RetryAfter = nameof(QuotaWait))]
public sealed partial class MeteredBatch
{
    [BatchItems] public List<int> Items { get; init; } = [];

    [BatchItem] public int Item { get; set; }

    private static bool IsBusy(Exception error) => error is TimeoutException;

    private static TimeSpan? QuotaWait(Exception error) => (error as RateLimitRejectedException)?.RetryAfter;
}

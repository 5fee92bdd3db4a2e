using System.Collections.Concurrent;

namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// An item-level retry and timeout long enough that only a test's clock can get through them in a test's time: a minute
/// between attempts, ten minutes per attempt, no jitter, so each delay is exact.
/// </summary>
[BatchContext(KeepResults = true)]
[Retry(MaxAttempts = 3, DelayMs = 60_000, Backoff = RetryBackoff.Constant, Jitter = false)]
[Timeout(Ms = 600_000)]
public sealed partial class ClockedRetryBatch
{
    [BatchItems] public List<int> Items { get; init; } = [];

    [BatchItem] public int Item { get; set; }

    /// <summary>Attempts per item, shared on purpose.</summary>
    [Shared] public ConcurrentDictionary<int, int> Attempts { get; init; } = new();
}

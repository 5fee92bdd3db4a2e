using System.Collections.Concurrent;

namespace Floxide.Generators.Tests.Integration;

/// <summary>The README's Resilience example in small: a retry on HttpRequestException only, around a timeout.</summary>
[BatchContext(KeepResults = true)]
[Retry(MaxAttempts = 2, DelayMs = 0, On = new[] { typeof(HttpRequestException) })]
[Timeout(Ms = 50)]
public sealed partial class TimedRetryBatch
{
    [BatchItems] public List<int> Items { get; init; } = [];

    [BatchItem] public int Item { get; set; }

    /// <summary>Attempts per item, shared on purpose.</summary>
    [Shared] public ConcurrentDictionary<int, int> Attempts { get; init; } = new();
}

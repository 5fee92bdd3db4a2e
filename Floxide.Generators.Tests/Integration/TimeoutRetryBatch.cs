using System.Collections.Concurrent;
using Polly.Timeout;

namespace Floxide.Generators.Tests.Integration;

/// <summary>As <see cref="TimedRetryBatch"/>, with Polly's TimeoutRejectedException named in On: a timed-out attempt is retried.</summary>
[BatchContext(KeepResults = true)]
[Retry(MaxAttempts = 2, DelayMs = 0, On = new[] { typeof(HttpRequestException), typeof(TimeoutRejectedException) })]
[Timeout(Ms = 50)]
public sealed partial class TimeoutRetryBatch
{
    [BatchItems] public List<int> Items { get; init; } = [];

    [BatchItem] public int Item { get; set; }

    /// <summary>Attempts per item, shared on purpose.</summary>
    [Shared] public ConcurrentDictionary<int, int> Attempts { get; init; } = new();
}

using System.Collections.Concurrent;

namespace Floxide.Generators.Tests.Integration;

/// <summary>A [Retry] with no <c>On</c>: every exception is retried but the batch's own cancellation.</summary>
[BatchContext(MaxDegreeOfParallelism = 1)]
[Retry(MaxAttempts = 3, DelayMs = 0)]
public sealed partial class DefaultRetryBatch
{
    [BatchItems] public List<int> Items { get; init; } = [];

    [BatchItem] public int Item { get; set; }

    /// <summary>Attempts per item, shared on purpose.</summary>
    [Shared] public ConcurrentDictionary<int, int> Attempts { get; init; } = new();

    /// <summary>Canceled by item 2's first attempt: the batch's cancellation.</summary>
    [Shared] public CancellationTokenSource Cancel { get; init; } = new();
}

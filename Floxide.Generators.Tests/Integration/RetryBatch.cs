using System.Collections.Concurrent;

namespace Floxide.Generators.Tests.Integration;

/// <summary>An item-level retry declared in the DSL: each item fails its first attempts, on a fresh item context each time.</summary>
[BatchContext(KeepResults = true)]
[Retry(MaxAttempts = 3, DelayMs = 0, On = new[] { typeof(InvalidOperationException) })]
public sealed partial class RetryBatch
{
    [BatchItems] public List<int> Items { get; init; } = [];

    [BatchItem] public int Item { get; set; }

    [ItemOutput] public int Written { get; set; }

    [BatchOutputs] public List<int> Outputs { get; } = [];

    /// <summary>Attempts per item, shared on purpose.</summary>
    [Shared] public ConcurrentDictionary<int, int> Attempts { get; init; } = new();

    /// <summary>Item contexts made: the hook runs on the batch's context, once per attempt.</summary>
    public int ItemContextsCreated;

    partial void OnItemContextCreated(RetryBatch itemContext) => Interlocked.Increment(ref ItemContextsCreated);
}

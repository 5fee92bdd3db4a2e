using Floxide.Generators.Tests.Integration.Signals;

namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// Adaptive concurrency whose readers are methods of other types, named with nameof(Type.Method): Floxide's own
/// ThrottlingSignals.RetryAfterOf and a classifier of another namespace, with no wrapper on the context.
/// </summary>
[BatchContext(MaxDegreeOfParallelism = 2)]
[AdaptiveConcurrency(InitialLevel = 2, DecreaseFactor = 0.5, IsThrottled = nameof(QuotaSignals.IsExhausted), RetryAfter = nameof(ThrottlingSignals.RetryAfterOf))]
public sealed partial class QuotaBatch
{
    [BatchItems] public List<int> Items { get; init; } = [];

    [BatchItem] public int Item { get; set; }
}

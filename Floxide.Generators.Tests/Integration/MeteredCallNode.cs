using System.Collections.Concurrent;

namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// A call to a metered API with a step-level retry declared in the DSL: each item's first call is refused as busy
/// (<see cref="MeteredBatch"/> reads a <see cref="TimeoutException"/> as throttling) and its retry succeeds.
/// </summary>
[Node]
[Retry(MaxAttempts = 2, DelayMs = 0, Jitter = false)]
public partial class MeteredCallNode
{
    public ConcurrentDictionary<int, int> Calls { get; } = new();

    public void Process(MeteredBatch context)
    {
        if (Calls.AddOrUpdate(context.Item, 1, (_, count) => count + 1) == 1)
        {
            throw new TimeoutException("busy");
        }
    }
}

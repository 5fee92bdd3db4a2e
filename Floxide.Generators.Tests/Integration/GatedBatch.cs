namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// A batch whose limited steps run what the test gives them (<see cref="GeneratedConcurrencyLimitTests"/>): gates and
/// counters, so a test sees how many runs are inside a step at once and decides when each may leave.
/// </summary>
[BatchContext(MaxDegreeOfParallelism = 8, KeepResults = true)]
public sealed partial class GatedBatch
{
    [BatchItems] public List<int> Items { get; init; } = [];

    [BatchItem] public int Item { get; set; }

    /// <summary>What a run of an asynchronous limited step does; shared on purpose, as the test's gates are.</summary>
    [Shared] public Func<GatedBatch, CancellationToken, Task> Step { get; init; } = static (_, _) => Task.CompletedTask;

    /// <summary>What a run of <see cref="SyncLimitedNode"/> does.</summary>
    [Shared] public Action<GatedBatch> SyncStep { get; init; } = static _ => { };
}

using System.Collections.Concurrent;

namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>A context whose own default limit (4) the batch steps of <see cref="SerialCrateFlow"/> override.</summary>
[BatchContext(MaxDegreeOfParallelism = 4)]
public partial class Crate
{
    [BatchItems]
    public List<int> Items { get; set; } = [];

    [BatchItem]
    public int Item { get; set; }

    /// <summary>Items in flight now and at most, over every item context.</summary>
    [Shared]
    public InFlightCounter InFlight { get; init; } = new();

    [Shared]
    public ConcurrentQueue<int> Started { get; init; } = new();

    /// <summary>Set by <see cref="CountCrateFailures"/> when the failure route runs.</summary>
    public int FailuresSeen { get; set; }
}

using System.Collections.Concurrent;

namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>
/// A durable context whose batch steps record their items when it has a store: each step under the batch id
/// "{RunId}/{step id}", with recorded failures run again.
/// </summary>
[BatchContext(MaxDegreeOfParallelism = 4, DurableJson = typeof(InvoiceJson))]
public sealed partial class Invoice : IDurableBatchContext<Invoice, int>
{
    [BatchItems] public IReadOnlyList<int> Amounts { get; init; } = [];

    [BatchItem] public int Amount { get; set; }

    [ItemOutput] public int Charged { get; set; }

    [BatchOutputs] public List<int> Charges { get; } = [];

    /// <summary>Where the steps record their items; null runs them as plain batches.</summary>
    public IBatchStore? Store { get; init; }

    public string RunId { get; init; } = "";

    /// <summary>Whether a negative amount fails (a transient fault in the first run).</summary>
    public bool RefuseNegative { get; init; }

    /// <summary>Every amount charged, over every run and item context.</summary>
    [Shared]
    public ConcurrentQueue<int> Calls { get; init; } = new();

    [Shared]
    public ConcurrentQueue<string> StepsAsked { get; init; } = new();

    public DurableRun<Invoice, int>? GetDurableRun(string stepId)
    {
        StepsAsked.Enqueue(stepId);
        return Store is null ? null : new(Store, $"{RunId}/{stepId}", DurableCodec) { RetryFailed = true };
    }
}

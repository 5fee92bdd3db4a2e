namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>
/// Payouts, two at a time, whose calls get 15 s to finish when the batch is canceled (declared on the context, so in
/// its <c>DefaultBatchOptions</c>, which the batch steps of <see cref="PayoutFlow"/> and its siblings start from).
/// </summary>
[BatchContext(MaxDegreeOfParallelism = 2, CancellationGracePeriodMs = 15_000)]
public partial class PayoutRun
{
    [BatchItems]
    public List<int> Items { get; set; } = [];

    [BatchItem]
    public int Item { get; set; }

    [ItemOutput]
    public int Paid { get; set; }

    [BatchOutputs]
    public List<int> PaidOut { get; } = [];

    [Shared]
    public PayoutGate Gate { get; init; } = new();
}

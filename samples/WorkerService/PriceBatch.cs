using Floxide;

namespace WorkerService;

/// <summary>
/// The batch context: the SKUs whose prices are refreshed and, afterwards, their quotes; each item context holds
/// one SKU and its quote. The generator writes the batch contract. When the host stops (Ctrl+C, SIGTERM), a batch
/// starts no further item and lets the calls in flight finish for up to 10 s, well inside the host's 30 s shutdown timeout.
/// </summary>
[BatchContext(MaxDegreeOfParallelism = 4, CancellationGracePeriodMs = 10_000)]
public sealed partial class PriceBatch
{
    /// <summary>The SKUs to price.</summary>
    [BatchItems]
    public IReadOnlyList<string> Skus { get; init; } = [];

    /// <summary>The SKU one item context prices.</summary>
    [BatchItem]
    public string Sku { get; set; } = "";

    /// <summary>The item's quote, set when fetching it succeeded.</summary>
    [ItemOutput]
    public PriceQuote? Quote { get; set; }

    /// <summary>Every quote, in SKU order.</summary>
    [BatchOutputs]
    public List<PriceQuote> Quotes { get; } = [];
}

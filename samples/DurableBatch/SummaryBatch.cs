using Floxide;

namespace DurableBatch;

/// <summary>
/// The batch: documents in, one summary per document out, in input order. <c>DurableJson</c> makes the generator
/// write its durable codec (<c>DurableCodec</c>, <c>CreateDurableRun</c>); <see cref="IDurableItemContext"/> gives each
/// item context its idempotency key (batch id + the document's [ItemKey] id) in a durable run.
/// </summary>
[BatchContext(MaxDegreeOfParallelism = 16, DurableJson = typeof(SummaryJson))]
public sealed partial class SummaryBatch : IDurableItemContext
{
    /// <summary>The documents.</summary>
    [BatchItems]
    public IReadOnlyList<Document> Documents { get; init; } = [];

    /// <summary>The document of one item context.</summary>
    [BatchItem]
    public Document Document { get; set; } = null!;

    /// <summary>The summary one item produced.</summary>
    [ItemOutput]
    public Summary? Summary { get; set; }

    /// <summary>Every summary, in input order: those of this run and those restored from earlier runs.</summary>
    [BatchOutputs]
    public List<Summary> Summaries { get; } = [];

    /// <inheritdoc/>
    public DurableItemKey ItemKey { get; set; }
}

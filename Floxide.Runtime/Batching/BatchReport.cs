namespace Floxide;

/// <summary>
/// What a batch run did: counts per status for every item, every failed result, the duration, and
/// every item's result when the context keeps them (see <see cref="BatchResults{TContext, TItem}"/>).
/// </summary>
/// <typeparam name="TContext">The batch context type.</typeparam>
/// <typeparam name="TItem">The item type.</typeparam>
public sealed class BatchReport<TContext, TItem>
{
    internal BatchReport(string nodeId, BatchResults<TContext, TItem> results, TimeSpan duration, long? firstFailedIndex)
    {
        NodeId = nodeId;
        Results = results;
        Duration = duration;
        StoppedAtIndex = firstFailedIndex;
    }

    /// <summary>Gets the id of the batch node that ran.</summary>
    public string NodeId { get; }

    /// <summary>
    /// Gets the results: counts for every item and every failed result in any mode; every item's
    /// result, in input order, only when the context keeps them (a plain
    /// <see cref="IBatchContext{TContext, TItem}"/>). A <see cref="IStreamingBatchContext{TContext, TItem}"/>
    /// received them as they came, so none but the failures are held here.
    /// </summary>
    public BatchResults<TContext, TItem> Results { get; }

    /// <summary>Gets the result of every item that failed, in input order, in any mode.</summary>
    public IReadOnlyList<BatchItemResult<TContext, TItem>> Failures => Results.Failures;

    /// <summary>Gets how long the whole batch took, merge included.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Gets the index of the failure that stopped a fail-fast batch, or null when it did not stop.</summary>
    public long? StoppedAtIndex { get; }

    /// <summary>Gets the number of items read.</summary>
    public long Total => Results.Total;

    /// <summary>Gets how many items succeeded.</summary>
    public long Succeeded => Results.Succeeded;

    /// <summary>Gets how many items failed.</summary>
    public long Failed => Results.Failed;

    /// <summary>Gets how many items were canceled.</summary>
    public long Canceled => Results.Canceled;

    /// <summary>Gets how many items the batch's own stop (fail-fast, a failed merge or store) kept from finishing (<see cref="BatchItemStatus.Skipped"/>).</summary>
    public long Skipped => Results.Skipped;

    /// <summary>
    /// Gets how many items a durable run restored from their records instead of running them (succeeded
    /// items with their outputs, and failed ones replaying their recorded failure); zero for other runs.
    /// </summary>
    public long Resumed => Results.Resumed;

    /// <inheritdoc/>
    public override string ToString() => $"{NodeId}: {Total} items in {Duration.TotalMilliseconds:F0} ms: {Results.StatusCounts}";
}

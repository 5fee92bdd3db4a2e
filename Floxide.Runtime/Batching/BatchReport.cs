namespace Floxide;

/// <summary>What a batch run did: the results in input order, counts per status and the duration.</summary>
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

    /// <summary>Gets every item's result, in input order.</summary>
    public BatchResults<TContext, TItem> Results { get; }

    /// <summary>Gets how long the whole batch took, merge included.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Gets the index of the failure that stopped a fail-fast batch, or null when it did not stop.</summary>
    public long? StoppedAtIndex { get; }

    /// <summary>Gets the number of items read.</summary>
    public long Total => Results.Total;

    /// <summary>Gets how many items succeeded.</summary>
    public int Succeeded => Results.Succeeded;

    /// <summary>Gets how many items failed.</summary>
    public int Failed => Results.Failed;

    /// <summary>Gets how many items were canceled.</summary>
    public int Canceled => Results.Canceled;

    /// <summary>Gets how many items were skipped by a fail-fast stop.</summary>
    public int Skipped => Results.Skipped;

    /// <inheritdoc/>
    public override string ToString() =>
        $"{NodeId}: {Total} items in {Duration.TotalMilliseconds:F0} ms: {Succeeded} succeeded, {Failed} failed, {Canceled} canceled, {Skipped} skipped";
}

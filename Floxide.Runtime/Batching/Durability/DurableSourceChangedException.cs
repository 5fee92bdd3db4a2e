namespace Floxide;

/// <summary>
/// A durable batch was resumed over a source that changed: a recorded item's fingerprint differs from
/// the item now read with the same identity. The run stops at that item; merging recorded outputs
/// into different items would be silently wrong. Start a new batch id, or restore the source.
/// </summary>
public sealed class DurableSourceChangedException : FloxideException
{
    /// <summary>Creates the error.</summary>
    /// <param name="nodeId">The batch node.</param>
    /// <param name="batchId">The durable batch.</param>
    /// <param name="index">The input position of the first mismatching item.</param>
    /// <param name="key">The item's identity.</param>
    /// <param name="recordedIndex">Where the recorded item was in the input when it was recorded.</param>
    /// <param name="recordedFailed">Whether the record is a failure, which <see cref="DurableRun{TContext, TItem}.RetryFailed"/> would run again as the item is now.</param>
    public DurableSourceChangedException(string nodeId, string batchId, long index, string key, long recordedIndex, bool recordedFailed = false)
        : base(
            $"Durable batch '{batchId}' (node '{nodeId}') was resumed over a changed source: the item at input position {index} (key '{key}') "
            + $"differs from the one recorded under that key (recorded at position {recordedIndex}). Use a new batch id, or restore the source."
            + (recordedIndex == index ? "" : " If the source did not change, two of its items have this key: give each item its own.")
            + (recordedFailed ? " The record is a failure: if its input was corrected, RetryFailed = true runs it again as it is now." : ""),
            nodeId,
            index,
            null)
    {
        BatchId = batchId;
        Key = key;
    }

    /// <summary>Gets the durable batch.</summary>
    public string BatchId { get; }

    /// <summary>Gets the identity of the first mismatching item.</summary>
    public string Key { get; }
}

using System.Globalization;

namespace Floxide;

/// <summary>
/// A durable batch was resumed over a source that changed: a recorded item's fingerprint differs from
/// the item now read with the same identity (a succeeded record's, or a failed one's unless
/// <see cref="DurableRun{TContext, TItem}.RetryFailed"/> runs that keyed item again as it is now), unless
/// <see cref="DurableRun{TContext, TItem}.RunChangedItems"/> runs keyed items that changed again. The run stops at that
/// item; merging recorded outputs into different items would be silently wrong. Start a new batch id, or restore the source.
/// </summary>
public sealed class DurableSourceChangedException : FloxideException
{
    /// <summary>Creates the error.</summary>
    /// <param name="nodeId">The batch node.</param>
    /// <param name="batchId">The durable batch.</param>
    /// <param name="index">The input position of the first mismatching item.</param>
    /// <param name="key">The item's identity.</param>
    /// <param name="recordedIndex">Where the recorded item was in the input when it was recorded.</param>
    public DurableSourceChangedException(string nodeId, string batchId, long index, string key, long recordedIndex)
        : this(nodeId, batchId, index, key, recordedIndex, recordedFailed: false, keyed: true)
    {
    }

    /// <summary>Creates the error, saying what would run a corrected failed item again.</summary>
    internal DurableSourceChangedException(string nodeId, string batchId, long index, string key, long recordedIndex, bool recordedFailed, bool keyed)
        : base(
            $"Durable batch '{batchId}' (node '{nodeId}') was resumed over a changed source: the item at input position {index.ToString(CultureInfo.InvariantCulture)} (key '{key}') "
            + $"differs from the one recorded under that key (recorded at position {recordedIndex.ToString(CultureInfo.InvariantCulture)}). Use a new batch id, or restore the source"
            + (keyed ? ", or set RunChangedItems = true to run changed items again." : ".")
            + (recordedIndex == index ? "" : " If the source did not change, two of its items have this key: give each item its own.")
            + (!recordedFailed ? ""
                : keyed ? " The record is a failure: if its input was corrected, RetryFailed = true runs it again as it is now."
                : " The record is a failure, but items are identified by their position, where a corrected item and one that moved look the same: "
                    + "give them a key (the codec's GetKey, [ItemKey]) for RetryFailed to run a corrected one again."),
            nodeId,
            index,
            null)
    {
        BatchId = batchId;
        Key = key;
        RecordedFailed = recordedFailed;
    }

    /// <summary>Gets the durable batch.</summary>
    public string BatchId { get; }

    /// <summary>Gets the identity of the first mismatching item.</summary>
    public string Key { get; }

    /// <summary>
    /// Gets whether the mismatching item's record is a failure: with a key, <see cref="DurableRun{TContext, TItem}.RetryFailed"/>
    /// would run it again as it is now.
    /// </summary>
    public bool RecordedFailed { get; }
}

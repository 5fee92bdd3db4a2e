using System.Globalization;

namespace Floxide;

/// <summary>
/// Two items of one durable run have the same identity (the codec's key): one record per key would keep only one of
/// them, and a rerun would replay that one's outputs for both. The run stops instead. Give every item of a batch a key of
/// its own (a generated codec prints a null <c>[ItemKey]</c> as the empty string, the same key as <c>""</c>).
/// </summary>
/// <remarks>
/// Thrown by the run when a rerun reads a second item with the key of a record it has already matched, and by
/// <see cref="IBatchStore.CommitAsync"/> when a run commits a key it committed before for another item (see
/// docs/durability.md); the commit that throws writes nothing.
/// </remarks>
public sealed class DuplicateItemKeyException : FloxideException
{
    /// <summary>Creates the error.</summary>
    /// <param name="nodeId">The batch node; null when not known (a store does not know it, and the run adds it).</param>
    /// <param name="batchId">The durable batch.</param>
    /// <param name="index">The input position of one item.</param>
    /// <param name="key">The key both items have.</param>
    /// <param name="otherIndex">The input position of the other, before or after <paramref name="index"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="batchId"/> or <paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="otherIndex"/> is <paramref name="index"/>: one item is no duplicate.</exception>
    public DuplicateItemKeyException(string? nodeId, string batchId, long index, string key, long otherIndex)
        : this(nodeId, batchId, index, key, otherIndex, null)
    {
    }

    private DuplicateItemKeyException(string? nodeId, string batchId, long index, string key, long otherIndex, Exception? innerException)
        : base(Describe(nodeId, batchId, index, key, otherIndex), nodeId, Math.Max(index, otherIndex), innerException)
    {
        BatchId = batchId;
        Key = key;
        FirstIndex = Math.Min(index, otherIndex);
        SecondIndex = Math.Max(index, otherIndex);
    }

    /// <summary>Gets the durable batch.</summary>
    public string BatchId { get; }

    /// <summary>Gets the key both items have.</summary>
    public string Key { get; }

    /// <summary>Gets the input position of the earlier of the two items.</summary>
    public long FirstIndex { get; }

    /// <summary>Gets the input position of the later of the two items (also <see cref="FloxideException.ItemIndex"/>).</summary>
    public long SecondIndex { get; }

    /// <summary>The same error naming the batch node, for one a store threw (the store's stays as the inner exception).</summary>
    internal DuplicateItemKeyException WithNode(string nodeId) => new(nodeId, BatchId, FirstIndex, Key, SecondIndex, this);

    /// <summary>Checks the arguments (the message is built before the constructor's body runs) and describes the error.</summary>
    private static string Describe(string? nodeId, string batchId, long index, string key, long otherIndex)
    {
        ArgumentNullException.ThrowIfNull(batchId);
        ArgumentNullException.ThrowIfNull(key);
        if (index == otherIndex)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Both items are at input position {index}: an item is not a duplicate of itself."),
                nameof(otherIndex));
        }

        var (first, second) = (Math.Min(index, otherIndex), Math.Max(index, otherIndex));
        var node = nodeId is null ? "" : $" (node '{nodeId}')";
        var empty = key.Length == 0 ? " (a generated codec prints a null [ItemKey] as the empty string, so a null key and \"\" are the same key)" : "";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Durable batch '{batchId}'{node}: the items at input positions {first} and {second} have the same key '{key}', so one would overwrite the other's record and a rerun would replay one item's outputs for both. Give every item of a batch a key of its own{empty}.");
    }
}

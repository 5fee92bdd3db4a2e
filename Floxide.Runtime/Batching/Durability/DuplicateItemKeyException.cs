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
    /// <param name="batchId">The durable batch.</param>
    /// <param name="key">The key both items have.</param>
    /// <param name="index">The input position of one item.</param>
    /// <param name="otherIndex">The input position of the other, before or after <paramref name="index"/>.</param>
    /// <param name="nodeId">The batch node, when known (a store does not know it).</param>
    public DuplicateItemKeyException(string batchId, string key, long index, long otherIndex, string? nodeId = null)
        : this(batchId, key, Math.Min(index, otherIndex), Math.Max(index, otherIndex), nodeId, null)
    {
    }

    private DuplicateItemKeyException(string batchId, string key, long first, long second, string? nodeId, Exception? innerException)
        : base(Describe(batchId, key, first, second, nodeId), nodeId, second, innerException)
    {
        BatchId = batchId;
        Key = key;
        FirstIndex = first;
        SecondIndex = second;
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
    internal DuplicateItemKeyException WithNode(string nodeId) => new(BatchId, Key, FirstIndex, SecondIndex, nodeId, this);

    private static string Describe(string batchId, string key, long first, long second, string? nodeId)
    {
        var node = nodeId is null ? "" : $" (node '{nodeId}')";
        var empty = key.Length == 0 ? " (a generated codec prints a null [ItemKey] as the empty string, so a null key and \"\" are the same key)" : "";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Durable batch '{batchId}'{node}: the items at input positions {first} and {second} have the same key '{key}', so one would overwrite the other's record and a rerun would replay one item's outputs for both. Give every item of a batch a key of its own{empty}.");
    }
}

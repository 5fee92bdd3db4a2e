namespace Floxide;

/// <summary>The items of a batch: either a synchronous sequence or an asynchronous stream.</summary>
/// <typeparam name="TItem">The type of one item.</typeparam>
/// <remarks>
/// When the sequence is an in-memory collection (its count is known without enumerating), items that
/// never ran because the batch was canceled or stopped are still reported, one result each. A lazy
/// sequence or a stream is read only as far as the batch got.
/// </remarks>
public readonly struct BatchItems<TItem>
{
    /// <summary>Wraps a synchronous sequence.</summary>
    /// <param name="items">The items.</param>
    public BatchItems(IEnumerable<TItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Sequence = items;
    }

    /// <summary>Wraps an asynchronous stream; it is read lazily, with back-pressure.</summary>
    /// <param name="items">The items.</param>
    public BatchItems(IAsyncEnumerable<TItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Stream = items;
    }

    /// <summary>Wraps a synchronous sequence read from a named member, which is named if it is null.</summary>
    /// <param name="items">The items.</param>
    /// <param name="sourceName">What the items were read from, e.g. <c>"OrderBatch.Orders"</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null; the message names <paramref name="sourceName"/>.</exception>
    public BatchItems(IEnumerable<TItem>? items, string sourceName)
    {
        Sequence = items ?? throw NullSource(sourceName);
    }

    /// <summary>Wraps an asynchronous stream read from a named member, which is named if it is null.</summary>
    /// <param name="items">The items.</param>
    /// <param name="sourceName">What the items were read from, e.g. <c>"OrderBatch.Orders"</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null; the message names <paramref name="sourceName"/>.</exception>
    public BatchItems(IAsyncEnumerable<TItem>? items, string sourceName)
    {
        Stream = items ?? throw NullSource(sourceName);
    }

    /// <summary>Gets the synchronous sequence, or null when the items are a stream.</summary>
    public IEnumerable<TItem>? Sequence { get; }

    /// <summary>Gets the asynchronous stream, or null when the items are a sequence.</summary>
    public IAsyncEnumerable<TItem>? Stream { get; }

    /// <summary>Wraps an array.</summary>
    /// <param name="items">The items.</param>
    public static implicit operator BatchItems<TItem>(TItem[] items) => new((IEnumerable<TItem>)items);

    /// <summary>Wraps a list.</summary>
    /// <param name="items">The items.</param>
    public static implicit operator BatchItems<TItem>(List<TItem> items) => new((IEnumerable<TItem>)items);

    private static ArgumentNullException NullSource(string sourceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        return new ArgumentNullException(sourceName, $"{sourceName} is null: set it to the batch's items before running the batch.");
    }
}

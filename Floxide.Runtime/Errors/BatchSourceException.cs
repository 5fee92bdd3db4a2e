namespace Floxide;

/// <summary>
/// A batch context could not provide its items: the items getter, or the enumeration of the
/// sequence it returned, threw. The original exception is the <see cref="Exception.InnerException"/>.
/// </summary>
public sealed class BatchSourceException : FloxideException
{
    /// <summary>Creates the error.</summary>
    /// <param name="nodeId">The batch node that asked for the items.</param>
    /// <param name="contextType">The batch context type whose items failed.</param>
    /// <param name="itemsRead">How many items had been read before the failure.</param>
    /// <param name="innerException">What the source threw.</param>
    public BatchSourceException(string nodeId, Type contextType, long itemsRead, Exception innerException)
        : base(
            itemsRead == 0
                ? $"Batch node '{nodeId}': getting the items of {contextType?.FullName} failed: {innerException?.Message}"
                : $"Batch node '{nodeId}': reading the items of {contextType?.FullName} failed after {itemsRead} items: {innerException?.Message}",
            nodeId,
            null,
            innerException)
    {
        ContextType = contextType!;
        ItemsRead = itemsRead;
    }

    /// <summary>Gets the batch context type whose items failed.</summary>
    public Type ContextType { get; }

    /// <summary>Gets how many items had been read before the failure.</summary>
    public long ItemsRead { get; }
}

namespace Floxide;

/// <summary>
/// The base of the errors Floxide raises itself: about a run, and about an item (a refused permit, a replayed failure).
/// Not of those that stand for another exception and derive from what they stand for: a <see cref="RemoteException"/>,
/// a <see cref="ThrottledResponseException"/> (an <see cref="HttpRequestException"/>). Carries the node, and in batches
/// the item, it concerns.
/// </summary>
/// <remarks>
/// <see cref="OperationCanceledException"/> is never wrapped in a <see cref="FloxideException"/>:
/// cancellation always surfaces as itself.
/// </remarks>
public class FloxideException : Exception
{
    /// <summary>Creates an error with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public FloxideException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an error with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public FloxideException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an error about a node, and optionally one batch item.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="nodeId">The id of the node concerned.</param>
    /// <param name="itemIndex">The input index of the batch item concerned, if any.</param>
    /// <param name="innerException">The cause, if any.</param>
    public FloxideException(string message, string? nodeId, long? itemIndex, Exception? innerException)
        : base(message, innerException)
    {
        NodeId = nodeId;
        ItemIndex = itemIndex;
    }

    /// <summary>Gets the id of the node concerned, if known.</summary>
    public string? NodeId { get; }

    /// <summary>Gets the input index of the batch item concerned, if any.</summary>
    public long? ItemIndex { get; }
}

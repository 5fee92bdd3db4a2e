namespace Floxide;

/// <summary>A node threw; the original exception is the <see cref="Exception.InnerException"/>.</summary>
public sealed class NodeFailedException : FloxideException
{
    /// <summary>Creates the error for a node that threw.</summary>
    /// <param name="nodeId">The id of the node that threw.</param>
    /// <param name="innerException">What it threw.</param>
    public NodeFailedException(string nodeId, Exception innerException)
        : base($"Node '{nodeId}' failed: {innerException?.Message}", nodeId, null, innerException)
    {
    }
}

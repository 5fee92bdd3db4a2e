using System.Diagnostics.CodeAnalysis;

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

    /// <summary>
    /// What the failing step itself threw: the inner exception of a <see cref="NodeFailedException"/>, any other
    /// exception as it is. The one rule behind <see cref="BatchItemResult{TContext, TItem}.Exception"/>, the exception a
    /// resilience pipeline sees, and the error that item spans and the <c>ItemFailed</c> log event report.
    /// </summary>
    [return: NotNullIfNotNull(nameof(exception))]
    internal static Exception? ThrownByStep(Exception? exception) =>
        exception is NodeFailedException { InnerException: { } thrown } ? thrown : exception;
}

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
    /// What the failing step itself threw: the inner exception of a <see cref="NodeFailedException"/> (or, for a failure an
    /// executor reports outside the steps, of an <see cref="ItemFailedOutsideStepsException"/>), any other exception as it
    /// is. The one rule behind <see cref="BatchItemResult{TContext, TItem}.Exception"/>, the exception a resilience pipeline
    /// sees, and the error that item spans and the <c>ItemFailed</c> log event report.
    /// </summary>
    [return: NotNullIfNotNull(nameof(exception))]
    internal static Exception? ThrownByStep(Exception? exception) => exception switch
    {
        NodeFailedException { InnerException: { } thrown } => thrown,
        ItemFailedOutsideStepsException { InnerException: { } failed } => failed,
        _ => exception,
    };

    /// <summary>
    /// The step that failed with <paramref name="exception"/>, thrown out of an item workflow whose id is
    /// <paramref name="itemWorkflowId"/>: the node a <see cref="FloxideException"/> names (a workflow wraps what its step
    /// threw in a <see cref="NodeFailedException"/>), else the item workflow itself, a single node. The rule behind
    /// <see cref="BatchItemResult{TContext, TItem}.FailedStepId"/> (the engine wraps a single node's exception so) and
    /// the step item spans name.
    /// </summary>
    internal static string? FailedStepOf(Exception exception, string? itemWorkflowId) =>
        exception is FloxideException floxide ? floxide.NodeId : itemWorkflowId;
}

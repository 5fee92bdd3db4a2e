namespace Floxide;

/// <summary>A node returned an action for which its workflow has no route and which is not terminal.</summary>
public sealed class UnroutedActionException : FloxideException
{
    /// <summary>Creates the error.</summary>
    /// <param name="workflowId">The workflow that could not route.</param>
    /// <param name="nodeId">The node that returned the action.</param>
    /// <param name="action">The action with no route.</param>
    public UnroutedActionException(string workflowId, string nodeId, NodeAction action)
        : base(
            $"Workflow '{workflowId}': node '{nodeId}' returned action '{action}', which has no route and is not terminal. "
            + "Add a route for it, a fallback route for the node, or declare the action terminal.",
            nodeId,
            null,
            null)
    {
        WorkflowId = workflowId;
        Action = action;
    }

    /// <summary>Gets the id of the workflow that could not route.</summary>
    public string WorkflowId { get; }

    /// <summary>Gets the action that had no route.</summary>
    public NodeAction Action { get; }
}

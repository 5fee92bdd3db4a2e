namespace Floxide;

/// <summary>A workflow's definition is invalid (no start node, a duplicate id or route, an unreachable node, a cycle without a step limit).</summary>
public sealed class WorkflowDefinitionException : FloxideException
{
    /// <summary>Creates the error.</summary>
    /// <param name="workflowId">The workflow being defined.</param>
    /// <param name="problem">What is wrong with it.</param>
    public WorkflowDefinitionException(string workflowId, string problem)
        : base($"Workflow '{workflowId}' is invalid: {problem}")
    {
        WorkflowId = workflowId;
    }

    /// <summary>Gets the id of the workflow being defined.</summary>
    public string WorkflowId { get; }
}

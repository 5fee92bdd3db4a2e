namespace Floxide;

/// <summary>A workflow ran more node steps than its limit allows (usually a cycle that did not end).</summary>
public sealed class StepLimitExceededException : FloxideException
{
    /// <summary>Creates the error.</summary>
    /// <param name="workflowId">The workflow that hit its limit.</param>
    /// <param name="maxSteps">The limit.</param>
    /// <param name="nodeId">The node that would have run next.</param>
    public StepLimitExceededException(string workflowId, int maxSteps, string nodeId)
        : base(
            $"Workflow '{workflowId}' exceeded its limit of {maxSteps} steps before node '{nodeId}'. "
            + "A cycle did not end; check the actions that leave it, or raise the limit.",
            nodeId,
            null,
            null)
    {
        WorkflowId = workflowId;
        MaxSteps = maxSteps;
    }

    /// <summary>Gets the id of the workflow that hit its limit.</summary>
    public string WorkflowId { get; }

    /// <summary>Gets the step limit that was exceeded.</summary>
    public int MaxSteps { get; }
}

using System.Runtime.CompilerServices;

namespace Floxide;

/// <summary>
/// Which step a cancellation came out of. A workflow lets a step's <see cref="OperationCanceledException"/> through
/// unwrapped (the run's cancellation, and a timeout's, must reach whoever canceled), so the step is remembered beside
/// the exception instead: an item whose own timeout canceled it then names the step it was in, as a failed item does.
/// Written by the filter that already decides what a workflow wraps (<see cref="IsStepFailure"/>), so a run that is not
/// canceled pays nothing, and a workflow's steps run in the same protected regions as before.
/// </summary>
internal static class CanceledSteps
{
    private static readonly ConditionalWeakTable<Exception, string> Steps = new();

    /// <summary>
    /// Whether what the step <paramref name="stepId"/> threw is its failure, which a workflow wraps in a
    /// <see cref="NodeFailedException"/>: not a cancellation, which goes on unwrapped, the step remembered beside it (unless
    /// an inner step, of a nested workflow, was remembered first), nor a <see cref="FloxideException"/>, which names its node.
    /// For the exception filter of a workflow's steps.
    /// </summary>
    public static bool IsStepFailure(Exception thrown, string stepId)
    {
        if (thrown is OperationCanceledException canceled)
        {
            Steps.TryAdd(canceled, stepId);
            return false;
        }

        return thrown is not FloxideException;
    }

    /// <summary>
    /// Gets the step an attempt's cancellation came out of: the innermost one a workflow remembered, else
    /// <paramref name="singleStepId"/>, the item workflow when it is one step (<see cref="SingleStepId"/>); null for a
    /// cancellation that came between a workflow's steps.
    /// </summary>
    public static string? StepOf(Exception canceled, string? singleStepId) =>
        canceled is OperationCanceledException cancellation && Steps.TryGetValue(cancellation, out var stepId) ? stepId : singleStepId;

    /// <summary>
    /// Gets the id of an item workflow that is one step, not a workflow of steps (built or generated); null for a workflow.
    /// </summary>
    public static string? SingleStepId<TContext>(INode<TContext> itemWorkflow) =>
        itemWorkflow is Workflow<TContext> or IWorkflow<TContext> ? null : itemWorkflow.Id;
}

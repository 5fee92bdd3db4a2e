using Floxide.Generators.Models;

namespace Floxide.Generators.Workflows;

/// <summary>One step of a valid workflow, in the order of the generated states; plain values only.</summary>
/// <param name="TypeName">The step type, fully qualified: the constructor parameter's type.</param>
/// <param name="Name">The step type's simple name (fields and parameters are named after it).</param>
/// <param name="Id">The step's id: the node's or nested workflow's id, or the batch node's id.</param>
/// <param name="Kind">How the step is called.</param>
/// <param name="MethodName">The process method, for the direct kinds; null for <see cref="WorkflowStepKind.Awaitable"/>.</param>
/// <param name="TakesCancellationToken">Whether the process method takes the token (direct kinds).</param>
/// <param name="IsWorkflow">Whether the step is a nested <c>[Workflow]</c> (drawn as a subroutine).</param>
/// <param name="Batch">How the step runs once per item through the context's <c>CreateBatchNode</c>; null when it runs once.</param>
/// <param name="RunsThroughInterface">Whether the executor calls the step's <c>RunAsync</c> through <c>INode</c>: the generated one is private.</param>
/// <param name="HasParameterlessConstructor">Whether the executor's parameterless constructor can create the step with <c>new()</c>.</param>
/// <param name="Routes">The step's own routes, in declaration order.</param>
/// <param name="Fallback">The fallback step's index, or null when the step has none.</param>
internal sealed record WorkflowStepModel(
    string TypeName,
    string Name,
    string Id,
    WorkflowStepKind Kind,
    string? MethodName,
    bool TakesCancellationToken,
    bool IsWorkflow,
    WorkflowBatchStepModel? Batch,
    bool RunsThroughInterface,
    bool HasParameterlessConstructor,
    EquatableArray<WorkflowRouteModel> Routes,
    int? Fallback)
{
    /// <summary>Whether the step runs once per item.</summary>
    public bool IsBatch => Batch is not null;
}

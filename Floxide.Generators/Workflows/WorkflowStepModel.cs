using Floxide.Generators.Models;

namespace Floxide.Generators.Workflows;

/// <summary>One step of a valid workflow, in the order of the generated states; plain values only.</summary>
internal sealed record WorkflowStepModel
{
    /// <summary>The step type, fully qualified: the constructor parameter's type.</summary>
    public required string TypeName { get; init; }

    /// <summary>The step type's simple name (fields and parameters are named after it).</summary>
    public required string Name { get; init; }

    /// <summary>The step's id: the node's or nested workflow's id, or the batch node's id.</summary>
    public required string Id { get; init; }

    /// <summary>How the step is called.</summary>
    public required WorkflowStepKind Kind { get; init; }

    /// <summary>The process method, for the direct kinds; null for <see cref="WorkflowStepKind.Awaitable"/>.</summary>
    public required string? MethodName { get; init; }

    /// <summary>Whether the process method takes the token (direct kinds).</summary>
    public required bool TakesCancellationToken { get; init; }

    /// <summary>Whether the step is a nested <c>[Workflow]</c> (drawn as a subroutine).</summary>
    public required bool IsWorkflow { get; init; }

    /// <summary>How the step runs once per item through the context's <c>CreateBatchNode</c>; null when it runs once.</summary>
    public required WorkflowBatchStepModel? Batch { get; init; }

    /// <summary>Whether the executor calls the step's <c>RunAsync</c> through <c>INode</c>: the generated one is private.</summary>
    public required bool RunsThroughInterface { get; init; }

    /// <summary>Whether the executor's parameterless constructor can create the step with <c>new()</c>.</summary>
    public required bool HasParameterlessConstructor { get; init; }

    /// <summary>The step's own routes, in declaration order.</summary>
    public required EquatableArray<WorkflowRouteModel> Routes { get; init; }

    /// <summary>The fallback step's index, or null when the step has none.</summary>
    public required int? Fallback { get; init; }

    /// <summary>Whether the step runs once per item.</summary>
    public bool IsBatch => Batch is not null;
}

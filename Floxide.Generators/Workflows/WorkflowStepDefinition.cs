using System.Collections.Generic;
using Floxide.Generators.Helpers;
using Floxide.Generators.Models;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Workflows;

/// <summary>
/// One step as <see cref="WorkflowReader"/> finds it: symbols and locations for the analyzer, and the
/// values <see cref="WorkflowDefinition.ToModel"/> keeps. Never enters a pipeline step.
/// </summary>
internal sealed class WorkflowStepDefinition
{
    public WorkflowStepDefinition(INamedTypeSymbol type, Location? firstMention)
    {
        Type = type;
        FirstMention = firstMention;
    }

    /// <summary>The step type.</summary>
    public INamedTypeSymbol Type { get; }

    /// <summary>Where the step is first named (an attribute), for diagnostics about it.</summary>
    public Location? FirstMention { get; }

    /// <summary>The id of the node or nested workflow; null until the step's type is read.</summary>
    public string? NodeId { get; set; }

    /// <summary>Whether the step is a nested <c>[Workflow]</c>.</summary>
    public bool IsWorkflow { get; set; }

    /// <summary>
    /// For a closed generic nested workflow step (<c>Flow&lt;int&gt;</c>), how <c>AddFloxideNodes()</c> creates it, registered
    /// as its users name it (its generic declaration has no registration); null for any other step, or when it cannot.
    /// </summary>
    public DependencyInjection.ServiceModel? NestedService { get; set; }

    /// <summary>How it is called.</summary>
    public WorkflowStepKind Kind { get; set; } = WorkflowStepKind.Awaitable;

    /// <summary>The process method's name (direct kinds); null when the step runs through <c>RunAsync</c>.</summary>
    public string? MethodName { get; set; }

    /// <summary>Whether the process method takes a token (direct kinds).</summary>
    public bool TakesCancellationToken { get; set; }

    /// <summary>The <c>[BatchStep]</c> attribute, when the step runs per item.</summary>
    public AttributeData? BatchAttribute { get; set; }

    /// <summary>The batch node's id, when the step runs per item; null until the step's type is read.</summary>
    public string? BatchId { get; set; }

    /// <summary>The batch step's own limit, or null for the context's default.</summary>
    public int? BatchMaxDegreeOfParallelism { get; set; }

    /// <summary>The batch step's own error mode (a <c>BatchErrorMode</c> member name), or null for the context's default.</summary>
    public string? BatchErrorMode { get; set; }

    /// <summary>The action name the batch step returns when an item failed, or null for none.</summary>
    public string? BatchFailureAction { get; set; }

    /// <summary>The batch step's own grace period in milliseconds, or null for the context's default.</summary>
    public int? BatchCancellationGracePeriodMs { get; set; }

    /// <summary>Whether the executor can create the step with <c>new()</c>.</summary>
    public bool HasParameterlessConstructor { get; set; }

    /// <summary>
    /// Whether the step's generated <c>RunAsync</c> is private (its context is less accessible than the step), so
    /// only its explicit <c>INode</c> implementation is reachable from the workflow.
    /// </summary>
    public bool HasPrivateRun { get; set; }

    /// <summary>
    /// The action names the step can return (canonical enum names), or null when unknown until run time. For a nested
    /// workflow, the actions its run can end with (<see cref="WorkflowGraphCheck.EndActions"/>).
    /// </summary>
    public List<string>? PossibleActions { get; set; }

    /// <summary>The action enum, when the step returns one (for the code fix that routes a member).</summary>
    public INamedTypeSymbol? ActionEnum { get; set; }

    /// <summary>
    /// Whether <see cref="ActionEnum"/> is a <c>[Flags]</c> enum: besides <see cref="PossibleActions"/>, its members, the step
    /// can return their combinations, named as Enum.ToString names them ("A, B").
    /// </summary>
    public bool ReturnsFlags => ActionEnum is { } actionEnum && WorkflowAttributes.IsFlags(actionEnum);

    /// <summary>The step's own routes, in declaration order.</summary>
    public List<WorkflowRouteModel> Routes { get; } = [];

    /// <summary>Where each of <see cref="Routes"/> is declared (its <c>[Route]</c> or <c>[EndOn]</c>), at the same index.</summary>
    public List<Location?> RouteLocations { get; } = [];

    /// <summary>The fallback step's index, or null when the step has none.</summary>
    public int? Fallback { get; set; }

    /// <summary>The id the workflow knows the step by; null until the step's type is read.</summary>
    public string? Id => BatchAttribute is null ? NodeId : BatchId;

    /// <summary>The plain-value model of a step that has been read (its id is known).</summary>
    public WorkflowStepModel ToModel() =>
        new()
        {
            TypeName = SymbolNames.FullyQualified(Type),
            Name = Type.Name,
            Id = Id!,
            Kind = Kind,
            MethodName = MethodName,
            TakesCancellationToken = TakesCancellationToken,
            IsWorkflow = IsWorkflow,
            Batch = BatchAttribute is null ? null : new WorkflowBatchStepModel(BatchMaxDegreeOfParallelism, BatchErrorMode, BatchFailureAction, BatchCancellationGracePeriodMs),
            RunsThroughInterface = HasPrivateRun && Kind == WorkflowStepKind.Awaitable,
            HasParameterlessConstructor = HasParameterlessConstructor,
            Routes = new EquatableArray<WorkflowRouteModel>(Routes.ToArray()),
            Fallback = Fallback,
        };
}

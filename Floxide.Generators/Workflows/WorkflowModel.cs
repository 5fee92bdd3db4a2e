using System.Collections.Generic;
using System.Linq;
using Floxide.Generators.Models;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Workflows;

/// <summary>Everything the emitter needs for one valid <c>[Workflow]</c> class; plain values only.</summary>
internal sealed record WorkflowModel
{
    /// <summary>Where the partial declaration goes.</summary>
    public required HierarchyInfo Hierarchy { get; init; }

    /// <summary>The workflow's id (from the attribute, else the class name).</summary>
    public required string Id { get; init; }

    /// <summary>The context type, fully qualified.</summary>
    public required string ContextType { get; init; }

    /// <summary>The step limit, or 0 for none.</summary>
    public required int MaxSteps { get; init; }

    /// <summary>The steps; index 0 is the start step.</summary>
    public required EquatableArray<WorkflowStepModel> Steps { get; init; }

    /// <summary>Action names that end the run from any step without a route for them.</summary>
    public required EquatableArray<string> TerminalActions { get; init; }

    /// <summary>The accessibility of <c>RunAsync</c>: public unless the context type is less accessible, and then <c>IWorkflow</c> is also implemented explicitly.</summary>
    public required Accessibility RunAccessibility { get; init; }

    /// <summary>The accessibility of the constructor that takes the steps: public unless a step type is less accessible.</summary>
    public required Accessibility ConstructorAccessibility { get; init; }

    /// <summary>How the generated <c>AddFloxideNodes()</c> creates the workflow from its steps, or null when it cannot without reflection.</summary>
    public required DependencyInjection.ServiceModel? Service { get; init; }

    /// <summary>
    /// How <c>AddFloxideNodes()</c> creates the workflow's closed generic <c>[Node]</c> steps (<c>Step&lt;int&gt;</c>): the
    /// generic node itself has no registration, and the workflow's resolves every step from the container.
    /// </summary>
    public required EquatableArray<DependencyInjection.ServiceModel> StepServices { get; init; }

    /// <summary>
    /// The names of the members the class declares or inherits (in declaration order), which the generated step and
    /// action fields avoid: their names come from the steps and actions, so unlike the reserved members they cannot be
    /// listed in advance.
    /// </summary>
    public required EquatableArray<string> TakenNames { get; init; }

    /// <summary>The name of <c>NodeAction.Default</c>.</summary>
    public const string DefaultAction = "default";

    /// <summary>The name of <c>NodeAction.Stop</c>.</summary>
    public const string StopAction = "stop";

    /// <summary>
    /// Routes <paramref name="action"/> from a step with <paramref name="routes"/> and <paramref name="fallback"/>
    /// exactly as the run-time <c>Workflow</c> does: own route, terminal action (Stop always), fallback, then
    /// the end for a Default action of a step with no routes. Returns null when the action is unrouted.
    /// </summary>
    public static WorkflowRouteTarget? Resolve(IReadOnlyList<WorkflowRouteModel> routes, int? fallback, IEnumerable<string> terminalActions, string action)
    {
        foreach (var route in routes)
        {
            if (route.Action == action)
            {
                return route.Target;
            }
        }

        if (action == StopAction || terminalActions.Contains(action))
        {
            return WorkflowRouteTarget.End;
        }

        if (fallback is { } step)
        {
            return WorkflowRouteTarget.ToStep(step);
        }

        return routes.Count == 0 && action == DefaultAction ? WorkflowRouteTarget.End : null;
    }
}

using System.Collections.Generic;
using System.Linq;
using Floxide.Generators.Models;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Workflows;

/// <summary>Everything the emitter needs for one valid <c>[Workflow]</c> class; plain values only.</summary>
/// <param name="Hierarchy">Where the partial declaration goes.</param>
/// <param name="Id">The workflow's id (from the attribute, else the class name).</param>
/// <param name="ContextType">The context type, fully qualified.</param>
/// <param name="MaxSteps">The step limit, or 0 for none.</param>
/// <param name="Steps">The steps; index 0 is the start step.</param>
/// <param name="TerminalActions">Action names that end the run from any step without a route for them.</param>
/// <param name="RunAccessibility">The accessibility of <c>RunAsync</c>: public unless the context type is less accessible, and then <c>IWorkflow</c> is also implemented explicitly.</param>
/// <param name="ConstructorAccessibility">The accessibility of the constructor that takes the steps: public unless a step type is less accessible.</param>
internal sealed record WorkflowModel(
    HierarchyInfo Hierarchy,
    string Id,
    string ContextType,
    int MaxSteps,
    EquatableArray<WorkflowStepModel> Steps,
    EquatableArray<string> TerminalActions,
    Accessibility RunAccessibility,
    Accessibility ConstructorAccessibility)
{
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

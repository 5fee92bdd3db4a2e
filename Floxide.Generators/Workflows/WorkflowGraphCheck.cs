using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Helpers;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Workflows;

/// <summary>
/// Checks the shape of a workflow graph whose steps are read: every step reachable from the start
/// (FLX0107), a step limit when there is a cycle (FLX0110), and, as warnings, every action a step can
/// return routed or terminal (FLX0106) and every action routed or terminal one a step can return (FLX0119).
/// </summary>
internal static class WorkflowGraphCheck
{
    private const byte Unvisited = 0;
    private const byte OnPath = 1;
    private const byte Done = 2;

    /// <summary>Checks <paramref name="definition"/>, whose step 0 is the start.</summary>
    public static void Check(WorkflowDefinition definition)
    {
        var steps = definition.Steps;
        var name = definition.Type.Name;
        var (state, cycle) = Explore(steps);
        for (var i = 0; i < steps.Count; i++)
        {
            if (state[i] == Unvisited)
            {
                definition.Report(DiagnosticDescriptors.UnreachableStep, steps[i].FirstMention, steps[i].Type.Name, name, steps[0].Type.Name);
            }
        }

        if (cycle is not null && definition.MaxSteps == 0)
        {
            definition.Report(DiagnosticDescriptors.CycleWithoutStepLimit, definition.Location, name, string.Join(" -> ", cycle.Select(i => steps[i].Type.Name)));
        }

        CheckEveryActionRouted(definition);
        CheckEveryRouteReturnable(definition);
    }

    /// <summary>Depth-first from the start (index 0): each step's visit state (unvisited ones are unreachable), and the first cycle found.</summary>
    private static (byte[] State, List<int>? Cycle) Explore(List<WorkflowStepDefinition> steps)
    {
        var state = new byte[steps.Count];
        var path = new List<int>();
        List<int>? cycle = null;
        var stack = new Stack<(int Node, IEnumerator<int> Next)>();
        state[0] = OnPath;
        path.Add(0);
        stack.Push((0, Successors(steps[0]).GetEnumerator()));
        while (stack.Count > 0)
        {
            var (node, next) = stack.Peek();
            if (next.MoveNext())
            {
                var target = next.Current;
                if (state[target] == OnPath)
                {
                    cycle ??= [.. path.Skip(path.IndexOf(target)), target];
                }
                else if (state[target] == Unvisited)
                {
                    state[target] = OnPath;
                    path.Add(target);
                    stack.Push((target, Successors(steps[target]).GetEnumerator()));
                }
            }
            else
            {
                stack.Pop();
                path.RemoveAt(path.Count - 1);
                state[node] = Done;
            }
        }

        return (state, cycle);
    }

    /// <summary>The steps <paramref name="step"/> can lead to: its routes' targets, then its fallback.</summary>
    private static IEnumerable<int> Successors(WorkflowStepDefinition step)
    {
        foreach (var route in step.Routes)
        {
            if (!route.Target.IsEnd)
            {
                yield return route.Target.Step;
            }
        }

        if (step.Fallback is { } fallback)
        {
            yield return fallback;
        }
    }

    /// <summary>
    /// The actions a valid workflow can end with, as the run-time <c>Workflow</c> ends it: from each step a run can reach
    /// (from the start, along what each step can return), each action it can return that
    /// <see cref="WorkflowModel.Resolve"/> takes to the end (its own route to the end, a terminal action, <c>Stop</c>, the
    /// <c>Default</c> of a step with no routes). An action without a route throws instead, and one with a route goes on.
    /// Null when a step's actions are unknown until run time (a <c>NodeAction</c>, or a nested workflow's own are unknown).
    /// The nested workflows of <paramref name="definition"/> were read with it, their own actions first: a workflow that
    /// contains itself is invalid (FLX0113) and never gets here.
    /// </summary>
    public static List<string>? EndActions(WorkflowDefinition definition)
    {
        var steps = definition.Steps;
        if (steps.Count == 0 || steps.Any(s => s.PossibleActions is null))
        {
            return null;
        }

        // Each reached step's ends, found on the way, in step order after: the outer workflow's diagnostics keep a stable order.
        var reached = new bool[steps.Count];
        var endsOf = new List<string>?[steps.Count];
        var pending = new Stack<int>();
        reached[0] = true;
        pending.Push(0);
        while (pending.Count > 0)
        {
            var index = pending.Pop();
            var step = steps[index];
            foreach (var action in Returnable(step, definition.TerminalActions))
            {
                switch (WorkflowModel.Resolve(step.Routes, step.Fallback, definition.TerminalActions, action))
                {
                    case { IsEnd: true }:
                        (endsOf[index] ??= []).Add(action);
                        break;
                    case { } target when !reached[target.Step]:
                        reached[target.Step] = true;
                        pending.Push(target.Step);
                        break;
                }
            }
        }

        var ends = new List<string>();
        foreach (var action in endsOf.Where(e => e is not null).SelectMany(e => e!))
        {
            if (!ends.Contains(action))
            {
                ends.Add(action);
            }
        }

        return ends;
    }

    /// <summary>
    /// What <paramref name="step"/>, whose actions are known, can return, as far as routing it can tell them apart: its
    /// actions, and for a <c>[Flags]</c> step the combinations a route or <paramref name="terminalActions"/> names, then
    /// one it names nowhere (which can only go to the fallback or be unrouted).
    /// </summary>
    private static IEnumerable<string> Returnable(WorkflowStepDefinition step, List<string> terminalActions)
    {
        foreach (var action in step.PossibleActions!)
        {
            yield return action;
        }

        if (!step.ReturnsFlags)
        {
            yield break;
        }

        var named = step.Routes.Select(r => r.Action).Concat(terminalActions)
            .Where(a => WorkflowAttributes.IsFlagCombinationName(step.ActionEnum!, a)).Distinct().ToList();
        foreach (var combination in named)
        {
            yield return combination;
        }

        if (WorkflowAttributes.FlagCombinationNames(step.ActionEnum!).FirstOrDefault(c => !named.Contains(c)) is { } other)
        {
            yield return other;
        }
    }

    /// <summary>FLX0106: exhaustiveness over what each step can return; the properties tell the code fix what to route.</summary>
    private static void CheckEveryActionRouted(WorkflowDefinition definition)
    {
        foreach (var step in definition.Steps)
        {
            if (step.PossibleActions is null)
            {
                continue;
            }

            foreach (var action in step.PossibleActions)
            {
                if (WorkflowModel.Resolve(step.Routes, step.Fallback, definition.TerminalActions, action) is null)
                {
                    var properties = ImmutableDictionary<string, string?>.Empty
                        .Add(WorkflowReader.StepProperty, SymbolNames.FullyQualified(step.Type))
                        .Add(WorkflowReader.ActionProperty, action)
                        .Add(WorkflowReader.EnumMemberProperty, step.ActionEnum is null ? null : SymbolNames.FullyQualified(step.ActionEnum) + "." + action);
                    definition.Problems.Add(Diagnostic.Create(DiagnosticDescriptors.UnroutedAction, definition.Location, properties, step.Type.Name, definition.Type.Name, action));
                }
            }

            // A [Flags] step can return combined values too ("A, B"): the first one without a route stands for them all (a
            // [Fallback] is what covers them, so a step with one is not asked). No enum member to end on, so no code fix.
            if (step.ReturnsFlags && step.Fallback is null && WorkflowAttributes.FlagCombinationNames(step.ActionEnum!)
                .FirstOrDefault(c => WorkflowModel.Resolve(step.Routes, step.Fallback, definition.TerminalActions, c) is null) is { } combination)
            {
                definition.Report(DiagnosticDescriptors.UnroutedAction, definition.Location, step.Type.Name, definition.Type.Name, combination);
            }
        }
    }

    /// <summary>
    /// FLX0119, the converse of FLX0106: a route or <c>[EndOn]</c> of a step for an action it never returns is never taken,
    /// and a global <c>[EndOn(action)]</c> none of the steps returns ends nothing. Only steps whose actions are known count;
    /// one whose actions are not (a <c>NodeAction</c>) can return anything, and a nested workflow counts as one here
    /// (<see cref="ActionsToCheckRoutesAgainst"/>).
    /// </summary>
    private static void CheckEveryRouteReturnable(WorkflowDefinition definition)
    {
        var name = definition.Type.Name;
        foreach (var step in definition.Steps)
        {
            if (ActionsToCheckRoutesAgainst(step) is not { } possible)
            {
                continue;
            }

            for (var i = 0; i < step.Routes.Count; i++)
            {
                var route = step.Routes[i];
                if (!CanReturn(step, route.Action))
                {
                    var verb = route.Target.IsEnd ? "ends" : "routes";
                    definition.Report(DiagnosticDescriptors.NeverReturnedAction, step.RouteLocations[i], name, $"{verb} '{step.Type.Name}' on", route.Action,
                        $"'{step.Type.Name}' never returns: it returns only {List(possible, step.ReturnsFlags)}");
                }
            }
        }

        if (definition.Steps.Any(s => ActionsToCheckRoutesAgainst(s) is null))
        {
            return;
        }

        var returned = definition.Steps.SelectMany(s => s.PossibleActions!).Distinct().ToList();
        for (var i = 0; i < definition.TerminalActions.Count; i++)
        {
            var action = definition.TerminalActions[i];
            if (!definition.Steps.Any(s => CanReturn(s, action)))
            {
                definition.Report(DiagnosticDescriptors.NeverReturnedAction, definition.TerminalActionLocations[i], name, "ends on", action,
                    $"none of its steps returns: they return only {List(returned, definition.Steps.Any(s => s.ReturnsFlags))}");
            }
        }
    }

    /// <summary>
    /// The actions FLX0119 holds <paramref name="step"/>'s routes to, or null to hold them to none. A nested workflow's
    /// (not one run per item, which returns a batch step's actions) are known to FLX0106, the actions it can end with, but
    /// not to this check, which reported none of its routes before FLX0106 knew them: such a route is never taken, but
    /// warning about it now would break builds that treat warnings as errors.
    /// </summary>
    private static List<string>? ActionsToCheckRoutesAgainst(WorkflowStepDefinition step) =>
        step.IsWorkflow && step.BatchAttribute is null ? null : step.PossibleActions;

    /// <summary>Whether <paramref name="step"/>, whose actions are known, can return <paramref name="action"/>.</summary>
    private static bool CanReturn(WorkflowStepDefinition step, string action) =>
        step.PossibleActions!.Contains(action) || (step.ReturnsFlags && WorkflowAttributes.IsFlagCombinationName(step.ActionEnum!, action));

    /// <summary>'a', 'b' or 'c' (and, for a [Flags] enum, their combinations).</summary>
    private static string List(List<string> actions, bool flags)
    {
        // An enum without members names no action (its values are numbers); indexing the empty list threw.
        if (actions.Count == 0)
        {
            return "unnamed values (its enum has no members)";
        }

        var quoted = actions.Select(a => "'" + a + "'").ToList();
        var list = quoted.Count == 1 ? quoted[0] : string.Join(", ", quoted.Take(quoted.Count - 1)) + " or " + quoted[quoted.Count - 1];
        return flags ? list + ", or a combination of flags named as Enum.ToString names it ('A, B')" : list;
    }
}

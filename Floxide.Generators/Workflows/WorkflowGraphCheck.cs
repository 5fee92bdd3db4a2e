using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Helpers;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Workflows;

/// <summary>
/// Checks the shape of a workflow graph whose steps are read: every step reachable from the start
/// (FLX0107), a step limit when there is a cycle (FLX0110), and, as a warning, every action a step can
/// return routed or terminal (FLX0106).
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
        }
    }
}

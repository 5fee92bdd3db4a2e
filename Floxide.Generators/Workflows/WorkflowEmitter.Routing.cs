using System.Collections.Generic;
using System.Linq;

namespace Floxide.Generators.Workflows;

/// <content>The routing: <c>Next</c>, which maps a step's action to the next state, and <c>StepId</c>.</content>
internal sealed partial class WorkflowEmitter
{
    /// <summary>The state <c>Next</c> returns for the end of the run.</summary>
    private const string EndState = "-1";

    private void WriteNext()
    {
        _writer.Lines($$"""
            /// <summary>
            /// Routes <paramref name="action"/> from step <paramref name="state"/>, as the run-time workflow does: the step's own
            /// route, a terminal action (Stop always is), the step's fallback, then the end for a Default action of a step
            /// with no routes. Returns the next state, or {{EndState}} for the end.
            /// </summary>
            {{_generatedCode}}
            private int Next(int state, {{Action}} action)
            """);
        using (_writer.OpenBlock())
        {
            _writer.Line("switch (state)");
            using (_writer.OpenBlock())
            {
                for (var i = 0; i < _model.Steps.Count; i++)
                {
                    _writer.Line($"case {Number(i)}:");
                    using (_writer.OpenBlock())
                    {
                        WriteNextStep(_model.Steps[i]);
                    }
                }
            }

            _writer.Lines("""

                throw new global::Floxide.UnroutedActionException(this.Id, StepId(state), action);
                """);
        }

        _writer.Line();
    }

    /// <summary>One step of <c>Next</c>: own routes, terminal actions, then the fallback or the default end.</summary>
    private void WriteNextStep(WorkflowStepModel step)
    {
        foreach (var route in step.Routes)
        {
            _writer.Lines($$"""
                if ({{Matches(route.Action)}})
                {
                    return {{State(route.Target)}};
                }
                """);
        }

        var terminal = new[] { WorkflowModel.StopAction }.Concat(_model.TerminalActions.Where(t => t != WorkflowModel.StopAction));
        _writer.Lines($$"""
            if ({{string.Join(" || ", terminal.Select(Matches))}})
            {
                return {{EndState}};
            }

            """);
        if (step.Fallback is { } fallback)
        {
            _writer.Line($"return {Number(fallback)};");
            return;
        }

        if (step.Routes.Count == 0)
        {
            _writer.Lines($$"""
                if (action.IsDefault)
                {
                    return {{EndState}};
                }

                """);
        }

        _writer.Line("break;");
    }

    private void WriteStepId()
    {
        _writer.Lines($$"""
            /// <summary>The id of the step at <paramref name="state"/>, for errors.</summary>
            {{_generatedCode}}
            private static string StepId(int state) => state switch
            """);
        using (_writer.OpenBlock("};"))
        {
            for (var i = 0; i < _model.Steps.Count; i++)
            {
                _writer.Line($"{Number(i)} => {Literal(_model.Steps[i].Id)},");
            }

            _writer.Line("_ => throw new global::System.Diagnostics.UnreachableException(),");
        }
    }

    /// <summary>The condition that <c>action</c> is the one named <paramref name="action"/>; named actions compare with their cached field.</summary>
    private string Matches(string action) => action switch
    {
        WorkflowModel.DefaultAction => "action.IsDefault",
        WorkflowModel.StopAction => $"action == {Action}.Stop",
        _ => "action == " + _actions.First(a => a.Name == action).Field,
    };

    /// <summary>The state number of <paramref name="target"/> in the generated code.</summary>
    private static string State(WorkflowRouteTarget target) => target.IsEnd ? EndState : Number(target.Step);

    /// <summary>One cached <c>NodeAction</c> per named action, so routing compares without allocating; clear of the class's own members.</summary>
    private static List<(string Name, string Field)> ActionFields(WorkflowModel model)
    {
        var names = model.Steps.SelectMany(s => s.Routes.Select(r => r.Action)).Concat(model.TerminalActions)
            .Where(a => a is not WorkflowModel.DefaultAction and not WorkflowModel.StopAction)
            .Distinct()
            .ToList();
        var taken = new HashSet<string>(model.TakenNames);
        return names.Select((name, i) =>
        {
            // The index keeps the fields of different actions apart; a suffix keeps this one apart from the user's.
            var field = "Action" + Number(i) + "_" + Sanitize(name);
            var free = field;
            for (var n = 2; taken.Contains(free); n++)
            {
                free = field + "_" + Number(n);
            }

            return (name, free);
        }).ToList();
    }

    private static string Sanitize(string name) =>
        new(name.Select(c => char.IsLetterOrDigit(c) || c == '_' ? c : '_').ToArray());
}

using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Floxide.Generators.Workflows;

/// <content>The run loops: <c>RunAsync</c>, synchronous until a step is not, and <c>ResumeAsync</c>, which awaits.</content>
internal sealed partial class WorkflowEmitter
{

    private void WriteRun()
    {
        // When every step's route is known at compile time, no action is ever routed at run time.
        var routesAtRunTime = _model.Steps.Any(s => s.Kind is not (WorkflowStepKind.SyncVoid or WorkflowStepKind.SyncBool));
        _writer.Lines($$"""
            /// <summary>Runs the workflow from its start step until an action ends it.</summary>
            /// <param name="context">The state the steps read and write.</param>
            /// <param name="cancellationToken">Passed to every step; checked before each step.</param>
            /// <returns>The action that ended the run; completed already when every step ran synchronously.</returns>
            {{_generatedCode}}
            {{SyntaxFacts.GetText(_model.RunAccessibility)}} {{Result}} RunAsync({{_model.ContextType}} context, {{Token}} cancellationToken)
            """);
        using (_writer.OpenBlock())
        {
            // The one check a run makes when nobody listens; a listened-to run takes the traced loop.
            _writer.Lines($$"""
                if ({{Telemetry}}.IsListenedTo)
                {
                    return this.RunTracedAsync(context, cancellationToken);
                }

                var state = 0;
                """);
            if (_model.MaxSteps > 0)
            {
                _writer.Line("var steps = 0;");
            }

            if (routesAtRunTime)
            {
                _writer.Line($"{Action} action;");
            }

            _writer.Line("while (true)");
            using (_writer.OpenBlock())
            {
                WriteStepPrologue();
                _writer.Line("switch (state)");
                using (_writer.OpenBlock())
                {
                    for (var i = 0; i < _model.Steps.Count; i++)
                    {
                        _writer.Line($"case {Number(i)}:");
                        using (_writer.OpenBlock())
                        {
                            WriteRunStep(i);
                        }
                    }

                    _writer.Lines("""
                        default:
                            throw new global::System.Diagnostics.UnreachableException();
                        """);
                }

                if (routesAtRunTime)
                {
                    _writer.Lines($$"""

                        state = this.Next(state, action);
                        if (state < 0)
                        {
                            return new {{Result}}(action);
                        }
                        """);
                }
            }
        }

        _writer.Line();
        if (_model.RunAccessibility != Accessibility.Public)
        {
            // Only a public method implements an interface member implicitly.
            _writer.Lines($$"""
                /// <inheritdoc/>
                {{_generatedCode}}
                {{Result}} global::Floxide.INode<{{_model.ContextType}}>.RunAsync({{_model.ContextType}} context, {{Token}} cancellationToken) => this.RunAsync(context, cancellationToken);

                """);
        }
    }

    /// <summary>One step of <c>RunAsync</c>: called directly when synchronous, jumping where a route is known at compile time.</summary>
    private void WriteRunStep(int state)
    {
        var step = _model.Steps[state];
        var call = Call(step, _names[state].Field);
        var id = Literal(step.Id);
        switch (step.Kind)
        {
            case WorkflowStepKind.SyncVoid:
                _writer.Lines($$"""
                    try
                    {
                        {{call}};
                    }
                    {{Catch(id)}}

                    """);
                WriteKnownRoute(step, WorkflowModel.DefaultAction, $"{Action}.Default");
                break;
            case WorkflowStepKind.SyncBool:
                _writer.Lines($$"""
                    bool proceed;
                    try
                    {
                        proceed = {{call}};
                    }
                    {{Catch(id)}}

                    if (proceed)
                    """);
                using (_writer.OpenBlock())
                {
                    WriteKnownRoute(step, WorkflowModel.DefaultAction, $"{Action}.Default");
                }

                WriteKnownRoute(step, WorkflowModel.StopAction, $"{Action}.Stop");
                break;
            case WorkflowStepKind.SyncAction:
            case WorkflowStepKind.SyncEnum:
                _writer.Lines($$"""
                    try
                    {
                        action = {{(step.Kind == WorkflowStepKind.SyncEnum ? $"{Action}.From({call})" : call)}};
                    }
                    {{Catch(id)}}

                    break;
                    """);
                break;
            default:
                _writer.Lines($$"""
                    {{Result}} pending;
                    try
                    {
                        pending = {{call}};
                    }
                    {{Catch(id)}}

                    if (!pending.IsCompletedSuccessfully)
                    {
                        return this.ResumeAsync(context, {{Number(state)}}, {{(_model.MaxSteps > 0 ? "steps" : "0")}}, pending, cancellationToken);
                    }

                    action = pending.Result;
                    break;
                    """);
                break;
        }
    }

    /// <summary>
    /// The <c>switch (state)</c> that runs the current step and sets <c>action</c>: shared by the resumed run and
    /// the traced run, which differ only in what surrounds it.
    /// </summary>
    private void WriteStepSwitch()
    {
        _writer.Line("switch (state)");
        using (_writer.OpenBlock())
        {
            for (var i = 0; i < _model.Steps.Count; i++)
            {
                WriteResumeStep(i);
            }

            _writer.Lines("""
                default:
                    throw new global::System.Diagnostics.UnreachableException();
                """);
        }
    }

    private void WriteResume()
    {
        _writer.Lines($$"""
            /// <summary>Continues a run, with awaits, from a step that did not complete synchronously.</summary>
            {{_generatedCode}}
            private async {{Result}} ResumeAsync({{_model.ContextType}} context, int state, int steps, {{Result}} pending, {{Token}} cancellationToken)
            """);
        using (_writer.OpenBlock())
        {
            _writer.Lines($$"""
                {{Action}} action;
                try
                {
                    action = await pending.ConfigureAwait(false);
                }
                {{Catch("StepId(state)")}}

                while (true)
                """);
            using (_writer.OpenBlock())
            {
                _writer.Lines("""
                    state = this.Next(state, action);
                    if (state < 0)
                    {
                        return action;
                    }

                    """);
                WriteStepPrologue();
                _writer.Line("try");
                using (_writer.OpenBlock())
                {
                    WriteStepSwitch();
                }

                _writer.Lines(Catch("StepId(state)"));
            }
        }

        _writer.Line();
    }

    /// <summary>One step of <c>ResumeAsync</c>: every action goes through <c>Next</c>.</summary>
    private void WriteResumeStep(int state)
    {
        var step = _model.Steps[state];
        var call = Call(step, _names[state].Field);
        _writer.Line($"case {Number(state)}:");
        if (step.Kind == WorkflowStepKind.SyncVoid)
        {
            _writer.Line($"    {call};");
        }

        _writer.Line("    " + (step.Kind switch
        {
            WorkflowStepKind.SyncVoid => $"action = {Action}.Default;",
            WorkflowStepKind.SyncBool => $"action = {call} ? {Action}.Default : {Action}.Stop;",
            WorkflowStepKind.SyncEnum => $"action = {Action}.From({call});",
            WorkflowStepKind.SyncAction => $"action = {call};",
            _ => $"action = await {call}.ConfigureAwait(false);",
        }));
        _writer.Line("    break;");
    }

    /// <summary>The cancellation check and step count the run-time workflow makes before each step.</summary>
    private void WriteStepPrologue()
    {
        _writer.Line("cancellationToken.ThrowIfCancellationRequested();");
        if (_model.MaxSteps > 0)
        {
            _writer.Lines($$"""
                if (++steps > {{Number(_model.MaxSteps)}})
                {
                    throw new global::Floxide.StepLimitExceededException(this.Id, {{Number(_model.MaxSteps)}}, StepId(state));
                }

                """);
        }
    }

    /// <summary>Writes where an action known at compile time leads: a jump, the end, or the unrouted error.</summary>
    private void WriteKnownRoute(WorkflowStepModel step, string action, string actionExpression)
    {
        switch (WorkflowModel.Resolve(step.Routes, step.Fallback, _model.TerminalActions, action))
        {
            case null:
                _writer.Line($"throw new global::Floxide.UnroutedActionException(this.Id, {Literal(step.Id)}, {actionExpression});");
                break;
            case { IsEnd: true }:
                _writer.Line($"return new {Result}({actionExpression});");
                break;
            case { } target:
                _writer.Lines($"""
                    state = {State(target)};
                    continue;
                    """);
                break;
        }
    }

    /// <summary>The clause that wraps a step's failure, naming the step by <paramref name="idExpression"/>.</summary>
    private static string Catch(string idExpression) => $$"""
        {{FailureFilter(idExpression)}}
        {
            throw new global::Floxide.NodeFailedException({{idExpression}}, ex);
        }
        """;

    /// <summary>
    /// The catch of a step's failure: not a cancellation, which goes on unwrapped (the runtime remembers the step, so an
    /// item its own timeout stopped names it), nor a FloxideException, which names its node.
    /// </summary>
    private static string FailureFilter(string idExpression) =>
        $"catch (global::System.Exception ex) when (global::Floxide.GeneratedWorkflowTelemetry.IsStepFailure(ex, {idExpression}))";

    /// <summary>How the executor calls a step: its process method when synchronous, else its <c>RunAsync</c>.</summary>
    private static string Call(WorkflowStepModel step, string field) =>
        step.Kind == WorkflowStepKind.Awaitable
            ? $"this.{field}.RunAsync(context, cancellationToken)"
            : $"this.{field}.{step.MethodName}(context{(step.TakesCancellationToken ? ", cancellationToken" : "")})";
}

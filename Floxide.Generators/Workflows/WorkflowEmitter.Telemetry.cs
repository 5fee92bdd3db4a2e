using System.Linq;

namespace Floxide.Generators.Workflows;

/// <content>
/// The traced run: <c>RunAsync</c> checks once whether anyone listens to Floxide's spans and, if so, runs
/// <c>RunTracedAsync</c>, which emits the run-time workflow's spans through the runtime's helper.
/// </content>
internal sealed partial class WorkflowEmitter
{
    private const string Telemetry = "global::Floxide.GeneratedWorkflowTelemetry";

    /// <summary>
    /// Writes <c>RunTracedAsync</c>: a <c>workflow {id}</c> span with a <c>step {id}</c> span per step, each marked Error
    /// with what it threw (cancellation is not a failure), exactly as <c>Workflow&lt;TContext&gt;</c> records them.
    /// </summary>
    private void WriteRunTraced()
    {
        // A workflow of synchronous steps only has nothing to await: its traced run completes synchronously too.
        var awaits = _model.Steps.Any(s => s.Kind == WorkflowStepKind.Awaitable);
        _writer.Lines($$"""
            /// <summary>Runs the workflow with its spans, for a run that a listener subscribed to Floxide's spans sees.</summary>
            {{_generatedCode}}
            private {{(awaits ? "async " : "")}}{{Result}} RunTracedAsync({{_model.ContextType}} context, {{Token}} cancellationToken)
            """);
        using (_writer.OpenBlock())
        {
            _writer.Lines($$"""
                using var activity = {{Telemetry}}.StartWorkflow({{Literal("workflow " + _model.Id)}}, this.Id);
                try
                """);
            using (_writer.OpenBlock())
            {
                _writer.Line("var state = 0;");
                if (_model.MaxSteps > 0)
                {
                    _writer.Line("var steps = 0;");
                }

                _writer.Lines($$"""
                    {{Action}} action;
                    while (true)
                    """);
                using (_writer.OpenBlock())
                {
                    WriteStepPrologue();
                    _writer.Line($"using (var step = activity is null ? null : {Telemetry}.StartStep(StepSpanName(state), this.Id, StepId(state)))");
                    using (_writer.OpenBlock())
                    {
                        _writer.Line("try");
                        using (_writer.OpenBlock())
                        {
                            WriteStepSwitch();

                            _writer.Line();
                            _writer.Line($"{Telemetry}.StepEnded(step, action);");
                        }

                        _writer.Lines($$"""
                            {{FailureFilter("StepId(state)")}}
                            {
                                {{Telemetry}}.Failed(step, ex);
                                throw new global::Floxide.NodeFailedException(StepId(state), ex);
                            }
                            catch (global::Floxide.FloxideException ex) when (step is not null)
                            {
                                {{Telemetry}}.Failed(step, ex);
                                throw;
                            }
                            """);
                    }

                    _writer.Lines($$"""

                        state = this.Next(state, action);
                        if (state < 0)
                        {
                            return {{(awaits ? "action" : $"new {Result}(action)")}};
                        }
                        """);
                }
            }

            _writer.Lines($$"""
                catch (global::System.Exception ex) when (activity is not null && ex is not global::System.OperationCanceledException)
                {
                    {{Telemetry}}.Failed(activity, ex);
                    throw;
                }
                """);
        }

        _writer.Line();
    }

    /// <summary>Writes <c>StepSpanName</c>: each step's span name, a constant, so a traced step builds no string.</summary>
    private void WriteStepSpanName()
    {
        _writer.Lines($$"""

            /// <summary>The name of the span of the step at <paramref name="state"/>.</summary>
            {{_generatedCode}}
            private static string StepSpanName(int state) => state switch
            """);
        using (_writer.OpenBlock("};"))
        {
            for (var i = 0; i < _model.Steps.Count; i++)
            {
                _writer.Line($"{Number(i)} => {Literal("step " + _model.Steps[i].Id)},");
            }

            _writer.Line("_ => throw new global::System.Diagnostics.UnreachableException(),");
        }
    }
}

using System.Collections.Generic;
using System.Linq;
using Floxide.Generators.Helpers;
using Microsoft.CodeAnalysis.CSharp;

namespace Floxide.Generators.Workflows;

/// <summary>
/// Writes the executor of one <see cref="WorkflowModel"/>: fields and constructors for the steps, a
/// <c>RunAsync</c> whose loop is a <c>switch</c> over the step states, a <c>Next</c> that routes an
/// action exactly as the run-time <c>Workflow</c> does, and the <c>Mermaid</c>/<c>Dot</c> constants.
/// </summary>
/// <remarks>
/// Synchronous steps are called directly (their process method, not the adapter), and routes known
/// at compile time (a void step's Default, a bool step's Default/Stop) become plain jumps, so a run of
/// synchronous steps neither allocates nor awaits. The first step that does not complete
/// synchronously hands over to <c>ResumeAsync</c>, the same loop with awaits.
/// </remarks>
internal static class WorkflowEmitter
{
    private const string Action = "global::Floxide.NodeAction";
    private const string Result = "global::System.Threading.Tasks.ValueTask<global::Floxide.NodeAction>";
    private const string Token = "global::System.Threading.CancellationToken";
    private const string FailureFilter = "catch (global::System.Exception ex) when (ex is not global::System.OperationCanceledException and not global::Floxide.FloxideException)";

    /// <summary>Writes the generated file's text.</summary>
    public static string Emit(WorkflowModel model)
    {
        var generatedCode = GeneratorInfo.GeneratedCodeAttribute;
        var names = Names(model);
        var actions = ActionFields(model);
        var iface = $"global::Floxide.IWorkflow<{model.ContextType}>";
        return GeneratedFile.Write(model.Hierarchy, " : " + iface, writer =>
        {
            writer.Line("/// <summary>The graph as a Mermaid flowchart.</summary>");
            writer.Line(generatedCode);
            writer.Line("public const string Mermaid = " + SymbolDisplay.FormatLiteral(WorkflowGraphWriter.Mermaid(model), quote: true) + ";");
            writer.Line();
            writer.Line("/// <summary>The graph in Graphviz DOT.</summary>");
            writer.Line(generatedCode);
            writer.Line("public const string Dot = " + SymbolDisplay.FormatLiteral(WorkflowGraphWriter.Dot(model), quote: true) + ";");
            writer.Line();
            foreach (var (name, field) in actions)
            {
                writer.Line(generatedCode);
                writer.Line($"private static readonly {Action} {field} = new {Action}({SymbolDisplay.FormatLiteral(name, quote: true)});");
                writer.Line();
            }

            for (var i = 0; i < model.Steps.Count; i++)
            {
                var step = model.Steps[i];
                writer.Line(generatedCode);
                var holdsNode = step.IsBatch || step.RunsThroughInterface;
                writer.Line($"private readonly {(holdsNode ? $"global::Floxide.INode<{model.ContextType}>" : step.TypeName)} {names[i].Field};");
                writer.Line();
            }

            WriteConstructors(writer, model, names, generatedCode);

            writer.Line("/// <summary>Gets the workflow's id; errors name it, and so do enclosing workflows.</summary>");
            writer.Line(generatedCode);
            writer.Line($"public string Id => {SymbolDisplay.FormatLiteral(model.Id, quote: true)};");
            writer.Line();
            writer.Line("/// <summary>Gets the step limit, or null when the graph has no cycle and needs none.</summary>");
            writer.Line(generatedCode);
            writer.Line($"public int? MaxSteps => {(model.MaxSteps > 0 ? model.MaxSteps.ToString(System.Globalization.CultureInfo.InvariantCulture) : "null")};");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line(generatedCode);
            writer.Line($"string {iface}.Mermaid => Mermaid;");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line(generatedCode);
            writer.Line($"string {iface}.Dot => Dot;");
            writer.Line();

            WriteRun(writer, model, names, generatedCode);
            WriteResume(writer, model, names, generatedCode);
            WriteNext(writer, model, actions, generatedCode);
            WriteStepId(writer, model, generatedCode);
        });
    }

    private static void WriteConstructors(SourceWriter writer, WorkflowModel model, (string Field, string Parameter)[] names, string generatedCode)
    {
        // A workflow named with a keyword (@switch) declares its constructors as @switch(...).
        var typeName = SymbolNames.Identifier(model.Hierarchy.SimpleName);
        var parameters = string.Join(", ", model.Steps.Select((s, i) => s.TypeName + " " + names[i].Parameter));
        if (model.Steps.All(s => s.HasParameterlessConstructor))
        {
            writer.Line("/// <summary>Creates the workflow with a new instance of every step.</summary>");
            writer.Line(generatedCode);
            writer.Line($"public {typeName}()");
            writer.Line($"    : this({string.Join(", ", model.Steps.Select(s => "new " + s.TypeName + "()"))})");
            using (writer.OpenBlock())
            {
            }

            writer.Line();
        }

        writer.Line("/// <summary>Creates the workflow from the instances of its steps (one per step type; nested workflows and batch items included).</summary>");
        for (var i = 0; i < model.Steps.Count; i++)
        {
            var step = model.Steps[i];
            writer.Line($"/// <param name=\"{names[i].Parameter.TrimStart('@')}\">The <c>{step.Id}</c> step{(step.IsBatch ? ", run once per item" : "")}.</param>");
        }

        writer.Line(generatedCode);
        writer.Line($"{model.ConstructorAccessibility} {typeName}({parameters})");
        using (writer.OpenBlock())
        {
            for (var i = 0; i < model.Steps.Count; i++)
            {
                var step = model.Steps[i];
                var (field, parameter) = names[i];
                writer.Line($"global::System.ArgumentNullException.ThrowIfNull({parameter});");
                writer.Line(step.Batch is { } batch
                    ? $"this.{field} = {model.ContextType}.CreateBatchNode({parameter}, {BatchOptions(model, batch)}id: {SymbolDisplay.FormatLiteral(step.Id, quote: true)});"
                    : $"this.{field} = {parameter};");
            }
        }

        writer.Line();
    }

    /// <summary>The <c>options:</c> argument of a batch step that sets its own limit, error mode or failure action: the context's defaults with those replaced.</summary>
    private static string BatchOptions(WorkflowModel model, WorkflowBatchStepModel batch)
    {
        var changes = new List<string>();
        if (batch.MaxDegreeOfParallelism is { } limit)
        {
            changes.Add("MaxDegreeOfParallelism = " + limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (batch.ErrorMode is { } errorMode)
        {
            changes.Add("ErrorMode = global::Floxide.BatchErrorMode." + errorMode);
        }

        if (batch.FailureAction is { } failureAction)
        {
            changes.Add($"FailureAction = new {Action}({SymbolDisplay.FormatLiteral(failureAction, quote: true)})");
        }

        return changes.Count == 0 ? "" : $"options: {model.ContextType}.DefaultBatchOptions with {{ {string.Join(", ", changes)} }}, ";
    }

    private static void WriteRun(SourceWriter writer, WorkflowModel model, (string Field, string Parameter)[] names, string generatedCode)
    {
        writer.Line("/// <summary>Runs the workflow from its start step until an action ends it.</summary>");
        writer.Line("/// <param name=\"context\">The state the steps read and write.</param>");
        writer.Line("/// <param name=\"cancellationToken\">Passed to every step; checked before each step.</param>");
        writer.Line("/// <returns>The action that ended the run; completed already when every step ran synchronously.</returns>");
        writer.Line(generatedCode);
        writer.Line($"{model.RunAccessibility} {Result} RunAsync({model.ContextType} context, {Token} cancellationToken)");
        using (writer.OpenBlock())
        {
            writer.Line("var state = 0;");
            if (model.MaxSteps > 0)
            {
                writer.Line("var steps = 0;");
            }

            // When every step's route is known at compile time, no action is ever routed at run time.
            var routesAtRunTime = model.Steps.Any(s => s.Kind is not (WorkflowStepKind.SyncVoid or WorkflowStepKind.SyncBool));
            if (routesAtRunTime)
            {
                writer.Line($"{Action} action;");
            }

            writer.Line("while (true)");
            using (writer.OpenBlock())
            {
                WriteStepPrologue(writer, model);
                writer.Line("switch (state)");
                using (writer.OpenBlock())
                {
                    for (var i = 0; i < model.Steps.Count; i++)
                    {
                        var step = model.Steps[i];
                        var field = names[i].Field;
                        var id = SymbolDisplay.FormatLiteral(step.Id, quote: true);
                        writer.Line($"case {i}:");
                        using (writer.OpenBlock())
                        {
                            switch (step.Kind)
                            {
                                case WorkflowStepKind.SyncVoid:
                                    writer.Line("try");
                                    using (writer.OpenBlock())
                                    {
                                        writer.Line(Call(step, field) + ";");
                                    }

                                    WriteCatch(writer, id);
                                    WriteKnownRoute(writer, model, step, WorkflowModel.DefaultAction, $"{Action}.Default");
                                    break;
                                case WorkflowStepKind.SyncBool:
                                    writer.Line("bool proceed;");
                                    writer.Line("try");
                                    using (writer.OpenBlock())
                                    {
                                        writer.Line($"proceed = {Call(step, field)};");
                                    }

                                    WriteCatch(writer, id);
                                    writer.Line("if (proceed)");
                                    using (writer.OpenBlock())
                                    {
                                        WriteKnownRoute(writer, model, step, WorkflowModel.DefaultAction, $"{Action}.Default");
                                    }


                                    WriteKnownRoute(writer, model, step, WorkflowModel.StopAction, $"{Action}.Stop");
                                    break;
                                case WorkflowStepKind.SyncAction:
                                case WorkflowStepKind.SyncEnum:
                                    writer.Line("try");
                                    using (writer.OpenBlock())
                                    {
                                        writer.Line(step.Kind == WorkflowStepKind.SyncEnum
                                            ? $"action = {Action}.From({Call(step, field)});"
                                            : $"action = {Call(step, field)};");
                                    }

                                    WriteCatch(writer, id);
                                    writer.Line("break;");
                                    break;
                                default:
                                    writer.Line($"{Result} pending;");
                                    writer.Line("try");
                                    using (writer.OpenBlock())
                                    {
                                        writer.Line($"pending = this.{field}.RunAsync(context, cancellationToken);");
                                    }

                                    WriteCatch(writer, id);
                                    writer.Line("if (!pending.IsCompletedSuccessfully)");
                                    using (writer.OpenBlock())
                                    {
                                        writer.Line($"return this.ResumeAsync(context, {i}, {(model.MaxSteps > 0 ? "steps" : "0")}, pending, cancellationToken);");
                                    }

                                    writer.Line();
                                    writer.Line("action = pending.Result;");
                                    writer.Line("break;");
                                    break;
                            }
                        }
                    }

                    writer.Line("default:");
                    writer.Line("    throw new global::System.Diagnostics.UnreachableException();");
                }

                if (routesAtRunTime)
                {
                    writer.Line();
                    writer.Line("state = this.Next(state, action);");
                    writer.Line("if (state < 0)");
                    using (writer.OpenBlock())
                    {
                        writer.Line($"return new {Result}(action);");
                    }
                }
            }
        }

        writer.Line();
        if (model.RunAccessibility != "public")
        {
            // Only a public method implements an interface member implicitly.
            writer.Line("/// <inheritdoc/>");
            writer.Line(generatedCode);
            writer.Line($"{Result} global::Floxide.INode<{model.ContextType}>.RunAsync({model.ContextType} context, {Token} cancellationToken) => this.RunAsync(context, cancellationToken);");
            writer.Line();
        }
    }

    private static void WriteResume(SourceWriter writer, WorkflowModel model, (string Field, string Parameter)[] names, string generatedCode)
    {
        writer.Line("/// <summary>Continues a run, with awaits, from a step that did not complete synchronously.</summary>");
        writer.Line(generatedCode);
        writer.Line($"private async {Result} ResumeAsync({model.ContextType} context, int state, int steps, {Result} pending, {Token} cancellationToken)");
        using (writer.OpenBlock())
        {
            writer.Line($"{Action} action;");
            writer.Line("try");
            using (writer.OpenBlock())
            {
                writer.Line("action = await pending.ConfigureAwait(false);");
            }

            WriteCatch(writer, "StepId(state)");
            writer.Line("while (true)");
            using (writer.OpenBlock())
            {
                writer.Line("state = this.Next(state, action);");
                writer.Line("if (state < 0)");
                using (writer.OpenBlock())
                {
                    writer.Line("return action;");
                }

                writer.Line();
                WriteStepPrologue(writer, model);
                writer.Line("try");
                using (writer.OpenBlock())
                {
                    writer.Line("switch (state)");
                    using (writer.OpenBlock())
                    {
                        for (var i = 0; i < model.Steps.Count; i++)
                        {
                            var step = model.Steps[i];
                            var call = Call(step, names[i].Field);
                            writer.Line($"case {i}:");
                            if (step.Kind == WorkflowStepKind.SyncVoid)
                            {
                                writer.Line($"    {call};");
                            }

                            writer.Line("    " + (step.Kind switch
                            {
                                WorkflowStepKind.SyncVoid => $"action = {Action}.Default;",
                                WorkflowStepKind.SyncBool => $"action = {call} ? {Action}.Default : {Action}.Stop;",
                                WorkflowStepKind.SyncEnum => $"action = {Action}.From({call});",
                                WorkflowStepKind.SyncAction => $"action = {call};",
                                _ => $"action = await {call}.ConfigureAwait(false);",
                            }));
                            writer.Line("    break;");
                        }

                        writer.Line("default:");
                        writer.Line("    throw new global::System.Diagnostics.UnreachableException();");
                    }
                }

                WriteCatch(writer, "StepId(state)", blankLineAfter: false);
            }
        }

        writer.Line();
    }

    private static void WriteNext(SourceWriter writer, WorkflowModel model, IReadOnlyList<(string Name, string Field)> actions, string generatedCode)
    {
        writer.Line("/// <summary>");
        writer.Line("/// Routes <paramref name=\"action\"/> from step <paramref name=\"state\"/>, as the run-time workflow does: the step's own");
        writer.Line("/// route, a terminal action (Stop always is), the step's fallback, then the end for a Default action of a step");
        writer.Line("/// with no routes. Returns the next state, or -1 for the end.");
        writer.Line("/// </summary>");
        writer.Line(generatedCode);
        writer.Line($"private int Next(int state, {Action} action)");
        using (writer.OpenBlock())
        {
            writer.Line("switch (state)");
            using (writer.OpenBlock())
            {
                for (var i = 0; i < model.Steps.Count; i++)
                {
                    var step = model.Steps[i];
                    writer.Line($"case {i}:");
                    using (writer.OpenBlock())
                    {
                        foreach (var route in step.Routes)
                        {
                            writer.Line($"if ({Matches(route.Action, actions)})");
                            using (writer.OpenBlock())
                            {
                                writer.Line($"return {State(route.Target)};");
                            }

                        }

                        var terminal = new[] { WorkflowModel.StopAction }.Concat(model.TerminalActions.Where(t => t != WorkflowModel.StopAction));
                        writer.Line($"if ({string.Join(" || ", terminal.Select(t => Matches(t, actions)))})");
                        using (writer.OpenBlock())
                        {
                            writer.Line("return -1;");
                        }

                        writer.Line();
                        if (step.Fallback is { } fallback)
                        {
                            writer.Line($"return {State(WorkflowRouteTarget.ToStep(fallback))};");
                        }
                        else
                        {
                            if (step.Routes.Count == 0)
                            {
                                writer.Line("if (action.IsDefault)");
                                using (writer.OpenBlock())
                                {
                                    writer.Line("return -1;");
                                }

                                writer.Line();
                            }

                            writer.Line("break;");
                        }
                    }
                }
            }

            writer.Line();
            writer.Line("throw new global::Floxide.UnroutedActionException(this.Id, StepId(state), action);");
        }

        writer.Line();
    }

    private static void WriteStepId(SourceWriter writer, WorkflowModel model, string generatedCode)
    {
        writer.Line("/// <summary>The id of the step at <paramref name=\"state\"/>, for errors.</summary>");
        writer.Line(generatedCode);
        writer.Line("private static string StepId(int state) => state switch");
        using (writer.OpenBlock("};"))
        {
            for (var i = 0; i < model.Steps.Count; i++)
            {
                writer.Line($"{i} => {SymbolDisplay.FormatLiteral(model.Steps[i].Id, quote: true)},");
            }

            writer.Line("_ => throw new global::System.Diagnostics.UnreachableException(),");
        }
    }

    /// <summary>The cancellation check and step count the run-time workflow makes before each step.</summary>
    private static void WriteStepPrologue(SourceWriter writer, WorkflowModel model)
    {
        writer.Line("cancellationToken.ThrowIfCancellationRequested();");
        if (model.MaxSteps > 0)
        {
            writer.Line($"if (++steps > {model.MaxSteps})");
            using (writer.OpenBlock())
            {
                writer.Line($"throw new global::Floxide.StepLimitExceededException(this.Id, {model.MaxSteps}, StepId(state));");
            }

            writer.Line();
        }
    }

    /// <summary>Writes where an action known at compile time leads: a jump, the end, or the unrouted error.</summary>
    private static void WriteKnownRoute(SourceWriter writer, WorkflowModel model, WorkflowStepModel step, string action, string actionExpression)
    {
        switch (WorkflowModel.Resolve(step.Routes, step.Fallback, model.TerminalActions, action))
        {
            case null:
                writer.Line($"throw new global::Floxide.UnroutedActionException(this.Id, {SymbolDisplay.FormatLiteral(step.Id, quote: true)}, {actionExpression});");
                break;
            case { IsEnd: true }:
                writer.Line($"return new {Result}({actionExpression});");
                break;
            case { } target:
                writer.Line($"state = {State(target)};");
                writer.Line("continue;");
                break;
        }
    }

    /// <summary>The state number of <paramref name="target"/> in the generated code, where <c>-1</c> is the end.</summary>
    private static string State(WorkflowRouteTarget target) =>
        target.IsEnd ? "-1" : target.Step.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void WriteCatch(SourceWriter writer, string idExpression, bool blankLineAfter = true)
    {
        writer.Line(FailureFilter);
        using (writer.OpenBlock())
        {
            writer.Line($"throw new global::Floxide.NodeFailedException({idExpression}, ex);");
        }

        if (blankLineAfter)
        {
            writer.Line();
        }
    }

    private static string Call(WorkflowStepModel step, string field) =>
        step.Kind == WorkflowStepKind.Awaitable
            ? $"this.{field}.RunAsync(context, cancellationToken)"
            : $"this.{field}.{step.MethodName}(context{(step.TakesCancellationToken ? ", cancellationToken" : "")})";

    private static string Matches(string action, IReadOnlyList<(string Name, string Field)> actions) => action switch
    {
        WorkflowModel.DefaultAction => "action.IsDefault",
        WorkflowModel.StopAction => $"action == {Action}.Stop",
        _ => "action == " + actions.First(a => a.Name == action).Field,
    };

    /// <summary>One cached <c>NodeAction</c> per named action, so routing compares without allocating.</summary>
    private static List<(string Name, string Field)> ActionFields(WorkflowModel model)
    {
        var names = model.Steps.SelectMany(s => s.Routes.Select(r => r.Action)).Concat(model.TerminalActions)
            .Where(a => a is not WorkflowModel.DefaultAction and not WorkflowModel.StopAction)
            .Distinct()
            .ToList();
        return names.Select((name, i) => (name, "Action" + i + "_" + Sanitize(name))).ToList();
    }

    /// <summary>Field and parameter names per step, from the type name, made unique.</summary>
    private static (string Field, string Parameter)[] Names(WorkflowModel model)
    {
        var result = new (string, string)[model.Steps.Count];
        var used = new HashSet<string>();
        for (var i = 0; i < model.Steps.Count; i++)
        {
            var name = model.Steps[i].Name;
            var camel = char.ToLowerInvariant(name[0]) + name.Substring(1);
            var unique = camel;
            for (var n = 2; !used.Add(unique); n++)
            {
                unique = camel + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            result[i] = ("_" + unique + (model.Steps[i].IsBatch ? "Batch" : ""), SymbolNames.Identifier(unique));
        }

        return result;
    }

    private static string Sanitize(string name)
    {
        var chars = name.Select(c => char.IsLetterOrDigit(c) || c == '_' ? c : '_').ToArray();
        return new string(chars);
    }
}

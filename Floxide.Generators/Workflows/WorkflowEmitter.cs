using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Floxide.Generators.BatchContext;
using Floxide.Generators.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Floxide.Generators.Workflows;

/// <summary>
/// Writes the executor of one <see cref="WorkflowModel"/>: fields and constructors for the steps, a
/// <c>RunAsync</c> whose loop is a <c>switch</c> over the step states, a <c>Next</c> that routes an
/// action exactly as the run-time <c>Workflow</c> does, and the <c>Mermaid</c>/<c>Dot</c> constants.
/// </summary>
/// <remarks>
/// <para>
/// Synchronous steps are called directly (their process method, not the adapter), and routes known
/// at compile time (a void step's Default, a bool step's Default/Stop) become plain jumps, so a run of
/// synchronous steps neither allocates nor awaits. The first step that does not complete
/// synchronously hands over to <c>ResumeAsync</c>, the same loop with awaits.
/// </para>
/// <para>
/// Fixed text is written as raw-string blocks, so each method shows the shape of what it writes. This file
/// writes the members around the run; <c>WorkflowEmitter.Run.cs</c> the run loops and
/// <c>WorkflowEmitter.Routing.cs</c> the routing.
/// </para>
/// </remarks>
internal sealed partial class WorkflowEmitter
{
    private const string Action = "global::Floxide.NodeAction";
    private const string Result = "global::System.Threading.Tasks.ValueTask<global::Floxide.NodeAction>";
    private const string Token = "global::System.Threading.CancellationToken";

    private readonly WorkflowModel _model;
    private readonly SourceWriter _writer;
    private readonly string _generatedCode = GeneratorInfo.GeneratedCodeAttribute;
    private readonly string _interface;

    /// <summary>Field and parameter names per step, by state.</summary>
    private readonly (string Field, string Parameter)[] _names;

    /// <summary>The cached <c>NodeAction</c> field per named action.</summary>
    private readonly List<(string Name, string Field)> _actions;

    private WorkflowEmitter(WorkflowModel model, SourceWriter writer, string iface)
    {
        _model = model;
        _writer = writer;
        _interface = iface;
        _names = Names(model);
        _actions = ActionFields(model);
    }

    /// <summary>Writes the generated file's text.</summary>
    public static string Emit(WorkflowModel model)
    {
        var iface = $"global::Floxide.IWorkflow<{model.ContextType}>";
        return GeneratedFile.Write(model.Hierarchy, " : " + iface, writer => new WorkflowEmitter(model, writer, iface).WriteMembers());
    }

    private void WriteMembers()
    {
        WriteGraphConstants();
        WriteFields();
        WriteConstructors();
        WriteProperties();
        WriteRun();
        WriteResume();
        WriteRunTraced();
        WriteNext();
        WriteStepId();
        WriteStepSpanName();
    }

    private void WriteGraphConstants() =>
        _writer.Lines($$"""
            /// <summary>The graph as a Mermaid flowchart.</summary>
            {{_generatedCode}}
            public const string Mermaid = {{Literal(WorkflowGraphWriter.Mermaid(_model))}};

            /// <summary>The graph in Graphviz DOT.</summary>
            {{_generatedCode}}
            public const string Dot = {{Literal(WorkflowGraphWriter.Dot(_model))}};

            """);

    private void WriteFields()
    {
        foreach (var (name, field) in _actions)
        {
            _writer.Lines($$"""
                {{_generatedCode}}
                private static readonly {{Action}} {{field}} = new {{Action}}({{Literal(name)}});

                """);
        }

        for (var i = 0; i < _model.Steps.Count; i++)
        {
            var step = _model.Steps[i];

            // A batch step holds the batch node that runs it; a step whose RunAsync is private, the interface.
            var type = step.IsBatch || step.RunsThroughInterface ? $"global::Floxide.INode<{_model.ContextType}>" : step.TypeName;
            _writer.Lines($$"""
                {{_generatedCode}}
                private readonly {{type}} {{_names[i].Field}};

                """);
        }
    }

    private void WriteConstructors()
    {
        // A workflow named with a keyword (@switch) declares its constructors as @switch(...).
        var typeName = SymbolNames.Identifier(_model.Hierarchy.SimpleName);
        if (_model.Steps.All(s => s.HasParameterlessConstructor))
        {
            _writer.Lines($$"""
                /// <summary>Creates the workflow with a new instance of every step.</summary>
                {{_generatedCode}}
                public {{typeName}}()
                    : this({{string.Join(", ", _model.Steps.Select(s => "new " + s.TypeName + "()"))}})
                {
                }

                """);
        }

        _writer.Line("/// <summary>Creates the workflow from the instances of its steps (one per step type; nested workflows and batch items included).</summary>");
        for (var i = 0; i < _model.Steps.Count; i++)
        {
            // The id is the user's text: escaped, or '&' or a line break in it would break the comment (CS1570, CS1002).
            var step = _model.Steps[i];
            _writer.Line($"/// <param name=\"{_names[i].Parameter.TrimStart('@')}\">The <c>{XmlDocText.Escape(step.Id)}</c> step{(step.IsBatch ? ", run once per item" : "")}.</param>");
        }

        var loggerFactory = LoggerFactoryParameter();
        if (loggerFactory is not null)
        {
            _writer.Line($"/// <param name=\"{loggerFactory}\">Where the batch steps log (their context's <c>DefaultBatchOptions</c> with it as <c>LoggerFactory</c>); null logs nothing.</param>");
        }

        var parameters = string.Join(", ", _model.Steps.Select((s, i) => s.TypeName + " " + _names[i].Parameter));
        if (loggerFactory is not null)
        {
            parameters += $", global::Microsoft.Extensions.Logging.ILoggerFactory? {loggerFactory} = null";
        }

        _writer.Lines($"""
            {_generatedCode}
            {SyntaxFacts.GetText(_model.ConstructorAccessibility)} {typeName}({parameters})
            """);
        using (_writer.OpenBlock())
        {
            for (var i = 0; i < _model.Steps.Count; i++)
            {
                var step = _model.Steps[i];
                var (field, parameter) = _names[i];
                var value = step.Batch is { } batch
                    ? $"{_model.ContextType}.CreateBatchNode({parameter}, {BatchOptions(batch, loggerFactory!)}id: {Literal(step.Id)})"
                    : parameter;
                _writer.Lines($"""
                    global::System.ArgumentNullException.ThrowIfNull({parameter});
                    this.{field} = {value};
                    """);
            }
        }

        _writer.Line();
    }

    /// <summary>
    /// The name of the constructor's logger factory parameter, which a workflow with batch steps takes (distinct from
    /// the steps' parameters); null for a workflow without batch steps.
    /// </summary>
    private string? LoggerFactoryParameter()
    {
        if (!_model.Steps.Any(s => s.IsBatch))
        {
            return null;
        }

        var name = "loggerFactory";
        for (var n = 2; _names.Any(names => names.Parameter == name); n++)
        {
            name = "loggerFactory" + Number(n);
        }

        return name;
    }

    /// <summary>
    /// The <c>options:</c> argument of a batch step: the context's defaults with the workflow's logger factory and
    /// the step's own limit, error mode, grace period or failure action.
    /// </summary>
    private string BatchOptions(WorkflowBatchStepModel batch, string loggerFactory)
    {
        var changes = new List<string>();
        if (batch.MaxDegreeOfParallelism is { } limit)
        {
            changes.Add("MaxDegreeOfParallelism = " + Number(limit));
        }

        if (batch.ErrorMode is { } errorMode)
        {
            changes.Add("ErrorMode = global::Floxide.BatchErrorMode." + errorMode);
        }

        if (batch.CancellationGracePeriodMs is { } grace)
        {
            changes.Add("CancellationGracePeriod = " + GracePeriod.Expression(grace));
        }

        if (batch.FailureAction is { } failureAction)
        {
            changes.Add($"FailureAction = new {Action}({Literal(failureAction)})");
        }

        changes.Add("LoggerFactory = " + loggerFactory);
        return $"options: {_model.ContextType}.DefaultBatchOptions with {{ {string.Join(", ", changes)} }}, ";
    }

    private void WriteProperties() =>
        _writer.Lines($$"""
            /// <summary>Gets the workflow's id; errors name it, and so do enclosing workflows.</summary>
            {{_generatedCode}}
            public string Id => {{Literal(_model.Id)}};

            /// <summary>Gets the step limit, or null when the graph has no cycle and needs none.</summary>
            {{_generatedCode}}
            public int? MaxSteps => {{(_model.MaxSteps > 0 ? Number(_model.MaxSteps) : "null")}};

            /// <inheritdoc/>
            {{_generatedCode}}
            string {{_interface}}.Mermaid => Mermaid;

            /// <inheritdoc/>
            {{_generatedCode}}
            string {{_interface}}.Dot => Dot;

            """);

    /// <summary>Field and parameter names per step, from the type name, made unique and clear of the class's own members.</summary>
    /// <remarks>
    /// A batch step's field takes a suffix its parameter does not, so the fields are kept unique by their own names: a
    /// batch step <c>Step</c> and a step <c>StepBatch</c> would otherwise both get <c>_stepBatch</c> (CS0102).
    /// </remarks>
    private static (string Field, string Parameter)[] Names(WorkflowModel model)
    {
        var result = new (string, string)[model.Steps.Count];
        var used = new HashSet<string>();
        var fields = new HashSet<string>(model.TakenNames);
        for (var i = 0; i < model.Steps.Count; i++)
        {
            var name = model.Steps[i].Name;
            var camel = char.ToLowerInvariant(name[0]) + name.Substring(1);
            var suffix = model.Steps[i].IsBatch ? "Batch" : "";
            var unique = camel;
            for (var n = 2; !used.Add(unique) || !fields.Add("_" + unique + suffix); n++)
            {
                unique = camel + Number(n);
            }

            result[i] = ("_" + unique + suffix, SymbolNames.Identifier(unique));
        }

        return result;
    }

    private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

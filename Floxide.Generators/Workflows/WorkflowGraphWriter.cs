using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Floxide.Generators.Workflows;

/// <summary>
/// Draws a <see cref="WorkflowModel"/> as a Mermaid flowchart and as Graphviz DOT: one box per step
/// (nested workflows and batch steps as subroutines), labelled edges per action, dashed fallbacks,
/// and an end node for routes that end the run. Output is deterministic (declaration order, <c>\n</c>).
/// </summary>
internal static class WorkflowGraphWriter
{
    /// <summary>The Mermaid flowchart.</summary>
    public static string Mermaid(WorkflowModel model)
    {
        var text = new StringBuilder();
        text.Append("flowchart TD\n");
        text.Append("    start((start)) --> s0\n");
        for (var i = 0; i < model.Steps.Count; i++)
        {
            var step = model.Steps[i];
            var label = MermaidText(step.IsBatch ? step.Id + " (per item: " + step.Name + ")" : step.Id);
            text.Append("    s").Append(i).Append((step.IsBatch || step.IsWorkflow) ? "[[\"" : "[\"").Append(label)
                .Append((step.IsBatch || step.IsWorkflow) ? "\"]]" : "\"]").Append('\n');
        }

        var usesEnd = false;
        foreach (var (from, action, to, fallback) in Edges(model))
        {
            usesEnd |= to.IsEnd;
            text.Append("    s").Append(from)
                .Append(fallback ? " -.->" : " -->")
                .Append(action is null ? "" : "|\"" + MermaidText(action) + "\"|")
                .Append(' ')
                .Append(Node(to))
                .Append('\n');
        }

        if (usesEnd)
        {
            text.Append("    finish((end))\n");
        }

        if (model.TerminalActions.Count > 0)
        {
            // Escaped as labels are: a line break in an action would end the comment, and its rest would be read as the graph.
            text.Append("    %% every step also ends on: ").Append(string.Join(", ", model.TerminalActions.Select(MermaidText))).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The Graphviz DOT digraph.</summary>
    public static string Dot(WorkflowModel model)
    {
        var text = new StringBuilder();
        text.Append("digraph \"").Append(DotText(model.Id)).Append("\" {\n");
        text.Append("    start [shape=circle, label=\"start\"];\n");
        for (var i = 0; i < model.Steps.Count; i++)
        {
            var step = model.Steps[i];
            var label = step.IsBatch ? step.Id + " (per item: " + step.Name + ")" : step.Id;
            var shape = (step.IsBatch || step.IsWorkflow) ? "box3d" : "box";
            text.Append("    s").Append(i).Append(" [shape=").Append(shape).Append(", label=\"").Append(DotText(label)).Append("\"];\n");
        }

        text.Append("    start -> s0;\n");
        var usesEnd = false;
        foreach (var (from, action, to, fallback) in Edges(model))
        {
            usesEnd |= to.IsEnd;
            text.Append("    s").Append(from).Append(" -> ").Append(Node(to));
            var attributes = new List<string>();
            if (action is not null)
            {
                attributes.Add("label=\"" + DotText(action) + "\"");
            }

            if (fallback)
            {
                attributes.Add("style=dashed");
            }

            text.Append(attributes.Count > 0 ? " [" + string.Join(", ", attributes) + "]" : "").Append(";\n");
        }

        if (usesEnd)
        {
            text.Append("    finish [shape=doublecircle, label=\"end\"];\n");
        }

        if (model.TerminalActions.Count > 0)
        {
            // As in the Mermaid chart; a line break in an action is written as DOT's escape, so it cannot end the comment.
            text.Append("    // every step also ends on: ")
                .Append(string.Join(", ", model.TerminalActions.Select(a => DotText(a).Replace("\r", "\\r").Replace("\n", "\\n"))))
                .Append('\n');
        }

        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>Every edge: own routes (default unlabelled), fallbacks, and the implicit end of a step with no routes.</summary>
    private static IEnumerable<(int From, string? Action, WorkflowRouteTarget To, bool Fallback)> Edges(WorkflowModel model)
    {
        for (var i = 0; i < model.Steps.Count; i++)
        {
            var step = model.Steps[i];
            foreach (var route in step.Routes)
            {
                yield return (i, route.Action == WorkflowModel.DefaultAction ? null : route.Action, route.Target, false);
            }

            if (step.Fallback is { } fallback)
            {
                yield return (i, "otherwise", WorkflowRouteTarget.ToStep(fallback), true);
            }
            else if (step.Routes.Count == 0 && !model.TerminalActions.Contains(WorkflowModel.DefaultAction))
            {
                yield return (i, null, WorkflowRouteTarget.End, false);
            }
        }
    }

    /// <summary>The graph node a route leads to: a step's box, or the end.</summary>
    private static string Node(WorkflowRouteTarget target) => target.IsEnd ? "finish" : "s" + target.Step.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Text for a quoted label (or the comment): <c>#</c>, quotes and line breaks as Mermaid's entity codes. A raw line
    /// break would let the line after it be read on its own (Mermaid drops a line that starts with <c>%%</c> before it
    /// parses), and <c>#</c> first, so an id that reads like an entity code shows as written.
    /// </summary>
    private static string MermaidText(string text) => text
        .Replace("#", "#35;")
        .Replace("\"", "#quot;")
        .Replace("\r", "#13;")
        .Replace("\n", "#10;")
        .Replace("\u2028", "#8232;")
        .Replace("\u2029", "#8233;");

    private static string DotText(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"");
}

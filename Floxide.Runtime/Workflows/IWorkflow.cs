namespace Floxide;

/// <summary>
/// A workflow generated from a <c>[Workflow]</c> class: a node that runs its graph, and describes it.
/// </summary>
/// <typeparam name="TContext">The context every step runs on.</typeparam>
public interface IWorkflow<in TContext> : INode<TContext>
{
    /// <summary>Gets the step limit, or null when the graph has no cycle and needs none.</summary>
    int? MaxSteps { get; }

    /// <summary>Gets the graph as a Mermaid flowchart.</summary>
    string Mermaid { get; }

    /// <summary>Gets the graph in Graphviz DOT.</summary>
    string Dot { get; }
}

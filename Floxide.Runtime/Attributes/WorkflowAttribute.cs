namespace Floxide;

/// <summary>
/// Marks a partial class as a workflow declared at build time: the Floxide generator turns the
/// graph given by <see cref="StartAttribute"/>, <see cref="RouteAttribute"/>, <see cref="FallbackAttribute"/>,
/// <see cref="EndOnAttribute"/> and <see cref="BatchStepAttribute"/> into an <see cref="IWorkflow{TContext}"/>
/// that dispatches with a <c>switch</c>, plus <c>Mermaid</c> and <c>Dot</c> pictures of the graph.
/// </summary>
/// <remarks>
/// Steps are types: <c>[Node]</c> classes and other <c>[Workflow]</c> classes on the same context.
/// Routing follows <see cref="Workflow{TContext}"/> exactly. The generated class gets a constructor
/// taking one instance per step type (in order of first mention), and a parameterless one when every
/// step type has an accessible parameterless constructor.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class WorkflowAttribute : Attribute
{
    /// <summary>Declares a workflow over <paramref name="contextType"/>.</summary>
    /// <param name="contextType">The context every step runs on.</param>
    public WorkflowAttribute(Type contextType) => ContextType = contextType;

    /// <summary>Gets the context every step runs on.</summary>
    public Type ContextType { get; }

    /// <summary>Gets or sets the workflow's id; defaults to the class name.</summary>
    public string? Id { get; set; }

    /// <summary>
    /// Gets or sets how many steps one run may take (at least 1); 0, the default, means no limit,
    /// which is only allowed when the graph has no cycle.
    /// </summary>
    public int MaxSteps { get; set; }
}

namespace Floxide;

/// <summary>
/// Declares a fallback route of a <c>[Workflow]</c>: every action of <see cref="From"/> that has no
/// route of its own and is not terminal goes to <see cref="To"/>
/// (<see cref="WorkflowBuilder{TContext}.Otherwise"/> at run time).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
public sealed class FallbackAttribute : Attribute
{
    /// <summary>Declares the fallback route.</summary>
    /// <param name="from">The step whose other actions are routed.</param>
    /// <param name="to">The step that runs next.</param>
    public FallbackAttribute(Type from, Type to)
    {
        From = from;
        To = to;
    }

    /// <summary>Gets the step whose other actions are routed.</summary>
    public Type From { get; }

    /// <summary>Gets the step that runs next.</summary>
    public Type To { get; }
}

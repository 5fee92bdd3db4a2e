namespace Floxide;

/// <summary>
/// Declares where a <c>[Workflow]</c> ends: on an action returned by any step that has no route for it
/// (a terminal action), or on an action of one step only. <see cref="NodeAction.Stop"/> always ends.
/// </summary>
/// <remarks>The action is a string or a member of an action enum.</remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
public sealed class EndOnAttribute : Attribute
{
    /// <summary>Makes <paramref name="action"/> terminal for every step.</summary>
    /// <param name="action">A string or an enum member.</param>
    public EndOnAttribute(object action) => Action = action;

    /// <summary>Ends the workflow when <paramref name="step"/> returns <paramref name="action"/>.</summary>
    /// <param name="step">The step.</param>
    /// <param name="action">A string or an enum member.</param>
    public EndOnAttribute(Type step, object action)
    {
        Step = step;
        Action = action;
    }

    /// <summary>Gets the step the end applies to, or null when the action is terminal for every step.</summary>
    public Type? Step { get; }

    /// <summary>Gets the action that ends the workflow.</summary>
    public object Action { get; }
}

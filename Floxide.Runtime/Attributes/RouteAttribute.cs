namespace Floxide;

/// <summary>
/// Declares an edge of a <c>[Workflow]</c>: when step <see cref="From"/> returns <see cref="Action"/>,
/// step <see cref="To"/> runs next.
/// </summary>
/// <remarks>
/// The action is a string or a member of an action enum (routed by its name, as
/// <see cref="NodeAction.From{TEnum}(TEnum)"/> names it). Without one, the edge routes
/// <see cref="NodeAction.Default"/>.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
public sealed class RouteAttribute : Attribute
{
    /// <summary>Routes the default action of <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <param name="from">The step that returns the action.</param>
    /// <param name="to">The step that runs next.</param>
    public RouteAttribute(Type from, Type to)
    {
        From = from;
        To = to;
    }

    /// <summary>Routes <paramref name="action"/> of <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <param name="from">The step that returns the action.</param>
    /// <param name="action">A string or an enum member.</param>
    /// <param name="to">The step that runs next.</param>
    public RouteAttribute(Type from, object action, Type to)
    {
        From = from;
        Action = action;
        To = to;
    }

    /// <summary>Gets the step that returns the action.</summary>
    public Type From { get; }

    /// <summary>Gets the action routed: a string, an enum member, or null for the default action.</summary>
    public object? Action { get; }

    /// <summary>Gets the step that runs next.</summary>
    public Type To { get; }
}

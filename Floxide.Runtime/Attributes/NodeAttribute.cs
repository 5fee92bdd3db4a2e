namespace Floxide;

/// <summary>
/// Marks a partial class as a node: the Floxide generator implements <see cref="INode{TContext}"/>
/// for it around its process method.
/// </summary>
/// <remarks>
/// The process method is the instance method named <c>Process</c> or <c>ProcessAsync</c>. Its first
/// parameter is the context; an optional second is a <see cref="CancellationToken"/>. It may be
/// synchronous or return <see cref="Task"/> / <see cref="ValueTask"/>, with no result, a
/// <see cref="bool"/> (false stops the workflow), a <see cref="NodeAction"/>, or an action enum.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class NodeAttribute : Attribute
{
    /// <summary>Gets or sets the node's id; defaults to the class name.</summary>
    public string? Id { get; set; }
}

namespace Floxide;

/// <summary>
/// Marks the collection member of a batch context (an <see cref="ICollection{T}"/> of the
/// <see cref="ItemOutputAttribute"/> member's type) that receives the outputs of the succeeded items,
/// in input order, when the batch completes.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class BatchOutputsAttribute : Attribute
{
}

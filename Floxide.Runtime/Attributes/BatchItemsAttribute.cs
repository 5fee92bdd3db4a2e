namespace Floxide;

/// <summary>
/// Marks the member of a <see cref="BatchContextAttribute"/> context that holds the batch's items:
/// an <see cref="IEnumerable{T}"/>, <see cref="IReadOnlyList{T}"/> or <see cref="IAsyncEnumerable{T}"/>.
/// Item contexts do not get it.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class BatchItemsAttribute : Attribute
{
}

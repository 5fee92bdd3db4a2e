namespace Floxide;

/// <summary>
/// Marks the member of a <see cref="BatchContextAttribute"/> context that holds the batch's items:
/// an <see cref="IEnumerable{T}"/>, <see cref="IReadOnlyList{T}"/> or <see cref="IAsyncEnumerable{T}"/>
/// (or a type implementing one of them). Item contexts keep the parent's reference and must not enumerate it.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class BatchItemsAttribute : Attribute
{
}

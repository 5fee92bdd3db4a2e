namespace Floxide;

/// <summary>
/// Marks the member of a <see cref="BatchContextAttribute"/> context that receives the item in each
/// item context. Its type is the element type of the <see cref="BatchItemsAttribute"/> member.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class BatchItemAttribute : Attribute
{
}

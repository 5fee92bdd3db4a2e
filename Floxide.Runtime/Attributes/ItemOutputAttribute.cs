namespace Floxide;

/// <summary>
/// Marks the member of a batch context where an item's workflow leaves its output. The generated
/// merge copies it from every succeeded item, in input order, into the <see cref="BatchOutputsAttribute"/> member.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class ItemOutputAttribute : Attribute
{
}

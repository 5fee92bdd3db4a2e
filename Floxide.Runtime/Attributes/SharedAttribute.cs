namespace Floxide;

/// <summary>
/// Says that a member of a batch context is shared with every item context on purpose: they all
/// get the same instance, which items then use concurrently, so it must be thread-safe.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class SharedAttribute : Attribute
{
}

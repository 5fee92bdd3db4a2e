namespace Floxide;

/// <summary>
/// Says that each item context gets a fresh instance of this member (created with its parameterless
/// constructor) instead of the parent's.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class PerItemAttribute : Attribute
{
}

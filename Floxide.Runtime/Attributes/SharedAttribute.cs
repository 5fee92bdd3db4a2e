namespace Floxide;

/// <summary>
/// Says that a member of a batch context is shared with every item context on purpose: they all
/// get the same instance, which items then use concurrently, so it must be thread-safe.
/// </summary>
/// <remarks>
/// Only an object can be shared: a plain value (a number, an enum, a struct of numbers) is copied into each item
/// context, so what an item writes to it is lost, and the analyzer warns about it (FLX0034). Keep shared state in a
/// thread-safe object that holds the value.
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class SharedAttribute : Attribute
{
}

namespace Floxide.Generators.BatchContext;

/// <summary>The [ItemKey] member of a durable context's item type, as the codec emitter needs it.</summary>
/// <param name="Member">The member's name, escaped as an identifier.</param>
/// <param name="Format">How its value becomes the key.</param>
/// <param name="IsNullableValue">Whether its type is a <c>Nullable&lt;T&gt;</c> (null prints as the empty string).</param>
internal sealed record ItemKeyModel(string Member, ItemKeyFormat Format, bool IsNullableValue);

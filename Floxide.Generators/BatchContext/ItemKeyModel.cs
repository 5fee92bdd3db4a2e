namespace Floxide.Generators.BatchContext;

/// <summary>The [ItemKey] member of a durable context's item type, as the codec emitter needs it.</summary>
/// <param name="Member">The member's name, escaped as an identifier.</param>
/// <param name="Format">How its value becomes the key.</param>
/// <param name="IsNullableValue">Whether its type is a <c>Nullable&lt;T&gt;</c> (null prints as the empty string).</param>
/// <param name="ItemMayBeNull">Whether the item type admits null (<c>Order?</c>, a nullable value type, or a reference type
/// outside a nullable context): the key is then read with <c>?.</c>, and a null item is keyed like a null key.</param>
internal sealed record ItemKeyModel(string Member, ItemKeyFormat Format, bool IsNullableValue, bool ItemMayBeNull);

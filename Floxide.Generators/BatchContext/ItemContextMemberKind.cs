namespace Floxide.Generators.BatchContext;

/// <summary>What the item-context factory does with one member of the context.</summary>
internal enum ItemContextMemberKind
{
    /// <summary>Assigned the parent's value (plain members, [BatchItems] and [Shared] ones).</summary>
    Copy,

    /// <summary>
    /// Assigned the parent's value through the interface it implements: an explicitly implemented auto-property
    /// (<c>string ILabelled.Caption { get; set; }</c>), which the class cannot name any other way.
    /// </summary>
    CopyThroughInterface,

    /// <summary>
    /// Assigned the parent's value through a cast to the base type that declares it: inherited state hidden by a member
    /// of a more derived type (<c>public new string Limit</c>), which the plain name would no longer reach.
    /// </summary>
    CopyThroughBase,

    /// <summary>Assigned a fresh instance from the member type's parameterless constructor ([PerItem]).</summary>
    PerItem,

    /// <summary>
    /// Explicitly set to <c>default!</c>: a non-nullable [ItemOutput]/[BatchOutputs] member with no
    /// initializer, which the item context starts without (as the compiler's nullable analysis is told).
    /// </summary>
    Reset,
}

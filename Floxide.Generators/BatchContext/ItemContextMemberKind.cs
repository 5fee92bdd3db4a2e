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

    /// <summary>
    /// Assigned the parent's value through <c>base</c>: an inherited init-only property hidden by a member of the context
    /// itself (<c>public new int Region</c>), whose init accessor C# calls only on <c>this</c> or <c>base</c> (CS8852).
    /// The parent's value is read through a cast to the base type that declares it.
    /// </summary>
    InitThroughBase,

    /// <summary>Assigned a fresh instance from the member type's parameterless constructor ([PerItem]).</summary>
    PerItem,

    /// <summary>
    /// Explicitly set to <c>default!</c>: a non-nullable [ItemOutput]/[BatchOutputs] member with no
    /// initializer, which the item context starts without (as the compiler's nullable analysis is told).
    /// </summary>
    Reset,
}

namespace Floxide.Generators.BatchContext;

/// <summary>One assignment the item-context factory makes.</summary>
/// <param name="Name">The member's name, escaped as an identifier.</param>
/// <param name="Kind">What is assigned.</param>
/// <param name="TypeName">The member's fully qualified type for <see cref="ItemContextMemberKind.PerItem"/>, its interface for
/// <see cref="ItemContextMemberKind.CopyThroughInterface"/>, its declaring base type for <see cref="ItemContextMemberKind.CopyThroughBase"/> and <see cref="ItemContextMemberKind.InitThroughBase"/>; null otherwise.</param>
internal sealed record ItemContextMember(string Name, ItemContextMemberKind Kind, string? TypeName);

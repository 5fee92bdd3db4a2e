using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Floxide.Generators.Helpers;
using Floxide.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Floxide.Generators.BatchContext;

/// <summary>What the item-context factory of a valid <see cref="BatchContextDefinition"/> assigns, member by member.</summary>
internal static class ItemContextAssignments
{
    /// <summary>
    /// A record is cloned with <c>with</c>, so only its [PerItem] members are assigned. A class's generated constructor
    /// replaces the user's, so it copies all the state the type declares (fields, auto-properties and field-like events,
    /// whatever their accessibility) plus the settable state it inherits; [PerItem] members get fresh instances;
    /// [ItemOutput]/[BatchOutputs] are left at their initial values.
    /// </summary>
    public static EquatableArray<ItemContextMember> Collect(BatchContextDefinition definition, CancellationToken cancellationToken)
    {
        var assignments = new List<ItemContextMember>();
        if (definition.Type.IsRecord)
        {
            foreach (var member in definition.Members)
            {
                if (member.Roles == BatchMemberRole.PerItem)
                {
                    assignments.Add(PerItem(member.Symbol, member.Type));
                }
            }
        }
        else
        {
            CollectClassAssignments(definition, assignments, cancellationToken);
        }

        return new EquatableArray<ItemContextMember>(assignments.ToArray());
    }

    private static void CollectClassAssignments(BatchContextDefinition definition, List<ItemContextMember> assignments, CancellationToken cancellationToken)
    {
        var type = definition.Type;
        var roles = new Dictionary<ISymbol, BatchMemberRole>(SymbolEqualityComparer.Default);
        var storedProperties = new HashSet<string>();
        foreach (var member in definition.Members)
        {
            roles[member.Symbol] = member.Roles;
            if (member.BackingField is not null)
            {
                storedProperties.Add(member.Name);
            }
        }

        var seen = new HashSet<string>();
        foreach (var member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member.IsStatic || member.IsImplicitlyDeclared)
            {
                continue;
            }

            seen.Add(member.Name);
            var role = roles.TryGetValue(member, out var found) ? found : BatchMemberRole.None;
            switch (member)
            {
                case IFieldSymbol { IsConst: false } field:
                    AddOwnState(field, field.Type, role, assignments, cancellationToken);
                    break;
                case IPropertySymbol { IsIndexer: false, ExplicitInterfaceImplementations: [var implemented] } when storedProperties.Contains(member.Name):
                    // An explicitly implemented auto-property is named through its interface, which can only set it with
                    // a plain setter; get or init only, it keeps its initial value, like a get-only property computed from `field`.
                    if (implemented.SetMethod is { IsInitOnly: false })
                    {
                        assignments.Add(new ItemContextMember(
                            SymbolNames.Identifier(implemented.Name), ItemContextMemberKind.CopyThroughInterface, SymbolNames.FullyQualified(implemented.ContainingType)));
                    }

                    break;
                case IPropertySymbol { IsIndexer: false } property when storedProperties.Contains(property.Name):
                    // Get-only properties whose getter computes from `field` cannot be assigned: they recompute.
                    // One without a getter (already an error, CS0548) cannot be read from the parent.
                    if (property.GetMethod is not null && (property.SetMethod is not null || BatchMember.IsPlainAutoProperty(property, cancellationToken)))
                    {
                        AddOwnState(property, property.Type, role, assignments, cancellationToken);
                    }

                    break;
                case IPropertySymbol { IsIndexer: false } property when role is BatchMemberRole.PerItem or BatchMemberRole.BatchItem:
                    // Read as assignable already (a settable property with accessor bodies).
                    AddOwnState(property, property.Type, role, assignments, cancellationToken);
                    break;
                case IEventSymbol @event when IsFieldLikeEvent(@event, cancellationToken):
                    assignments.Add(new ItemContextMember(SymbolNames.Identifier(@event.Name), ItemContextMemberKind.Copy, null));
                    break;
            }
        }

        // Inherited state: only what a derived constructor may assign.
        var compilation = definition.Compilation;
        for (var baseType = type.BaseType; baseType is { SpecialType: not SpecialType.System_Object }; baseType = baseType.BaseType)
        {
            foreach (var member in baseType.GetMembers())
            {
                if (member.IsStatic || member.IsImplicitlyDeclared || !seen.Add(member.Name))
                {
                    continue;
                }

                var assignable = member switch
                {
                    IFieldSymbol { IsConst: false, IsReadOnly: false } => compilation.IsSymbolAccessibleWithin(member, type),
                    IPropertySymbol { IsIndexer: false, GetMethod: { } getter, SetMethod: { } setter } =>
                        compilation.IsSymbolAccessibleWithin(getter, type) && compilation.IsSymbolAccessibleWithin(setter, type),
                    _ => false,
                };

                if (assignable)
                {
                    assignments.Add(new ItemContextMember(SymbolNames.Identifier(member.Name), ItemContextMemberKind.Copy, null));
                }
            }
        }
    }

    private static void AddOwnState(ISymbol member, ITypeSymbol memberType, BatchMemberRole role, List<ItemContextMember> assignments, CancellationToken cancellationToken)
    {
        switch (role)
        {
            case BatchMemberRole.BatchItem:
                // Assigned the item by the emitter itself.
                break;
            case BatchMemberRole.PerItem:
                assignments.Add(PerItem(member, memberType));
                break;
            case BatchMemberRole.ItemOutput:
            case BatchMemberRole.BatchOutputs:
                if (SymbolRules.IsNonNullableReference(memberType) && !HasInitializer(member, cancellationToken))
                {
                    assignments.Add(new ItemContextMember(SymbolNames.Identifier(member.Name), ItemContextMemberKind.Reset, null));
                }

                break;
            default:
                // Plain copies need no type: spelling every member's type would cost on the generator's hot path.
                assignments.Add(new ItemContextMember(SymbolNames.Identifier(member.Name), ItemContextMemberKind.Copy, null));
                break;
        }
    }

    private static ItemContextMember PerItem(ISymbol member, ITypeSymbol memberType) =>
        new(SymbolNames.Identifier(member.Name), ItemContextMemberKind.PerItem, SymbolNames.FullyQualified(memberType.WithNullableAnnotation(NullableAnnotation.NotAnnotated)));

    private static bool IsFieldLikeEvent(IEventSymbol @event, CancellationToken cancellationToken) =>
        @event.DeclaringSyntaxReferences.Length > 0 &&
        @event.DeclaringSyntaxReferences.All(r => r.GetSyntax(cancellationToken) is VariableDeclaratorSyntax);

    private static bool HasInitializer(ISymbol member, CancellationToken cancellationToken) =>
        member.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) switch
        {
            VariableDeclaratorSyntax declarator => declarator.Initializer is not null,
            PropertyDeclarationSyntax property => property.Initializer is not null,
            _ => false,
        });
}

using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Analyzers.Support;

/// <summary>A field or property of a batch context, with the role attributes it carries.</summary>
internal sealed class BatchMember
{
    private static readonly BatchMemberRole[] AllRoles =
    {
        BatchMemberRole.BatchItems, BatchMemberRole.BatchItem, BatchMemberRole.ItemOutput,
        BatchMemberRole.BatchOutputs, BatchMemberRole.Shared, BatchMemberRole.PerItem,
    };

    private BatchMember(ISymbol symbol, ITypeSymbol type, BatchMemberRole roles)
    {
        Symbol = symbol;
        Type = type;
        Roles = roles;
    }

    public ISymbol Symbol { get; }

    public ITypeSymbol Type { get; }

    public BatchMemberRole Roles { get; }

    public string Name => Symbol.Name;

    public Location Location => Symbol.Locations.Length > 0 ? Symbol.Locations[0] : Location.None;

    public bool IsStatic => Symbol.IsStatic || Symbol is IFieldSymbol { IsConst: true };

    /// <summary>Whether code inside the type can assign it after construction: a non-readonly field or a property with a setter.</summary>
    public bool IsWritable => Symbol switch
    {
        IFieldSymbol fieldSymbol => !fieldSymbol.IsReadOnly && !fieldSymbol.IsConst,
        IPropertySymbol property => property.SetMethod is not null,
        _ => false,
    };

    /// <summary>Whether code inside the type can read it.</summary>
    public bool IsReadable => Symbol switch
    {
        IFieldSymbol => true,
        IPropertySymbol property => property.GetMethod is not null,
        _ => false,
    };

    /// <summary>The instance fields and properties the user declared in the type (not backing fields, not indexers).</summary>
    public static ImmutableArray<BatchMember> GetMembers(INamedTypeSymbol type, FloxideSymbols symbols)
    {
        var builder = ImmutableArray.CreateBuilder<BatchMember>();
        foreach (var member in type.GetMembers())
        {
            switch (member)
            {
                case IFieldSymbol field when !field.IsImplicitlyDeclared && field.AssociatedSymbol is null:
                    builder.Add(new BatchMember(field, field.Type, GetRoles(field, symbols)));
                    break;
                case IPropertySymbol property when !property.IsIndexer && !property.IsImplicitlyDeclared:
                    builder.Add(new BatchMember(property, property.Type, GetRoles(property, symbols)));
                    break;
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>The roles a member's attributes give it.</summary>
    public static BatchMemberRole GetRoles(ISymbol member, FloxideSymbols symbols)
    {
        var roles = BatchMemberRole.None;
        foreach (var data in member.GetAttributes())
        {
            roles |= RoleOf(data.AttributeClass, symbols);
        }

        return roles;
    }

    /// <summary>The roles as attribute names (without the suffix), in declaration order.</summary>
    public static IEnumerable<string> Names(BatchMemberRole roles)
    {
        foreach (var role in AllRoles)
        {
            if ((roles & role) != 0)
            {
                yield return role.ToString();
            }
        }
    }

    private static BatchMemberRole RoleOf(INamedTypeSymbol? attribute, FloxideSymbols symbols)
    {
        if (attribute is null)
        {
            return BatchMemberRole.None;
        }

        if (SymbolEqualityComparer.Default.Equals(attribute, symbols.BatchItemsAttribute))
        {
            return BatchMemberRole.BatchItems;
        }

        if (SymbolEqualityComparer.Default.Equals(attribute, symbols.BatchItemAttribute))
        {
            return BatchMemberRole.BatchItem;
        }

        if (SymbolEqualityComparer.Default.Equals(attribute, symbols.ItemOutputAttribute))
        {
            return BatchMemberRole.ItemOutput;
        }

        if (SymbolEqualityComparer.Default.Equals(attribute, symbols.BatchOutputsAttribute))
        {
            return BatchMemberRole.BatchOutputs;
        }

        if (SymbolEqualityComparer.Default.Equals(attribute, symbols.SharedAttribute))
        {
            return BatchMemberRole.Shared;
        }

        return SymbolEqualityComparer.Default.Equals(attribute, symbols.PerItemAttribute) ? BatchMemberRole.PerItem : BatchMemberRole.None;
    }
}

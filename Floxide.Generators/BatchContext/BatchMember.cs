using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Floxide.Generators.BatchContext;

/// <summary>
/// A field or property of a batch context, with the role attributes it carries; a property's include those written
/// on its compiler-generated backing field (the <c>field:</c> target), which are misplaced but still say what the user meant.
/// </summary>
internal sealed class BatchMember
{
    private BatchMember(ISymbol symbol, ITypeSymbol type, BatchMemberRole roles, IFieldSymbol? backingField, BatchMemberRole backingFieldRoles)
    {
        Symbol = symbol;
        Type = type;
        Roles = roles | backingFieldRoles;
        BackingField = backingField;
        BackingFieldRoles = backingFieldRoles;
    }

    /// <summary>The field or property.</summary>
    public ISymbol Symbol { get; }

    /// <summary>Its type.</summary>
    public ITypeSymbol Type { get; }

    /// <summary>Its roles, those written on its backing field included.</summary>
    public BatchMemberRole Roles { get; }

    /// <summary>The field the compiler generates for an auto-property, a property using <c>field</c>, or a positional record parameter.</summary>
    public IFieldSymbol? BackingField { get; }

    /// <summary>The roles of the attributes written on <see cref="BackingField"/> (FLX0028).</summary>
    public BatchMemberRole BackingFieldRoles { get; }

    /// <summary>The member's name as declared.</summary>
    public string Name => Symbol.Name;

    /// <summary>Where the member is declared, for diagnostics about it.</summary>
    public Location Location => Symbol.Locations.Length > 0 ? Symbol.Locations[0] : Location.None;

    /// <summary>Whether it is static or const: no role can use it.</summary>
    public bool IsStatic => Symbol.IsStatic || Symbol is IFieldSymbol { IsConst: true };

    /// <summary>Whether it is an indexer: no role can use it.</summary>
    public bool IsIndexer => Symbol is IPropertySymbol { IsIndexer: true };

    /// <summary>Whether it implements an interface member explicitly, which generated code cannot name.</summary>
    public bool IsExplicitImplementation => Symbol is IPropertySymbol { ExplicitInterfaceImplementations.Length: > 0 };

    /// <summary>Whether code inside the type can read it.</summary>
    public bool IsReadable => Symbol switch
    {
        IFieldSymbol => true,
        IPropertySymbol property => property.GetMethod is not null && !property.IsIndexer,
        _ => false,
    };

    /// <summary>
    /// Whether the member holds state of its own (a field, or a property with a compiler backing field):
    /// that is what the generated factory copies from the parent, by constructor for a class, by 'with' for a record.
    /// </summary>
    public bool IsStored => Symbol switch
    {
        IFieldSymbol fieldSymbol => !fieldSymbol.IsConst && !fieldSymbol.IsStatic,
        IPropertySymbol property => !property.IsStatic && !property.IsIndexer && BackingField is not null,
        _ => false,
    };

    /// <summary>
    /// Whether the item-context factory can assign the member: in a record (cloned with 'with') a non-readonly
    /// field or a property with set/init; in a class (built by a generated constructor) also a readonly field
    /// or a plain get-only auto-property.
    /// </summary>
    public bool IsAssignable(bool isRecord, CancellationToken cancellationToken) => Symbol switch
    {
        IFieldSymbol fieldSymbol => !fieldSymbol.IsConst && (!isRecord || !fieldSymbol.IsReadOnly),
        IPropertySymbol { IsIndexer: false } property => property.SetMethod is not null || (!isRecord && IsPlainAutoProperty(property, cancellationToken)),
        _ => false,
    };

    /// <summary>The instance fields and properties the user declared in the type (not backing fields, not indexers).</summary>
    public static ImmutableArray<BatchMember> GetMembers(INamedTypeSymbol type)
    {
        var backingFields = new Dictionary<ISymbol, IFieldSymbol>(SymbolEqualityComparer.Default);
        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol { IsImplicitlyDeclared: true, AssociatedSymbol: IPropertySymbol property } field)
            {
                backingFields[property] = field;
            }
        }

        var builder = ImmutableArray.CreateBuilder<BatchMember>();
        foreach (var member in type.GetMembers())
        {
            // An analyzer sees the generated part of the type too (LastBatch): its members are not the user's.
            switch (member)
            {
                case IFieldSymbol or IPropertySymbol when GeneratorInfo.IsGenerated(member):
                    break;
                case IFieldSymbol field when !field.IsImplicitlyDeclared && field.AssociatedSymbol is null:
                    builder.Add(new BatchMember(field, field.Type, GetRoles(field), null, BatchMemberRole.None));
                    break;
                case IPropertySymbol property when !property.IsImplicitlyDeclared:
                    var backingField = backingFields.TryGetValue(property, out var found) ? found : null;
                    builder.Add(new BatchMember(
                        property, property.Type, GetRoles(property), backingField, backingField is null ? BatchMemberRole.None : GetRoles(backingField)));
                    break;
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>The roles a member's attributes give it.</summary>
    public static BatchMemberRole GetRoles(ISymbol member)
    {
        var roles = BatchMemberRole.None;
        foreach (var (_, role) in GetRoleAttributes(member))
        {
            roles |= role;
        }

        return roles;
    }

    /// <summary>The member's role attributes, each with its role.</summary>
    public static IEnumerable<(AttributeData Attribute, BatchMemberRole Role)> GetRoleAttributes(ISymbol member)
    {
        foreach (var data in member.GetAttributes())
        {
            var role = BatchMemberRoles.Of(data.AttributeClass);
            if (role != BatchMemberRole.None)
            {
                yield return (data, role);
            }
        }
    }

    /// <summary>Whether the property is declared <c>{ get; }</c> (optionally with set/init), with no accessor bodies.</summary>
    public static bool IsPlainAutoProperty(IPropertySymbol property, CancellationToken cancellationToken)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors })
            {
                return false;
            }

            foreach (var accessor in accessors.Accessors)
            {
                if (accessor.Body is not null || accessor.ExpressionBody is not null)
                {
                    return false;
                }
            }
        }

        return property.DeclaringSyntaxReferences.Length > 0;
    }
}

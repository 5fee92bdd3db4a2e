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
            CollectClassAssignments(definition, assignments, uncopied: null, cancellationToken);
        }

        return new EquatableArray<ItemContextMember>(assignments.ToArray());
    }

    /// <summary>
    /// FLX0033: the settable state a class inherits that its generated constructor cannot copy, each with the type that
    /// holds it (for an override of the getter alone, the base that declares the setter) and why: a property
    /// whose override computes the getter and inherits the setter, a protected member hidden by a more derived one, or an
    /// init-only property hidden by a member of a base type between it and the context.
    /// </summary>
    public static List<(ISymbol Member, INamedTypeSymbol Owner, string Reason)> FindUncopiedState(BatchContextDefinition definition, CancellationToken cancellationToken)
    {
        var uncopied = new List<(ISymbol Member, INamedTypeSymbol Owner, string Reason)>();
        if (!definition.Type.IsRecord)
        {
            CollectClassAssignments(definition, new List<ItemContextMember>(), uncopied, cancellationToken);
        }

        return uncopied;
    }

    private const string InitOnlyHiddenBetweenReason =
        "a member of a base type between it and the context hides it, and its init accessor can be called only on this or base in a constructor (CS8852), where the name means the hiding member; declare it with set instead of init, or give the hiding member another name";

    private const string ProtectedHiddenReason =
        "a member of a more derived type hides it, and a protected member cannot be named through a cast to its own type (CS1540); make it public or internal, or give the hiding member another name";

    private static void CollectClassAssignments(
        BatchContextDefinition definition, List<ItemContextMember> assignments, List<(ISymbol Member, INamedTypeSymbol Owner, string Reason)>? uncopied, CancellationToken cancellationToken)
    {
        // Names a more derived type declares (any member kind): an inherited member of one of them is hidden, so it is
        // named through a cast to its own type. Properties an override stands for are read through the override.
        var seen = new HashSet<string>();
        var overridden = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        CollectOwnState(definition, seen, overridden, assignments, uncopied, cancellationToken);
        CollectInheritedState(definition.Type, definition.Compilation, seen, overridden, assignments, uncopied);
    }

    /// <summary>The state the context declares itself: fields, stored properties, overrides copied through, field-like events.</summary>
    private static void CollectOwnState(
        BatchContextDefinition definition,
        HashSet<string> seen,
        HashSet<ISymbol> overridden,
        List<ItemContextMember> assignments,
        List<(ISymbol Member, INamedTypeSymbol Owner, string Reason)>? uncopied,
        CancellationToken cancellationToken)
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

        var compilation = definition.Compilation;
        foreach (var member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member.IsImplicitlyDeclared)
            {
                continue;
            }

            seen.Add(member.Name);
            NoteOverridden(member, overridden);
            if (member.IsStatic)
            {
                continue;
            }

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
                case IPropertySymbol { IsIndexer: false, IsOverride: true } property when KeepsInheritedState(property) && CopiesThroughOverride(property, type, compilation):
                    // An override with accessor bodies stores nothing itself: the state is its base property's, copied
                    // through the override, as a user reading the property sees it. Outputs still start at their initial values.
                    if (role is not (BatchMemberRole.ItemOutput or BatchMemberRole.BatchOutputs))
                    {
                        AddOwnState(property, property.Type, role, assignments, cancellationToken);
                    }

                    break;
                case IPropertySymbol { IsIndexer: false, IsOverride: true } property when KeepsInheritedState(property):
                    ReportComputedOverride(property, type, compilation, uncopied);
                    break;
                case IEventSymbol @event when IsFieldLikeEvent(@event, cancellationToken):
                    assignments.Add(new ItemContextMember(SymbolNames.Identifier(@event.Name), ItemContextMemberKind.Copy, null));
                    break;
            }
        }
    }

    /// <summary>The state the context inherits: only what a derived constructor may assign, the rest reported as uncopied.</summary>
    private static void CollectInheritedState(
        INamedTypeSymbol type,
        Compilation compilation,
        HashSet<string> seen,
        HashSet<ISymbol> overridden,
        List<ItemContextMember> assignments,
        List<(ISymbol Member, INamedTypeSymbol Owner, string Reason)>? uncopied)
    {
        for (var baseType = type.BaseType; baseType is { SpecialType: not SpecialType.System_Object }; baseType = baseType.BaseType)
        {
            var declaredHere = new List<string>();
            foreach (var member in baseType.GetMembers())
            {
                if (member.IsImplicitlyDeclared)
                {
                    continue;
                }

                declaredHere.Add(member.Name);
                NoteOverridden(member, overridden);
                if (member.IsStatic || overridden.Contains(member))
                {
                    continue; // an override in a more derived type was copied (or not) for it
                }

                var assignable = member switch
                {
                    IFieldSymbol { IsConst: false, IsReadOnly: false } => compilation.IsSymbolAccessibleWithin(member, type),
                    IPropertySymbol { IsIndexer: false, IsOverride: true } property => CopiesThroughOverride(property, type, compilation),
                    IPropertySymbol { IsIndexer: false, GetMethod: { } getter, SetMethod: { } setter } =>
                        compilation.IsSymbolAccessibleWithin(getter, type) && compilation.IsSymbolAccessibleWithin(setter, type),
                    _ => false,
                };

                if (!assignable)
                {
                    if (member is IPropertySymbol { IsIndexer: false, IsOverride: true } computed)
                    {
                        ReportComputedOverride(computed, type, compilation, uncopied);
                    }

                    continue;
                }

                if (!seen.Contains(member.Name))
                {
                    assignments.Add(new ItemContextMember(SymbolNames.Identifier(member.Name), ItemContextMemberKind.Copy, null));
                }
                else
                {
                    AddHiddenInherited(member, baseType, type, compilation, assignments, uncopied);
                }
            }

            seen.UnionWith(declaredHere);
        }
    }

    /// <summary>
    /// Assigns an assignable <paramref name="member"/> of <paramref name="baseType"/> that a member of a more derived type
    /// hides (<c>new</c>), through a cast or <c>base</c>; or reports why the constructor cannot.
    /// </summary>
    private static void AddHiddenInherited(
        ISymbol member,
        INamedTypeSymbol baseType,
        INamedTypeSymbol within,
        Compilation compilation,
        List<ItemContextMember> assignments,
        List<(ISymbol Member, INamedTypeSymbol Owner, string Reason)>? uncopied)
    {
        var name = SymbolNames.Identifier(member.Name);
        var declaringType = SymbolNames.FullyQualified(baseType);
        if (member is IPropertySymbol { SetMethod.IsInitOnly: true } initOnly)
        {
            // An init accessor runs only on `this` or `base` in a constructor (CS8852), not through a cast: hidden by the
            // context alone, `base.Name` still reaches it; the parent's value is read through the cast.
            if (!IsAccessibleThrough(GetterOf(initOnly), baseType, within, compilation))
            {
                uncopied?.Add((member, member.ContainingType, ProtectedHiddenReason));
            }
            else if (IsHiddenBetween(member, within, baseType, compilation))
            {
                uncopied?.Add((member, member.ContainingType, InitOnlyHiddenBetweenReason));
            }
            else
            {
                assignments.Add(new ItemContextMember(name, ItemContextMemberKind.InitThroughBase, declaringType));
            }
        }
        else if (IsAccessibleThrough(member, baseType, within, compilation))
        {
            // Named through a cast to the type that declares it.
            assignments.Add(new ItemContextMember(name, ItemContextMemberKind.CopyThroughBase, declaringType));
        }
        else
        {
            uncopied?.Add((member, member.ContainingType, ProtectedHiddenReason));
        }
    }

    /// <summary>Records the properties <paramref name="member"/> overrides, all the way down: their state is read through it.</summary>
    private static void NoteOverridden(ISymbol member, HashSet<ISymbol> overridden)
    {
        for (var current = (member as IPropertySymbol)?.OverriddenProperty; current is not null; current = current.OverriddenProperty)
        {
            overridden.Add(current);
        }
    }

    /// <summary>Whether a base property below the override is not abstract, so a base type keeps the state (an abstract one's is the override's own fields, copied as such).</summary>
    private static bool KeepsInheritedState(IPropertySymbol property)
    {
        for (var current = property.OverriddenProperty; current is not null; current = current.OverriddenProperty)
        {
            if (!current.IsAbstract)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether an override is copied through itself: it declares a setter (so it, not the base, decides how a value is
    /// stored) and the property, with the accessors it inherits, can be read and set from the context. An override of
    /// the getter alone computes what it returns from the base's state, so copying through it would store the
    /// computed value (<see cref="FindUncopiedState"/> reports it instead).
    /// </summary>
    private static bool CopiesThroughOverride(IPropertySymbol property, INamedTypeSymbol within, Compilation compilation) =>
        property.SetMethod is not null
        && GetterOf(property) is { } getter && compilation.IsSymbolAccessibleWithin(getter, within)
        && compilation.IsSymbolAccessibleWithin(property.SetMethod, within);

    /// <summary>
    /// An override of the getter alone over a settable base property: copying through it would store the computed value,
    /// and the base's own value cannot be read from the parent, so the item contexts start at the base's initial value.
    /// </summary>
    private static void ReportComputedOverride(IPropertySymbol property, INamedTypeSymbol within, Compilation compilation, List<(ISymbol Member, INamedTypeSymbol Owner, string Reason)>? uncopied)
    {
        if (uncopied is null || property.SetMethod is not null || property.GetMethod is null)
        {
            return;
        }

        for (var current = property.OverriddenProperty; current is not null; current = current.OverriddenProperty)
        {
            if (current.SetMethod is { } setter)
            {
                if (compilation.IsSymbolAccessibleWithin(setter, within))
                {
                    uncopied.Add((property, current.ContainingType, "its override declares only a getter, which may compute what it returns, so copying through it could store a different value; override the setter too (the override is then copied), or set it in OnItemContextCreated (itemContext." + property.Name + " = base." + property.Name + ")"));
                }

                return;
            }
        }
    }

    /// <summary>The getter the property has in the type that declares it: its own, or the one it inherits from the property it overrides.</summary>
    private static IMethodSymbol? GetterOf(IPropertySymbol property)
    {
        for (var current = property; current is not null; current = current.OverriddenProperty)
        {
            if (current.GetMethod is { } getter)
            {
                return getter;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether generated code in <paramref name="within"/> can name the hidden <paramref name="member"/> through a cast to
    /// <paramref name="declaringType"/>: not when it is protected, which C# allows only through the derived type (CS1540).
    /// </summary>
    private static bool IsAccessibleThrough(ISymbol? member, INamedTypeSymbol declaringType, INamedTypeSymbol within, Compilation compilation) => member switch
    {
        null => false,
        IPropertySymbol property => IsAccessibleThrough(GetterOf(property), declaringType, within, compilation)
            && IsAccessibleThrough(property.SetMethod, declaringType, within, compilation),
        _ => compilation.IsSymbolAccessibleWithin(member, within, declaringType),
    };

    /// <summary>
    /// Whether a type between <paramref name="within"/> and <paramref name="declaringType"/> declares a member named as
    /// <paramref name="member"/> that member lookup from <paramref name="within"/> finds first: then <c>base.Name</c> means
    /// that one. Overrides and members <paramref name="within"/> cannot access do not hide (C# spec, member lookup).
    /// </summary>
    private static bool IsHiddenBetween(ISymbol member, INamedTypeSymbol within, INamedTypeSymbol declaringType, Compilation compilation)
    {
        for (var between = within.BaseType; between is not null && !SymbolEqualityComparer.Default.Equals(between, declaringType); between = between.BaseType)
        {
            foreach (var candidate in between.GetMembers(member.Name))
            {
                if (!candidate.IsImplicitlyDeclared && !candidate.IsOverride && compilation.IsSymbolAccessibleWithin(candidate, within))
                {
                    return true;
                }
            }
        }

        return false;
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

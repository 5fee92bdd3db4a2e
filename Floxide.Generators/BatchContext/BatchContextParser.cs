using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Floxide.Generators.Helpers;
using Floxide.Generators.Models;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Floxide.Generators.BatchContext;

/// <summary>
/// Turns a <c>[BatchContext]</c> type into a <see cref="BatchContextModel"/>, or into null when the
/// type breaks a rule: the generator then emits nothing for it (the analyzers explain why), so an
/// invalid type never produces broken code. Every rule lives in this class; see <see cref="Parse(GeneratorAttributeSyntaxContext, CancellationToken)"/>.
/// </summary>
internal static class BatchContextParser
{
    /// <summary>
    /// Parses the context, or returns null when it is invalid. The rules, in order (the analyzers
    /// report the same ones):
    /// <list type="number">
    /// <item>R1: the type is a non-static, non-abstract class or record class.</item>
    /// <item>R2: it and every containing type are <c>partial</c> in every declaration; it is not file-local.</item>
    /// <item>R3: it neither declares nor inherits (non-private) any of <see cref="FloxideNames.ReservedMembers.BatchContext"/>, and
    /// no base type is itself a [BatchContext].</item>
    /// <item>R4: <c>MaxDegreeOfParallelism</c>, when set, is at least 1.</item>
    /// <item>R5: a member carries at most one Floxide member attribute, and none is static, const or an explicit
    /// interface implementation (generated code reaches members by name); no Floxide member
    /// attribute targets a compiler-generated backing field (<c>field:</c> on an auto-property, a property using <c>field</c>,
    /// a positional record parameter or a field-like event), which generated code cannot name.</item>
    /// <item>R6: exactly one readable [BatchItems] member, whose type is or implements exactly one of
    /// <c>IEnumerable&lt;T&gt;</c> / <c>IAsyncEnumerable&lt;T&gt;</c> (one T), T not a ref struct.</item>
    /// <item>R0 (everywhere): no type the rules look at (items, per-item, outputs; a node's context and
    /// result) is or mentions an unresolved or file-local type, and [BatchContext] is not repeated on two partial
    /// declarations (CS0579): the user's code has an error to fix first.</item>
    /// <item>R7: exactly one [BatchItem] member, of type T (nullability aside; a non-nullable slot cannot
    /// take nullable items), that the factory can assign (see <see cref="IsAssignable"/>).</item>
    /// <item>R8: every [PerItem] member is assignable and its type has an accessible parameterless
    /// constructor (a non-abstract class, a struct, or a type parameter with <c>new()</c>).</item>
    /// <item>R9: at most one readable [ItemOutput] member; at most one readable [BatchOutputs] member, only
    /// with an [ItemOutput], not an array, implementing <c>ICollection&lt;E&gt;</c> for exactly one E equal to
    /// the output type (or its nullable form).</item>
    /// <item>R10 (classes): no primary constructor; the base type has an accessible parameterless
    /// constructor; no user constructor takes exactly (context, item), the generated one's signature.</item>
    /// <item>R11: the type does not implement <c>IStreamingBatchContext</c> itself (use
    /// <c>[BatchContext(StreamResults = true)]</c>; the generator implements it).</item>
    /// </list>
    /// </summary>
    public static BatchContextModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.Attributes.Length == 0)
        {
            return null;
        }

        return ParseType(type, context.Attributes[0], context.SemanticModel, cancellationToken);
    }

    /// <summary>
    /// Parses a <c>[BatchContext]</c> type given as a symbol, or returns null when it is invalid or not one
    /// (the workflow reader asks this of a batch step's context: a workflow that would call the factories
    /// of a refused context generates nothing either).
    /// </summary>
    public static BatchContextModel? Parse(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
    {
        var attribute = FloxideAttributes.Find(type, FloxideNames.Attributes.BatchContext);
        var tree = type.DeclaringSyntaxReferences.FirstOrDefault()?.SyntaxTree;
        return attribute is null || tree is null ? null : ParseType(type, attribute, compilation.GetSemanticModel(tree), cancellationToken);
    }

    private static BatchContextModel? ParseType(INamedTypeSymbol type, AttributeData attribute, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var compilation = semanticModel.Compilation;

        // R0, R1
        if (SymbolRules.IsAttributeRepeated(type, attribute) || type.TypeKind != TypeKind.Class || type.IsStatic || type.IsAbstract)
        {
            return null;
        }

        // R2
        if (!SymbolRules.IsPartialAllTheWayUp(type, cancellationToken))
        {
            return null;
        }

        // R3
        if (SymbolRules.ClashesWithGeneratedMembers(type, FloxideNames.ReservedMembers.BatchContext, FloxideNames.Attributes.BatchContext))
        {
            return null;
        }

        // R4
        var streamResults = FloxideAttributes.NamedArgument(attribute, FloxideNames.Arguments.StreamResults) is { Value: true };
        int? maxDegreeOfParallelism = null;
        if (FloxideAttributes.NamedArgument(attribute, FloxideNames.Arguments.MaxDegreeOfParallelism) is { Value: int limit })
        {
            if (limit < 1)
            {
                return null;
            }

            maxDegreeOfParallelism = limit;
        }

        // R5: classify the declared members. A role on an implicitly declared field is one written with the `field:`
        // target on a property's backing field: the generated code would have to name `<P>k__BackingField`.
        var roles = new List<(ISymbol Member, BatchMemberRole Role)>();
        foreach (var member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member is not (IFieldSymbol or IPropertySymbol))
            {
                continue;
            }

            var role = BatchMemberRole.None;
            foreach (var memberAttribute in member.GetAttributes())
            {
                var found = BatchMemberRoles.Of(memberAttribute.AttributeClass);
                if (found == BatchMemberRole.None)
                {
                    continue;
                }

                if (role != BatchMemberRole.None || member.IsStatic || member is IFieldSymbol { IsConst: true } || member.IsImplicitlyDeclared ||
                    member is IPropertySymbol { ExplicitInterfaceImplementations.Length: > 0 })
                {
                    return null;
                }

                role = found;
            }

            // Compiler-generated members (backing fields, a record's EqualityContract) take no part in the roles.
            if (!member.IsImplicitlyDeclared)
            {
                roles.Add((member, role));
            }
        }

        if (HasRoleOnEventField(type, semanticModel, cancellationToken))
        {
            return null;
        }

        // R6
        var itemsMembers = roles.Where(r => r.Role == BatchMemberRole.BatchItems).ToList();
        if (itemsMembers.Count != 1 || !IsReadable(itemsMembers[0].Member))
        {
            return null;
        }

        var itemsMember = itemsMembers[0].Member;
        var itemsType = TypeOf(itemsMember);
        var streamElements = SymbolRules.ElementTypes(itemsType, SymbolRules.IsAsyncEnumerableDefinition);
        var sequenceElements = SymbolRules.ElementTypes(itemsType, SymbolRules.IsEnumerableDefinition);
        bool itemsAreStream;
        ITypeSymbol itemType;
        if (streamElements.Count == 1 && sequenceElements.Count == 0)
        {
            itemsAreStream = true;
            itemType = streamElements[0];
        }
        else if (sequenceElements.Count == 1 && streamElements.Count == 0)
        {
            itemsAreStream = false;
            itemType = sequenceElements[0];
        }
        else
        {
            return null;
        }

        if (itemType.IsRefLikeType || itemType is IPointerTypeSymbol or IFunctionPointerTypeSymbol || SymbolRules.HasErrors(itemsType))
        {
            return null;
        }

        var isRecord = type.IsRecord;

        // R7
        var slots = roles.Where(r => r.Role == BatchMemberRole.BatchItem).ToList();
        if (slots.Count != 1 || !IsAssignable(slots[0].Member, isRecord, cancellationToken))
        {
            return null;
        }

        var slotType = TypeOf(slots[0].Member);
        if (!SymbolEqualityComparer.Default.Equals(slotType, itemType) ||
            (SymbolRules.MayBeNull(itemType) && SymbolRules.IsNonNullableReference(slotType) && slotType is not ITypeParameterSymbol))
        {
            return null;
        }

        // R8
        foreach (var (member, _) in roles.Where(r => r.Role == BatchMemberRole.PerItem))
        {
            if (!IsAssignable(member, isRecord, cancellationToken) || SymbolRules.HasErrors(TypeOf(member)) ||
                !HasParameterlessConstructor(TypeOf(member), type, compilation))
            {
                return null;
            }
        }

        // R9
        var outputs = roles.Where(r => r.Role == BatchMemberRole.ItemOutput).ToList();
        var collections = roles.Where(r => r.Role == BatchMemberRole.BatchOutputs).ToList();
        if (outputs.Count > 1 || collections.Count > 1 ||
            (collections.Count == 1 && outputs.Count == 0) ||
            outputs.Any(o => !IsReadable(o.Member)) || collections.Any(c => !IsReadable(c.Member)))
        {
            return null;
        }

        string? outputElementType = null;
        var unwrapOutput = false;
        var outputsMayBeNull = false;
        if (collections.Count == 1)
        {
            var collectionType = TypeOf(collections[0].Member);
            var elements = SymbolRules.ElementTypes(collectionType, SymbolRules.IsCollectionDefinition);
            if (collectionType is IArrayTypeSymbol || elements.Count != 1 || SymbolRules.HasErrors(collectionType))
            {
                return null;
            }

            var element = elements[0];
            var outputType = TypeOf(outputs[0].Member);
            if (SymbolEqualityComparer.Default.Equals(outputType, element))
            {
                unwrapOutput = SymbolRules.MayBeNull(outputType) && !SymbolRules.MayBeNull(element);
            }
            else if (outputType is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable &&
                     SymbolEqualityComparer.Default.Equals(nullable.TypeArguments[0], element))
            {
                unwrapOutput = true;
            }
            else
            {
                return null;
            }

            outputElementType = SymbolNames.FullyQualified(element);
            outputsMayBeNull = collectionType.NullableAnnotation == NullableAnnotation.Annotated;
        }

        // R11: the generated merge owns IStreamingBatchContext; a context that implements it itself
        // would have its results merged by hand, and a default [BatchOutputs] merge would never see them.
        if (type.AllInterfaces.Any(SymbolRules.IsStreamingBatchContext))
        {
            return null;
        }

        // R10
        var setsRequiredMembers = false;
        var declaresDefaultConstructor = false;
        var assignments = new List<ItemContextMember>();
        if (!isRecord)
        {
            if (HasPrimaryConstructor(type, cancellationToken) ||
                (type.BaseType is { SpecialType: not SpecialType.System_Object } baseType &&
                 !baseType.InstanceConstructors.Any(c => c.Parameters.Length == 0 && compilation.IsSymbolAccessibleWithin(c, type))) ||
                type.InstanceConstructors.Any(c => !c.IsImplicitlyDeclared && c.Parameters.Length == 2 &&
                    SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type, type) &&
                    SymbolEqualityComparer.Default.Equals(c.Parameters[1].Type, itemType)))
            {
                return null;
            }

            setsRequiredMembers = HasRequiredMembers(type);
            declaresDefaultConstructor = type.InstanceConstructors.All(c => c.IsImplicitlyDeclared);
            CollectClassAssignments(type, roles, compilation, assignments, cancellationToken);
        }
        else
        {
            foreach (var (member, role) in roles)
            {
                if (role == BatchMemberRole.PerItem)
                {
                    assignments.Add(new ItemContextMember(SymbolNames.Identifier(member.Name), ItemContextMemberKind.PerItem, SymbolNames.FullyQualified(TypeOf(member).WithNullableAnnotation(NullableAnnotation.NotAnnotated))));
                }
            }
        }

        return new BatchContextModel(
            HierarchyInfo.From(type),
            SymbolNames.FullyQualified(itemType),
            isRecord,
            SymbolNames.Identifier(itemsMember.Name),
            itemsAreStream,
            itemsType.NullableAnnotation == NullableAnnotation.Annotated,
            SymbolNames.Identifier(slots[0].Member.Name),
            new EquatableArray<ItemContextMember>(assignments.ToArray()),
            declaresDefaultConstructor,
            setsRequiredMembers,
            outputs.Count == 1 ? SymbolNames.Identifier(outputs[0].Member.Name) : null,
            collections.Count == 1 ? SymbolNames.Identifier(collections[0].Member.Name) : null,
            outputsMayBeNull,
            outputElementType,
            unwrapOutput,
            maxDegreeOfParallelism,
            streamResults,
            MemberAccessibility.For(type, itemType));
    }

    /// <summary>
    /// The class factory's assignments. Because the generated constructor replaces the user's, it
    /// copies all the state the type declares (fields, auto-properties and field-like events, whatever
    /// their accessibility) plus the settable state it inherits; [PerItem] members get fresh instances;
    /// [ItemOutput]/[BatchOutputs] are left at their initial values.
    /// </summary>
    private static void CollectClassAssignments(
        INamedTypeSymbol type,
        List<(ISymbol Member, BatchMemberRole Role)> roles,
        Compilation compilation,
        List<ItemContextMember> assignments,
        CancellationToken cancellationToken)
    {
        var storedProperties = new HashSet<string>();
        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol { IsImplicitlyDeclared: true, AssociatedSymbol: IPropertySymbol property })
            {
                storedProperties.Add(property.Name);
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
            var role = roles.FirstOrDefault(r => SymbolEqualityComparer.Default.Equals(r.Member, member)).Role;
            switch (member)
            {
                case IFieldSymbol { IsConst: false } field:
                    AddOwnState(field, role, assignments, cancellationToken);
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
                    if (property.GetMethod is not null && (property.SetMethod is not null || IsPlainAutoProperty(property, cancellationToken)))
                    {
                        AddOwnState(property, role, assignments, cancellationToken);
                    }

                    break;
                case IPropertySymbol { IsIndexer: false } property when role == BatchMemberRole.PerItem || role == BatchMemberRole.BatchItem:
                    // Parsed as assignable already (a settable property with accessor bodies).
                    AddOwnState(property, role, assignments, cancellationToken);
                    break;
                case IEventSymbol @event when IsFieldLikeEvent(@event, cancellationToken):
                    assignments.Add(new ItemContextMember(SymbolNames.Identifier(@event.Name), ItemContextMemberKind.Copy, ""));
                    break;
            }
        }

        // Inherited state: only what a derived constructor may assign.
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
                    assignments.Add(new ItemContextMember(SymbolNames.Identifier(member.Name), ItemContextMemberKind.Copy, ""));
                }
            }
        }
    }

    private static void AddOwnState(ISymbol member, BatchMemberRole role, List<ItemContextMember> assignments, CancellationToken cancellationToken)
    {
        // Plain copies need no type at all: binding every member's type, and spelling it, would cost
        // on the hot path (the parser re-runs for every annotated type on each compilation).
        var name = SymbolNames.Identifier(member.Name);
        switch (role)
        {
            case BatchMemberRole.BatchItem:
                // Assigned the item by the emitter itself.
                break;
            case BatchMemberRole.PerItem:
                assignments.Add(new ItemContextMember(name, ItemContextMemberKind.PerItem, SymbolNames.FullyQualified(TypeOf(member).WithNullableAnnotation(NullableAnnotation.NotAnnotated))));
                break;
            case BatchMemberRole.ItemOutput:
            case BatchMemberRole.BatchOutputs:
                if (SymbolRules.IsNonNullableReference(TypeOf(member)) && !HasInitializer(member, cancellationToken))
                {
                    assignments.Add(new ItemContextMember(name, ItemContextMemberKind.Reset, ""));
                }

                break;
            default:
                assignments.Add(new ItemContextMember(name, ItemContextMemberKind.Copy, ""));
                break;
        }
    }

    /// <summary>
    /// Whether a field-like event declaration of the type puts a Floxide member attribute on its backing field. The
    /// symbol API does not list that field, so the event's <c>field:</c> attributes are bound from syntax (rare: the
    /// syntax check alone settles every other declaration).
    /// </summary>
    private static bool HasRoleOnEventField(INamedTypeSymbol type, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration)
            {
                continue;
            }

            foreach (var @event in declaration.Members.OfType<EventFieldDeclarationSyntax>())
            {
                if (@event.AttributeLists.Count == 0)
                {
                    continue;
                }

                var model = semanticModel.SyntaxTree == declaration.SyntaxTree ? semanticModel : semanticModel.Compilation.GetSemanticModel(declaration.SyntaxTree);
                if (SymbolRules.GetEventFieldAttributes(@event, model, cancellationToken).Any(a => BatchMemberRoles.Of(a.Class) != BatchMemberRole.None))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static ITypeSymbol TypeOf(ISymbol member) => member switch
    {
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        IEventSymbol @event => @event.Type,
        _ => throw new System.ArgumentException("Not a field or property.", nameof(member)),
    };

    private static bool IsReadable(ISymbol member) => member switch
    {
        IFieldSymbol => true,
        IPropertySymbol property => property.GetMethod is not null && !property.IsIndexer,
        _ => false,
    };

    /// <summary>
    /// Whether the item-context factory can assign <paramref name="member"/>: for a record (cloned with
    /// <c>with</c>) a non-readonly field or a property with <c>set</c>/<c>init</c>; for a class (built by
    /// a generated constructor) also a readonly field or a get-only auto-property.
    /// </summary>
    private static bool IsAssignable(ISymbol member, bool isRecord, CancellationToken cancellationToken) => member switch
    {
        IFieldSymbol field => !field.IsConst && (!isRecord || !field.IsReadOnly),
        IPropertySymbol { IsIndexer: false } property => property.SetMethod is not null || (!isRecord && IsPlainAutoProperty(property, cancellationToken)),
        _ => false,
    };

    private static bool HasParameterlessConstructor(ITypeSymbol memberType, INamedTypeSymbol within, Compilation compilation) => memberType switch
    {
        ITypeParameterSymbol parameter => parameter.HasConstructorConstraint || parameter.HasValueTypeConstraint,
        INamedTypeSymbol { TypeKind: TypeKind.Struct } => true,
        INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: false, IsStatic: false } named =>
            // The definition's constructors are cached with shared metadata symbols; a constructed type's are rebuilt per compilation.
            named.OriginalDefinition.InstanceConstructors.Any(c => c.Parameters.Length == 0 && compilation.IsSymbolAccessibleWithin(c, within)),
        _ => false,
    };

    /// <summary>Whether <paramref name="property"/> is declared <c>{ get; }</c> (optionally with set/init), with no accessor bodies.</summary>
    private static bool IsPlainAutoProperty(IPropertySymbol property, CancellationToken cancellationToken)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors } ||
                accessors.Accessors.Any(a => a.Body is not null || a.ExpressionBody is not null))
            {
                return false;
            }
        }

        return property.DeclaringSyntaxReferences.Length > 0;
    }

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

    private static bool HasPrimaryConstructor(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax { ParameterList: not null });

    private static bool HasRequiredMembers(INamedTypeSymbol type)
    {
        for (var current = type; current is { SpecialType: not SpecialType.System_Object }; current = current.BaseType)
        {
            if (current.GetMembers().Any(m => m is IFieldSymbol { IsRequired: true } or IPropertySymbol { IsRequired: true }))
            {
                return true;
            }
        }

        return false;
    }
}

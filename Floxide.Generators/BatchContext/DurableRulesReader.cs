using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Helpers;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Floxide.Generators.BatchContext;

/// <summary>The rules of a durable batch context (R13, R14), for <see cref="BatchContextReader"/>.</summary>
internal static class DurableRulesReader
{
    /// <summary>
    /// R13 and R14, when <paramref name="attribute"/> (<c>[BatchContext]</c>) names a <c>DurableJson</c> context: the
    /// durable members' names are free (and not the type's own), the context serializes what the codec needs, the item has at most one key,
    /// which the codec can read and print (<see cref="ItemKeyFormats"/>).
    /// </summary>
    public static void Read(BatchContextDefinition definition, AttributeData attribute, Compilation compilation, CancellationToken cancellationToken)
    {
        if (FloxideAttributes.NamedArgument(attribute, FloxideNames.Arguments.DurableJson) is not { Value: INamedTypeSymbol json })
        {
            return;
        }

        var type = definition.Type;
        definition.DurableJson = json;
        foreach (var member in SymbolRules.DeclaredReservedMembers(type, FloxideNames.ReservedMembers.DurableBatchContext))
        {
            definition.Report(DiagnosticDescriptors.ReservedMemberName, member.Locations.FirstOrDefault(), ReservedNameClash.Member(type.Name, member.Name, "BatchContext(DurableJson = ...)"));
        }

        // A base [BatchContext] is refused by R3 already; here only the durable members' names are looked for.
        if (SymbolRules.FindInheritedClash(type, FloxideNames.ReservedMembers.DurableBatchContext, attributeMetadataName: null) is { } inherited)
        {
            definition.Report(DiagnosticDescriptors.ReservedMemberName, null, ReservedNameClash.Member(type.Name, inherited, "BatchContext(DurableJson = ...)"));
        }

        if (ReservedNameClash.NamedLike(type, FloxideNames.ReservedMembers.DurableBatchContext) is { } named)
        {
            definition.Report(DiagnosticDescriptors.ReservedMemberName, null, ReservedNameClash.TypeName(type.Name, named.Member, named.TypeParameter, "BatchContext(DurableJson = ...)"));
        }

        if (definition.ItemType is { } durableItem && DurableJsonProblem(json, durableItem, definition.Output?.Type, compilation) is { } jsonProblem)
        {
            definition.Report(DiagnosticDescriptors.DurableJsonCannotSerialize, null, type.Name, json.Name, jsonProblem);
        }

        // R14
        // A nullable value item (S?) is keyed by S's [ItemKey], like a nullable reference item by its type's.
        var keyed = definition.ItemType is { } itemType ? ItemKeyFormats.Underlying(itemType) : null;
        var misplaced = new List<IParameterSymbol>();
        var keys = keyed is null ? [] : ItemKeyMembers(keyed, misplaced);
        if (keys.Count > 1)
        {
            definition.Report(DiagnosticDescriptors.MultipleItemKeys, null, type.Name, keyed!.Name, string.Join("', '", keys.Select(k => k.Name)));
        }

        if (keys.Count == 1)
        {
            ReadKey(definition, keys[0], compilation);
        }

        foreach (var parameter in misplaced)
        {
            definition.Report(
                DiagnosticDescriptors.UnreadableItemKey, null, type.Name, parameter.ContainingType.Name, parameter.Name, MisplacedParameterProblem(parameter, cancellationToken));
        }

        if (keyed is not null)
        {
            ReportEventKeys(definition, keyed, compilation, cancellationToken);
        }
    }

    /// <summary>
    /// R14 for the item's one key: the codec must read it and print it. Its format is found here, once, and travels in
    /// <see cref="BatchContextDefinition.ItemKey"/>; a key without one is FLX0032 and leaves no model.
    /// </summary>
    private static void ReadKey(BatchContextDefinition definition, ISymbol key, Compilation compilation)
    {
        var type = definition.Type;
        if (UnreadableKeyProblem(key, type, compilation) is { } keyProblem)
        {
            definition.Report(DiagnosticDescriptors.UnreadableItemKey, null, type.Name, key.ContainingType.Name, key.Name, keyProblem);
        }

        var keyType = ItemKeyFormats.TypeOf(key);
        if (ItemKeyFormats.Of(keyType) is { } format)
        {
            var item = definition.ItemType!;
            var itemMayBeNull = ItemKeyFormats.IsNullableValue(item) || (!item.IsValueType && item.NullableAnnotation != NullableAnnotation.NotAnnotated);
            definition.ItemKey = new ItemKeyModel(SymbolNames.Identifier(key.Name), format, ItemKeyFormats.IsNullableValue(keyType), itemMayBeNull);
        }
        else
        {
            definition.Report(DiagnosticDescriptors.ItemKeyWithoutStringForm, null, type.Name, key.ContainingType.Name, key.Name, keyType.ToDisplayString());
        }
    }

    /// <summary>
    /// R14: <c>[field: ItemKey]</c> on a field-like event of the item type or a base type declared in source, read from
    /// syntax (<see cref="SymbolRules.GetEventFieldAttributes"/>): the symbol API does not list the event's backing field,
    /// so without this the key would be silently ignored.
    /// </summary>
    private static void ReportEventKeys(BatchContextDefinition definition, ITypeSymbol item, Compilation compilation, CancellationToken cancellationToken)
    {
        for (var current = item; current is not null; current = current.BaseType)
        {
            foreach (var (@event, _, attributeClass) in SymbolRules.GetEventFieldAttributes(current, compilation, cancellationToken))
            {
                if (FloxideAttributes.Is(attributeClass, FloxideNames.Attributes.ItemKey))
                {
                    var events = string.Join(", ", @event.Declaration.Variables.Select(v => v.Identifier.ValueText));
                    definition.Report(
                        DiagnosticDescriptors.UnreadableItemKey, null, definition.Type.Name, current.Name, events, "is an event; mark a field or property of the item as its key");
                }
            }
        }
    }

    /// <summary>R14: why the codec, inside <paramref name="context"/>, cannot read <paramref name="key"/> as <c>item.Key</c>, or null.</summary>
    private static string? UnreadableKeyProblem(ISymbol key, INamedTypeSymbol context, Compilation compilation)
    {
        if (key.IsStatic || key is IFieldSymbol { IsConst: true })
        {
            return "is static or const; the key must be read from each item";
        }

        if (key is IPropertySymbol { GetMethod: null })
        {
            return "has no getter";
        }

        return compilation.IsSymbolAccessibleWithin(key, context) && (key is not IPropertySymbol { GetMethod: { } getter } || compilation.IsSymbolAccessibleWithin(getter, context))
            ? null
            : $"'{context.Name}' cannot access; make it (and its getter) visible to the context, e.g. public or internal";
    }

    /// <summary>
    /// R13: what keeps the <c>DurableJson</c> context from serializing the durable state, or null: it must be a
    /// <c>JsonSerializerContext</c> naming the item type and the [ItemOutput] type in <c>[JsonSerializable]</c> (named
    /// directly: the generated codec asks it for exactly those types).
    /// </summary>
    private static string? DurableJsonProblem(INamedTypeSymbol json, ITypeSymbol item, ITypeSymbol? output, Compilation compilation)
    {
        var contextBase = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonSerializerContext");
        var serializable = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonSerializableAttribute");
        if (contextBase is null || serializable is null)
        {
            return "cannot be used: System.Text.Json is not referenced";
        }

        var isContext = false;
        for (var current = json.BaseType; current is not null; current = current.BaseType)
        {
            isContext |= SymbolEqualityComparer.Default.Equals(current, contextBase);
        }

        if (!isContext)
        {
            return "is not a JsonSerializerContext";
        }

        if (SymbolRules.MentionsFileLocal(json))
        {
            return "is file-local: the generated codec, in a file of its own, cannot name it; declare it without 'file'";
        }

        var named = json.GetAttributes()
            .Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, serializable) && a.ConstructorArguments.Length > 0)
            .Select(a => a.ConstructorArguments[0].Value)
            .OfType<ITypeSymbol>()
            .ToList();
        foreach (var (needed, role) in new[] { (item, "item"), (output, "[ItemOutput]") })
        {
            if (needed is not null && !named.Any(t => TypeRules.AreSameType(t, needed.WithNullableAnnotation(NullableAnnotation.NotAnnotated), compilation)))
            {
                return $"does not name the {role} type '{needed.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString()}': add [JsonSerializable(typeof({needed.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString()}))] to it";
            }
        }

        return null;
    }

    /// <summary>
    /// R14: the [ItemKey] fields and properties of the item type and its base types. <c>[field: ItemKey]</c> on an
    /// auto-property or a positional record parameter lands on the compiler-generated backing field, which generated
    /// code cannot name (<c>item.&lt;Id&gt;k__BackingField</c>); the user means the property, so the property is the key.
    /// <c>[ItemKey]</c> on a positional record parameter marks the property the record makes of it (<see cref="RecordProperty"/>),
    /// as <c>[property: ItemKey]</c> would; on any other parameter it marks nothing and goes to <paramref name="misplaced"/>
    /// (when given).
    /// </summary>
    internal static List<ISymbol> ItemKeyMembers(ITypeSymbol item, List<IParameterSymbol>? misplaced = null)
    {
        var keys = new List<ISymbol>();
        for (var current = item; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is IFieldSymbol or IPropertySymbol { IsIndexer: false } && FloxideAttributes.Has(member, FloxideNames.Attributes.ItemKey))
                {
                    Add(member is IFieldSymbol { AssociatedSymbol: IPropertySymbol property } ? property : member);
                }

                foreach (var parameter in Parameters(member))
                {
                    if (FloxideAttributes.Has(parameter, FloxideNames.Attributes.ItemKey))
                    {
                        if (RecordProperty(parameter) is { } made)
                        {
                            Add(made);
                        }
                        else
                        {
                            misplaced?.Add(parameter);
                        }
                    }
                }
            }
        }

        return keys;

        void Add(ISymbol key)
        {
            if (!keys.Contains(key, SymbolEqualityComparer.Default))
            {
                keys.Add(key);
            }
        }
    }

    /// <summary>
    /// The parameters of a method, constructor or indexer <paramref name="member"/> that [ItemKey] may be written on; an
    /// accessor's are its property's or event's.
    /// </summary>
    private static ImmutableArray<IParameterSymbol> Parameters(ISymbol member) => member switch
    {
        IMethodSymbol { AssociatedSymbol: null } method => method.Parameters,
        IPropertySymbol { IsIndexer: true } indexer => indexer.Parameters,
        _ => [],
    };

    /// <summary>
    /// The property a positional record makes of <paramref name="parameter"/> of its primary constructor, or null: for a
    /// parameter of any other constructor or method, and for one whose name the record declares or inherits a member of,
    /// from which C# makes no property (and ignores <c>[property: ...]</c> on it, CS0657), so the property read is not the
    /// parameter the user marked. In source, the property C# makes has the parameter's location. From metadata, which keeps
    /// neither the primary constructor nor which properties were made, the record's property of the parameter's name and type.
    /// </summary>
    private static IPropertySymbol? RecordProperty(IParameterSymbol parameter)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Constructor, ContainingType: { IsRecord: true } record }
            || record.GetMembers(parameter.Name).OfType<IPropertySymbol>().FirstOrDefault() is not { IsIndexer: false, IsStatic: false } property)
        {
            return null;
        }

        if (parameter.Locations.FirstOrDefault() is { IsInSource: true } declared)
        {
            return declared.Equals(property.Locations.FirstOrDefault()) ? property : null;
        }

        return SymbolEqualityComparer.Default.Equals(property.Type, parameter.Type) ? property : null;
    }

    /// <summary>R14: why an [ItemKey] <paramref name="parameter"/> marks no property, the end of FLX0031's message.</summary>
    private static string MisplacedParameterProblem(IParameterSymbol parameter, CancellationToken cancellationToken)
    {
        const string MarkAMember = "mark a field or property of the item as its key";
        var name = parameter.Name;
        if (parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
            && constructor.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax))
        {
            var declaring = constructor.ContainingType;
            if (!declaring.IsRecord)
            {
                var kind = declaring.TypeKind == TypeKind.Struct ? "struct" : "class";
                return $"is a parameter of the {kind}'s primary constructor, of which C# makes no property (only a record's parameters become properties); {MarkAMember}";
            }

            for (var owner = declaring; owner is not null; owner = owner.BaseType)
            {
                if (owner.GetMembers(name).Any(m => !m.Locations.SequenceEqual(parameter.Locations)))
                {
                    var has = SymbolEqualityComparer.Default.Equals(owner, declaring) ? $"declares its own '{name}'" : $"inherits '{name}' from '{owner.Name}'";
                    return $"is a parameter of the record's primary constructor, of which C# makes no property because '{declaring.Name}' {has}; mark that member as the key";
                }
            }
        }

        return $"is a parameter of '{parameter.ContainingSymbol.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)}', not a field or property; {MarkAMember}";
    }
}

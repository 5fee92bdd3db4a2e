using System;
using System.Collections.Generic;
using System.Linq;
using Floxide.Generators.BatchContext;
using Floxide.Generators.Models;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Helpers;

/// <summary>
/// The diagnostic IDs of the obsolete and experimental APIs a generated file may name: <c>[Obsolete(DiagnosticId = "X")]</c>
/// and <c>[Experimental("X")]</c> report under their own ID, which the blanket <c>CS0612, CS0618</c> of every generated
/// file does not cover. The user silences such an ID where they use the API; the generated file repeats the use where
/// they cannot, and an <c>[Experimental]</c> one is an error there. So each file silences the IDs of what its declaration
/// reaches: the annotated type, its members and their types, its base types, and the types its attributes name (steps,
/// readers) with their constructors and methods, and the methods it names by <c>nameof(Type.M)</c> (readers of another
/// type). Reaching a little more than the file names costs nothing: the IDs are silenced in generated code only.
/// </summary>
internal static class DeprecationIds
{
    /// <summary>
    /// The IDs for the generated part of <paramref name="annotated"/>, sorted; empty when it reaches none. <paramref name="named"/>
    /// are the methods of other types its attributes name by <c>nameof</c>, which the generated code calls through their
    /// types: a string argument the walk cannot follow by itself.
    /// </summary>
    public static EquatableArray<string> Of(INamedTypeSymbol annotated, IEnumerable<IMethodSymbol> named)
    {
        var walk = new Walk();
        walk.Declaration(annotated);
        foreach (var method in named)
        {
            walk.Member(method);
            walk.Type(method.ContainingType);
        }

        return walk.Result();
    }

    /// <summary>
    /// The IDs a registration reaches, sorted: the registered type, the constructor it calls (when it names one) with its
    /// parameters' types, and the types of the services it resolves.
    /// </summary>
    public static EquatableArray<string> OfRegistration(ITypeSymbol type, IMethodSymbol? constructor, IEnumerable<ITypeSymbol> services)
    {
        var walk = new Walk();
        walk.Type(type);
        if (constructor is not null)
        {
            walk.Member(constructor);
        }

        foreach (var service in services)
        {
            walk.Type(service);
        }

        return walk.Result();
    }

    private sealed class Walk
    {
        private readonly HashSet<ISymbol> _seen = new(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> _called = new(SymbolEqualityComparer.Default);
        private readonly SortedSet<string> _ids = new(StringComparer.Ordinal);

        public EquatableArray<string> Result() => new(_ids.ToArray());

        /// <summary>A type whose members the generated code reads and calls: the annotated one, its bases, what its attributes name.</summary>
        public void Declaration(INamedTypeSymbol type)
        {
            // Only a durable context's codec reads the item's key: no other walks the item type's members.
            var keyed = type.GetAttributes().Any(a => FloxideAttributes.Is(a, FloxideNames.Attributes.BatchContext)
                && a.NamedArguments.Any(n => n.Key == FloxideNames.Arguments.DurableJson));
            for (var current = type; current is { SpecialType: not SpecialType.System_Object }; current = current.BaseType)
            {
                Type(current);
                foreach (var member in current.GetMembers())
                {
                    Member(member);
                    if (member is IFieldSymbol or IPropertySymbol)
                    {
                        Slot(member, keyed);
                    }
                }

                foreach (var attribute in current.GetAttributes())
                {
                    foreach (var argument in attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(a => a.Value)))
                    {
                        Argument(argument);
                    }
                }
            }
        }

        /// <summary>
        /// What generated code does with a context's member beyond its type: a <c>[PerItem]</c> one is created with
        /// <c>new T()</c>, and the item in the <c>[BatchItem]</c> one is keyed by reading its <c>[ItemKey]</c> member.
        /// </summary>
        private void Slot(ISymbol member, bool keyed)
        {
            var type = ItemKeyFormats.Underlying(member is IPropertySymbol property ? property.Type : ((IFieldSymbol)member).Type);
            if (type is INamedTypeSymbol named && FloxideAttributes.Has(member, FloxideNames.Attributes.PerItem))
            {
                foreach (var constructor in named.InstanceConstructors.Where(c => c.Parameters.Length == 0))
                {
                    Member(constructor);
                }
            }

            if (keyed && FloxideAttributes.Has(member, FloxideNames.Attributes.BatchItem))
            {
                foreach (var key in DurableRulesReader.ItemKeyMembers(type))
                {
                    Member(key);
                }
            }
        }

        /// <summary>A member: its own attributes (and its accessors'), and the types of its signature.</summary>
        public void Member(ISymbol member)
        {
            if (!_seen.Add(member))
            {
                return;
            }

            Attributes(member);
            switch (member)
            {
                case IPropertySymbol property:
                    Type(property.Type);
                    if (property.GetMethod is { } getter) Attributes(getter);
                    if (property.SetMethod is { } setter) Attributes(setter);
                    break;
                case IFieldSymbol field:
                    Type(field.Type);
                    break;
                case IMethodSymbol method:
                    Type(method.ReturnType);
                    foreach (var parameter in method.Parameters)
                    {
                        Type(parameter.Type);

                        // A registration writes an enum key ([FromKeyedServices(Keys.B)]) as a cast to the key's type.
                        foreach (var argument in parameter.GetAttributes().SelectMany(a => a.ConstructorArguments).Where(a => a.Kind == TypedConstantKind.Enum))
                        {
                            Type(argument.Type);
                        }
                    }

                    break;
            }
        }

        /// <summary>A type, its containers, its type arguments and its assembly (an <c>[Experimental]</c> assembly covers every type in it).</summary>
        public void Type(ITypeSymbol? type)
        {
            switch (type)
            {
                case IArrayTypeSymbol array:
                    Type(array.ElementType);
                    return;
                case IPointerTypeSymbol pointer:
                    Type(pointer.PointedAtType);
                    return;
                case INamedTypeSymbol named when _seen.Add(named):
                    Attributes(named);
                    Type(named.ContainingType);
                    foreach (var argument in named.TypeArguments)
                    {
                        Type(argument);
                    }

                    if (named.ContainingAssembly is { } assembly && _seen.Add(assembly))
                    {
                        Attributes(assembly);
                        foreach (var module in assembly.Modules)
                        {
                            Attributes(module);
                        }
                    }

                    return;
            }
        }

        /// <summary>
        /// An attribute argument: a <c>typeof</c> names a type the generated code constructs and calls (a step, a reader's
        /// type), so its constructors and methods count. An enum value is never named (routes compare action names).
        /// </summary>
        private void Argument(TypedConstant argument)
        {
            if (argument.Kind == TypedConstantKind.Array)
            {
                if (!argument.IsNull)
                {
                    foreach (var element in argument.Values)
                    {
                        Argument(element);
                    }
                }

                return;
            }

            if (argument.Kind == TypedConstantKind.Type && argument.Value is INamedTypeSymbol named && _called.Add(named))
            {
                Type(named);
                // Only what code outside the type can call: an exception type named in On has protected constructors
                // (some obsolete, SYSLIB0051) that no generated file names.
                foreach (var member in named.GetMembers().Where(m => m is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.Ordinary }
                    && m.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
                {
                    Member(member);
                }
            }
        }

        private void Attributes(ISymbol symbol)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (IdOf(attribute) is { } id)
                {
                    _ids.Add(id);
                }
            }
        }

        /// <summary>
        /// The ID an obsolete (warning, not error: an error cannot be silenced) or experimental attribute reports under,
        /// when it is one a pragma can name.
        /// </summary>
        private static string? IdOf(AttributeData attribute)
        {
            string? id = null;
            if (SymbolRules.IsObsolete(attribute))
            {
                if (attribute.ConstructorArguments is [_, { Value: true }])
                {
                    return null;
                }

                id = attribute.NamedArguments.FirstOrDefault(a => a.Key == "DiagnosticId").Value.Value as string;
            }
            else if (SymbolRules.IsExperimental(attribute))
            {
                id = attribute.ConstructorArguments is [{ Value: string experimental }] ? experimental : null;
            }

            return id is not null && IsPragmaName(id) ? id : null;
        }

        /// <summary>
        /// Whether <c>#pragma warning disable</c> can name <paramref name="id"/>: an identifier, in any script, as the user's own
        /// pragma names it (a number would name a CS warning instead).
        /// </summary>
        private static bool IsPragmaName(string id) => Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(id);
    }
}

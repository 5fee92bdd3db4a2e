using System.Collections.Generic;
using System.Linq;
using Floxide.Generators.Helpers;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.BatchContext;

/// <summary>
/// Type questions the batch-context rules ask: the element type of an items member, whether a type can
/// collect the outputs, whether it can be created per item, whether a shared instance of it is a data race.
/// Answered from the symbols, and from the compilation only for what the symbols cannot tell (identity conversions,
/// accessibility), so the generator can ask them on its hot path.
/// </summary>
internal static class TypeRules
{
    /// <summary>
    /// The element type of a sequence: the T of the one <c>IEnumerable&lt;T&gt;</c> or <c>IAsyncEnumerable&lt;T&gt;</c>
    /// the type is or implements; null when it is neither, both, or one of them for several T.
    /// </summary>
    /// <param name="type">The items member's type.</param>
    /// <param name="isStream">Whether the T is that of an <c>IAsyncEnumerable&lt;T&gt;</c>.</param>
    /// <remarks>A type parameter is the sequences its constraints are (C# converts it to each of them implicitly).</remarks>
    /// <param name="compilation">The compilation, which tells whether two constraints' element types are one type.</param>
    public static ITypeSymbol? GetSequenceElementType(ITypeSymbol type, Compilation compilation, out bool isStream)
    {
        var streamElements = ElementTypes(type, SymbolRules.IsAsyncEnumerableDefinition, compilation, depth: 0);
        var sequenceElements = ElementTypes(type, SymbolRules.IsEnumerableDefinition, compilation, depth: 0);
        isStream = streamElements.Count == 1 && sequenceElements.Count == 0;
        if (isStream)
        {
            return streamElements[0];
        }

        return sequenceElements.Count == 1 && streamElements.Count == 0 ? sequenceElements[0] : null;
    }

    /// <summary>
    /// <see cref="SymbolRules.ElementTypes"/>, and for a type parameter those of its constraint types (its effective base
    /// class and interfaces, another type parameter's through its own), which a type parameter's <c>AllInterfaces</c> leaves out.
    /// </summary>
    private static List<ITypeSymbol> ElementTypes(ITypeSymbol type, System.Func<INamedTypeSymbol, bool> isDefinition, Compilation compilation, int depth)
    {
        if (type is not ITypeParameterSymbol parameter)
        {
            return SymbolRules.ElementTypes(type, isDefinition);
        }

        var found = new List<ITypeSymbol>();
        if (depth > 8)
        {
            return found; // a constraint cycle, the compiler's CS0454
        }

        foreach (var constraint in parameter.ConstraintTypes)
        {
            foreach (var element in ElementTypes(constraint, isDefinition, compilation, depth + 1))
            {
                if (!found.Any(f => AreSameType(f, element, compilation)))
                {
                    found.Add(element);
                }
            }
        }

        return found;
    }

    /// <summary>
    /// Whether C# converts one type to the other by identity, as the compiler decides it: equal but for nullable
    /// annotations, tuple element names (<c>(int A, string B)</c> and <c>(int X, string Y)</c>), <c>object</c> against
    /// <c>dynamic</c> and <c>nint</c> against <c>IntPtr</c>, anywhere in the type. <c>SymbolEqualityComparer.Default</c>
    /// ignores only the first.
    /// </summary>
    /// <remarks>Equal symbols, the common case, answer without the compilation (whose answer is no conversion for error types).</remarks>
    public static bool AreSameType(ITypeSymbol first, ITypeSymbol second, Compilation compilation) =>
        SymbolEqualityComparer.Default.Equals(first, second) || compilation.ClassifyCommonConversion(first, second).IsIdentity;

    /// <summary>The element type of a sequence (see <see cref="GetSequenceElementType(ITypeSymbol, Compilation, out bool)"/>).</summary>
    public static ITypeSymbol? GetSequenceElementType(ITypeSymbol type, Compilation compilation) => GetSequenceElementType(type, compilation, out _);

    /// <summary>
    /// The element E of the outputs collection <paramref name="type"/>: not an array, implementing
    /// <c>ICollection&lt;E&gt;</c> for exactly one E; null otherwise.
    /// </summary>
    public static ITypeSymbol? GetOutputElementType(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol)
        {
            return null;
        }

        var elements = SymbolRules.ElementTypes(type, SymbolRules.IsCollectionDefinition);
        return elements.Count == 1 ? elements[0] : null;
    }

    /// <summary>
    /// Whether outputs of type <paramref name="output"/> go into a collection of <paramref name="element"/>:
    /// the same type, or a nullable value type whose underlying type it is.
    /// </summary>
    /// <param name="output">The [ItemOutput] member's type.</param>
    /// <param name="element">The outputs collection's element type.</param>
    /// <param name="compilation">The compilation, which tells identity conversions.</param>
    /// <param name="unwrap">Whether null outputs are skipped (a possibly-null output into non-nullable elements).</param>
    public static bool IsOutputElement(ITypeSymbol output, ITypeSymbol element, Compilation compilation, out bool unwrap)
    {
        if (AreSameType(output, element, compilation))
        {
            unwrap = SymbolRules.MayBeNull(output) && !SymbolRules.MayBeNull(element);
            return true;
        }

        unwrap = output is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            && AreSameType(nullable.TypeArguments[0], element, compilation);
        return unwrap;
    }

    /// <summary>R7: the slot takes the items' type (by identity conversion), and a non-nullable slot never receives possibly-null items.</summary>
    public static bool SlotAccepts(ITypeSymbol slot, ITypeSymbol element, Compilation compilation) =>
        AreSameType(slot, element, compilation)
        && !(SymbolRules.MayBeNull(element) && SymbolRules.IsNonNullableReference(slot) && slot is not ITypeParameterSymbol);

    /// <summary>
    /// Whether <c>new T()</c> compiles for the type from generated code inside the context type: a struct, a
    /// non-abstract class with an accessible parameterless constructor, or a type parameter with <c>new()</c>/<c>struct</c>.
    /// </summary>
    public static bool HasAccessibleParameterlessConstructor(ITypeSymbol type, INamedTypeSymbol within, Compilation compilation)
    {
        switch (type)
        {
            case ITypeParameterSymbol parameter:
                return parameter.HasConstructorConstraint || parameter.HasValueTypeConstraint;
            case INamedTypeSymbol { TypeKind: TypeKind.Struct }:
                return true;
            case INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: false, IsStatic: false } named:
                // The definition's constructors are cached with shared metadata symbols; a constructed type's are rebuilt per compilation.
                foreach (var constructor in named.OriginalDefinition.InstanceConstructors)
                {
                    if (constructor.Parameters.Length == 0 && compilation.IsSymbolAccessibleWithin(constructor, within))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>
    /// Whether one instance of the type, shared by concurrent item contexts, is a data race waiting
    /// to happen: arrays, <c>StringBuilder</c>, <c>PriorityQueue</c>, and mutable collections (ICollection&lt;T&gt;, ICollection, IList, IDictionary),
    /// except the concurrent, immutable, frozen and read-only ones.
    /// </summary>
    public static bool IsUnsafeToShare(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol)
        {
            return true;
        }

        if (type is not INamedTypeSymbol named || type.SpecialType == SpecialType.System_String)
        {
            return false;
        }

        var ns = named.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        if ((ns == "System.Text" && named.MetadataName == "StringBuilder")
            || (ns == "System.Collections.Generic" && named.MetadataName == "PriorityQueue`2"))
        {
            return true;
        }

        if (ns.StartsWith("System.Collections.Concurrent", System.StringComparison.Ordinal)
            || ns.StartsWith("System.Collections.Immutable", System.StringComparison.Ordinal)
            || ns.StartsWith("System.Collections.Frozen", System.StringComparison.Ordinal)
            || named.Name.StartsWith("ReadOnly", System.StringComparison.Ordinal)
            || named.Name.StartsWith("IReadOnly", System.StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var candidate in SelfAndInterfaces(named))
        {
            var definition = candidate.OriginalDefinition;
            if (definition.SpecialType == SpecialType.System_Collections_Generic_ICollection_T
                || (definition.ContainingNamespace?.ToDisplayString() == "System.Collections"
                    && definition.MetadataName is "ICollection" or "IList" or "IDictionary"))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<INamedTypeSymbol> SelfAndInterfaces(INamedTypeSymbol type)
    {
        yield return type;
        foreach (var implemented in type.AllInterfaces)
        {
            yield return implemented;
        }
    }
}

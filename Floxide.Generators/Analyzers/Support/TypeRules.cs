using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Analyzers.Support;

/// <summary>
/// Type questions the batch-context rules ask: the element type of an items member, whether a
/// type can be created per item, whether a shared instance of it is a data race.
/// </summary>
internal static class TypeRules
{
    /// <summary>
    /// The element type of a sequence: the T of the one <c>IEnumerable&lt;T&gt;</c> or <c>IAsyncEnumerable&lt;T&gt;</c>
    /// the type is or implements; null when it is neither, both, or one of them for several T.
    /// </summary>
    public static ITypeSymbol? GetSequenceElementType(ITypeSymbol type, FloxideSymbols symbols)
    {
        var sync = FindSingleConstruction(type, symbols.IEnumerableOfT, out var syncCount);
        var async = FindSingleConstruction(type, symbols.IAsyncEnumerableOfT, out var asyncCount);
        if (syncCount + asyncCount != 1)
        {
            return null;
        }

        return (sync ?? async)!.TypeArguments[0];
    }

    /// <summary>
    /// Whether the type can receive outputs of type <paramref name="output"/>: not an array, implementing
    /// <c>ICollection&lt;E&gt;</c> for exactly one E, which is the output type or, for a nullable value type output, its underlying type.
    /// </summary>
    public static bool IsOutputCollectionFor(ITypeSymbol type, ITypeSymbol output, FloxideSymbols symbols)
    {
        if (type is IArrayTypeSymbol)
        {
            return false;
        }

        ITypeSymbol? element = null;
        foreach (var candidate in SelfAndInterfaces(type))
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, symbols.ICollectionOfT))
            {
                if (element is not null && !SymbolEqualityComparer.Default.Equals(element, candidate.TypeArguments[0]))
                {
                    return false;
                }

                element = candidate.TypeArguments[0];
            }
        }

        if (element is null)
        {
            return false;
        }

        return SymbolEqualityComparer.Default.Equals(output, element)
            || (output is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
                && SymbolEqualityComparer.Default.Equals(nullable.TypeArguments[0], element));
    }

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
                foreach (var constructor in named.InstanceConstructors)
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

    /// <summary>Whether a value of the type may be null under nullable analysis (annotated, or an unconstrained type parameter not annotated otherwise).</summary>
    public static bool MayBeNull(ITypeSymbol type) =>
        type.NullableAnnotation == NullableAnnotation.Annotated
        || (type is ITypeParameterSymbol { HasReferenceTypeConstraint: false, HasValueTypeConstraint: false, HasUnmanagedTypeConstraint: false, HasNotNullConstraint: false }
            && type.NullableAnnotation != NullableAnnotation.NotAnnotated);

    /// <summary>Whether the type is a reference type declared non-nullable.</summary>
    public static bool IsNonNullableReference(ITypeSymbol type) => !type.IsValueType && type.NullableAnnotation == NullableAnnotation.NotAnnotated;

    /// <summary>
    /// Whether one instance of the type, shared by concurrent item contexts, is a data race waiting
    /// to happen: arrays, <c>StringBuilder</c>, <c>PriorityQueue</c>, and mutable collections (ICollection&lt;T&gt;, ICollection, IList, IDictionary),
    /// except the concurrent, immutable, frozen and read-only ones.
    /// </summary>
    public static bool IsUnsafeToShare(ITypeSymbol type, FloxideSymbols symbols)
    {
        if (type is IArrayTypeSymbol)
        {
            return true;
        }

        if (type is not INamedTypeSymbol named || type.SpecialType == SpecialType.System_String)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(named, symbols.StringBuilder)
            || SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, symbols.PriorityQueue))
        {
            return true;
        }

        var ns = named.ContainingNamespace?.ToDisplayString() ?? string.Empty;
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
            if (SymbolEqualityComparer.Default.Equals(definition, symbols.ICollectionOfT)
                || SymbolEqualityComparer.Default.Equals(definition, symbols.NonGenericICollection)
                || SymbolEqualityComparer.Default.Equals(definition, symbols.NonGenericIList)
                || SymbolEqualityComparer.Default.Equals(definition, symbols.NonGenericIDictionary))
            {
                return true;
            }
        }

        return false;
    }

    private static INamedTypeSymbol? FindSingleConstruction(ITypeSymbol type, INamedTypeSymbol? definition, out int count)
    {
        count = 0;
        if (definition is null)
        {
            return null;
        }

        INamedTypeSymbol? found = null;
        foreach (var candidate in SelfAndInterfaces(type))
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, definition))
            {
                found = candidate;
                count++;
            }
        }

        return count == 1 ? found : null;
    }

    private static System.Collections.Generic.IEnumerable<INamedTypeSymbol> SelfAndInterfaces(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol self)
        {
            yield return self;
        }

        // A type parameter's interfaces come from its constraints.
        foreach (var implemented in type.AllInterfaces)
        {
            yield return implemented;
        }
    }
}

using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Floxide.Generators.Helpers;

/// <summary>Symbol questions the parsers share.</summary>
internal static class SymbolRules
{
    /// <summary>
    /// Whether <paramref name="type"/> and every type containing it are declared <c>partial</c> in
    /// every declaration, so the generator can add a part.
    /// </summary>
    public static bool IsPartialAllTheWayUp(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaringSyntaxReferences.Length == 0)
            {
                return false;
            }

            foreach (var reference in current.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration ||
                    !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="type"/> is the given generic interface definition or implements it, with one type argument; yields the arguments found.</summary>
    public static List<ITypeSymbol> ElementTypes(ITypeSymbol type, System.Func<INamedTypeSymbol, bool> isDefinition)
    {
        var found = new List<ITypeSymbol>();
        if (type is INamedTypeSymbol named && named.IsGenericType && isDefinition(named.OriginalDefinition))
        {
            found.Add(named.TypeArguments[0]);
            return found;
        }

        foreach (var candidate in type.AllInterfaces)
        {
            if (candidate.IsGenericType && isDefinition(candidate.OriginalDefinition) &&
                !found.Any(f => SymbolEqualityComparer.Default.Equals(f, candidate.TypeArguments[0])))
            {
                found.Add(candidate.TypeArguments[0]);
            }
        }

        return found;
    }

    /// <summary>Whether <paramref name="type"/> is <c>System.Collections.Generic.IAsyncEnumerable&lt;T&gt;</c>'s definition.</summary>
    public static bool IsAsyncEnumerableDefinition(INamedTypeSymbol type) =>
        type.MetadataName == "IAsyncEnumerable`1" &&
        type.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic";

    /// <summary>Whether <paramref name="type"/> is <c>IEnumerable&lt;T&gt;</c>'s definition.</summary>
    public static bool IsEnumerableDefinition(INamedTypeSymbol type) =>
        type.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T;

    /// <summary>Whether <paramref name="type"/> is <c>ICollection&lt;T&gt;</c>'s definition.</summary>
    public static bool IsCollectionDefinition(INamedTypeSymbol type) =>
        type.SpecialType == SpecialType.System_Collections_Generic_ICollection_T;

    /// <summary>Whether a value of this type may be null under nullable analysis (annotated, or an unconstrained type parameter).</summary>
    public static bool MayBeNull(ITypeSymbol type) =>
        type.NullableAnnotation == NullableAnnotation.Annotated ||
        (type is ITypeParameterSymbol { HasReferenceTypeConstraint: false, HasValueTypeConstraint: false, HasUnmanagedTypeConstraint: false, HasNotNullConstraint: false }
            && type.NullableAnnotation != NullableAnnotation.NotAnnotated);

    /// <summary>Whether <paramref name="type"/> is a non-nullable reference (or unconstrained generic) type that nullable analysis tracks.</summary>
    public static bool IsNonNullableReference(ITypeSymbol type) =>
        !type.IsValueType && type.NullableAnnotation == NullableAnnotation.NotAnnotated;
}

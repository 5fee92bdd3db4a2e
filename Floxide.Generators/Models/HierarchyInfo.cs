using System.Collections.Generic;
using Floxide.Generators.Helpers;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Models;

/// <summary>
/// Where a generated partial declaration goes: its namespace and the chain of types from the
/// outermost containing type down to the annotated type itself. Covers nested types, generic types
/// and the global namespace without keeping any symbol alive.
/// </summary>
/// <param name="Namespace">The namespace, or empty for the global namespace.</param>
/// <param name="Types">The types, outermost first; the last one is the annotated type.</param>
/// <param name="FullyQualifiedName">The annotated type as code (<c>global::N.Outer&lt;T&gt;.Inner</c>).</param>
/// <param name="MetadataName">The CLR metadata name (<c>N.Outer`1+Inner</c>): unique per type, so it names the generated file.</param>
/// <param name="SimpleName">The annotated type's simple name, without type parameters.</param>
/// <param name="DeprecationIds">The IDs of the obsolete and experimental APIs the declaration reaches, which its file silences (<see cref="Helpers.DeprecationIds"/>).</param>
internal sealed record HierarchyInfo(
    string Namespace,
    EquatableArray<TypeDeclarationInfo> Types,
    string FullyQualifiedName,
    string MetadataName,
    string SimpleName,
    EquatableArray<string> DeprecationIds)
{
    /// <summary>
    /// Builds the hierarchy of <paramref name="type"/>; <paramref name="named"/> are the methods of other types its attributes
    /// name by <c>nameof</c> (<see cref="Helpers.DeprecationIds.Of"/>).
    /// </summary>
    public static HierarchyInfo From(INamedTypeSymbol type, IEnumerable<IMethodSymbol>? named = null)
    {
        var chain = new List<TypeDeclarationInfo>();
        for (var current = type; current is not null; current = current.ContainingType)
        {
            chain.Insert(0, new TypeDeclarationInfo(KeywordOf(current), SymbolNames.DeclarationName(current)));
        }

        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing
            ? containing.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted))
            : "";

        return new HierarchyInfo(
            ns,
            new EquatableArray<TypeDeclarationInfo>(chain.ToArray()),
            SymbolNames.FullyQualified(type),
            MetadataNameOf(type),
            type.Name,
            Helpers.DeprecationIds.Of(type, named ?? []));
    }

    /// <summary>
    /// Gets the generic definition the annotated type belongs to as <c>typeof</c> spells it (<c>global::N.Outer&lt;&gt;.Inner&lt;,&gt;</c>),
    /// or null when neither it nor a containing type has type parameters.
    /// </summary>
    public string? UnboundGenericName
    {
        get
        {
            if (FullyQualifiedName.IndexOf('<') < 0)
            {
                return null;
            }

            // A definition's type arguments are its type parameters, plain names: each list keeps only its commas.
            var builder = new System.Text.StringBuilder(FullyQualifiedName.Length);
            var inList = false;
            foreach (var character in FullyQualifiedName)
            {
                if (!inList || character is ',' or '>')
                {
                    builder.Append(character);
                }

                inList = character == '<' || (inList && character != '>');
            }

            return builder.ToString();
        }
    }

    /// <summary>Gets a hint name for the generated file, unique per type and feature.</summary>
    /// <param name="feature">The generating feature (<c>BatchContext</c>, <c>Node</c>).</param>
    public string HintName(string feature) => $"{MetadataName}.{feature}.g.cs";

    /// <summary>
    /// Gets the hint name, with a suffix when another type's metadata name equals this one ignoring case
    /// (<paramref name="collisions"/>, from <see cref="HintNameCollisions.Find"/>): Roslyn compares hint names ignoring case.
    /// </summary>
    /// <param name="feature">The generating feature (<c>BatchContext</c>, <c>Node</c>).</param>
    /// <param name="collisions">The colliding metadata names of the feature's types.</param>
    public string HintName(string feature, EquatableArray<string> collisions) =>
        System.Linq.Enumerable.Contains(collisions, MetadataName)
            ? $"{MetadataName}.{feature}.{HintNameCollisions.Suffix(MetadataName)}.g.cs"
            : HintName(feature);

    private static string KeywordOf(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };

    private static string MetadataNameOf(INamedTypeSymbol type)
    {
        var types = new List<string>();
        for (var current = type; current is not null; current = current.ContainingType)
        {
            types.Insert(0, current.MetadataName);
        }

        // Metadata names, not display strings: `namespace @event` displays as "@event", and a hint name
        // may not contain '@' (AddSource throws, and the whole generator fails for the compilation).
        var parts = new List<string>();
        for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            parts.Insert(0, ns.MetadataName);
        }

        parts.Add(string.Join("+", types));
        return string.Join(".", parts);
    }
}

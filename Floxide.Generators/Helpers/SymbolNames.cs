using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Helpers;

/// <summary>How symbols are spelled in generated code: always fully qualified with <c>global::</c>.</summary>
internal static class SymbolNames
{
    /// <summary>Fully qualified with <c>global::</c>, keeping <c>?</c> on nullable reference types.</summary>
    public static readonly SymbolDisplayFormat FullyQualifiedFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>A type's own name with its type parameters, as written in its declaration.</summary>
    public static readonly SymbolDisplayFormat DeclarationName = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters | SymbolDisplayGenericsOptions.IncludeVariance,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    /// <summary>Spells <paramref name="type"/> as code, e.g. <c>global::System.Collections.Generic.List&lt;string?&gt;</c>.</summary>
    public static string FullyQualified(ITypeSymbol type) => type.ToDisplayString(FullyQualifiedFormat);

    /// <summary>Spells a member name as an identifier, escaping keywords (<c>@class</c>).</summary>
    public static string Identifier(string name) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None
            ? "@" + name
            : name;
}

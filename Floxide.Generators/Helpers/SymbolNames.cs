using System.Text;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Helpers;

/// <summary>How symbols are spelled in generated code: always fully qualified with <c>global::</c>.</summary>
internal static class SymbolNames
{
    /// <summary>Fully qualified with <c>global::</c>, keeping <c>?</c> on nullable reference types.</summary>
    public static readonly SymbolDisplayFormat FullyQualifiedFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly SymbolDisplayFormat DeclarationFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters | SymbolDisplayGenericsOptions.IncludeVariance,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    /// <summary>
    /// A type's own name with its type parameters, as a partial declaration re-opens it (<c>Outer&lt;T&gt;</c>). Keywords
    /// are escaped, and so are names of lower-case ASCII letters alone: C# warns on every declaration that spells one
    /// plainly (CS8981, the name may become a keyword), so a user who silenced that warning in their own file would
    /// meet it again in the generated one. '@' is allowed before any identifier and changes nothing else.
    /// </summary>
    public static string DeclarationName(INamedTypeSymbol type)
    {
        var builder = new StringBuilder();
        foreach (var part in type.ToDisplayParts(DeclarationFormat))
        {
            var text = part.ToString();
            builder.Append(part.Symbol is ITypeSymbol && IsLowerCaseAscii(text) ? "@" + text : text);
        }

        return builder.ToString();
    }

    private static bool IsLowerCaseAscii(string name)
    {
        foreach (var c in name)
        {
            if (c is < 'a' or > 'z')
            {
                return false;
            }
        }

        return name.Length > 0;
    }

    /// <summary>
    /// Spells <paramref name="type"/> as code, e.g. <c>global::System.Collections.Generic.List&lt;string?&gt;</c>.
    /// <c>dynamic</c> is spelled <c>object</c>: the same type at run time, and unlike <c>dynamic</c> it may
    /// appear in an implemented interface (CS1966); generated code never dispatches dynamically.
    /// </summary>
    public static string FullyQualified(ITypeSymbol type)
    {
        var builder = new StringBuilder();
        foreach (var part in type.ToDisplayParts(FullyQualifiedFormat))
        {
            builder.Append(part.Symbol is IDynamicTypeSymbol ? "object" : part.ToString());
        }

        return builder.ToString();
    }

    /// <summary>Spells a member name as an identifier, escaping keywords (<c>@class</c>).</summary>
    public static string Identifier(string name) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None
            ? "@" + name
            : name;
}

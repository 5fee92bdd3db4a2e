using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Floxide.Generators.Names;

/// <summary>
/// The one way a Floxide attribute is recognised, and its named arguments read: by the metadata names in
/// <see cref="FloxideNames"/>, compared without a compilation, so the generator (which has none to spare on its
/// hot path) and the analyzers recognise exactly the same attributes.
/// </summary>
internal static class FloxideAttributes
{
    /// <summary>Whether <paramref name="type"/> is the runtime type named <paramref name="metadataName"/> (one of <see cref="FloxideNames"/>'s).</summary>
    public static bool Is(INamedTypeSymbol? type, string metadataName)
    {
        // "Floxide." followed by the type's own metadata name, in the global Floxide namespace.
        const int prefix = 8;
        return type is not null
            && metadataName.Length == prefix + type.MetadataName.Length
            && string.CompareOrdinal(metadataName, prefix, type.MetadataName, 0, type.MetadataName.Length) == 0
            && IsInFloxideNamespace(type);
    }

    /// <summary>Whether <paramref name="attribute"/> applies the attribute named <paramref name="metadataName"/>.</summary>
    public static bool Is(AttributeData attribute, string metadataName) => Is(attribute.AttributeClass, metadataName);

    /// <summary>The first application of the attribute named <paramref name="metadataName"/> on <paramref name="symbol"/>, if any.</summary>
    public static AttributeData? Find(ISymbol symbol, string metadataName)
    {
        foreach (var data in symbol.GetAttributes())
        {
            if (Is(data.AttributeClass, metadataName))
            {
                return data;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="symbol"/> carries the attribute named <paramref name="metadataName"/>.</summary>
    public static bool Has(ISymbol symbol, string metadataName) => Find(symbol, metadataName) is not null;

    /// <summary>Whether <paramref name="symbol"/> is declared directly in the global <c>Floxide</c> namespace.</summary>
    public static bool IsInFloxideNamespace(ISymbol symbol) =>
        symbol.ContainingNamespace is { Name: FloxideNames.Namespace, ContainingNamespace.IsGlobalNamespace: true };

    /// <summary>The value given to the named argument <paramref name="name"/> (one of <see cref="FloxideNames.Arguments"/>), or null when it is not given.</summary>
    public static TypedConstant? NamedArgument(AttributeData attribute, string name)
    {
        TypedConstant? value = null;
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == name)
            {
                value = argument.Value;
            }
        }

        return value;
    }

    /// <summary>The int given to the named argument <paramref name="name"/>, or null when it is not given.</summary>
    public static int? IntArgument(AttributeData attribute, string name) => NamedArgument(attribute, name) is { Value: int value } ? value : null;

    /// <summary>Where the named argument <paramref name="name"/> is written, to point a diagnostic at, else where the attribute is.</summary>
    public static Location? ArgumentLocation(AttributeData attribute, string name, CancellationToken cancellationToken) =>
        NamedArgumentSyntax(attribute, name, cancellationToken)?.GetLocation() ?? LocationOf(attribute, cancellationToken);

    /// <summary>The syntax of the named argument <paramref name="name"/>, to point a diagnostic at; null when it is not written.</summary>
    public static AttributeArgumentSyntax? NamedArgumentSyntax(AttributeData attribute, string name, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList: { } list })
        {
            AttributeArgumentSyntax? found = null;
            foreach (var argument in list.Arguments)
            {
                if (argument.NameEquals?.Name.Identifier.ValueText == name)
                {
                    found = argument;
                }
            }

            return found;
        }

        return null;
    }

    /// <summary>
    /// The <c>Type.Member</c> of a named argument <paramref name="name"/> written <c>nameof(Type.Member)</c>, to bind; null
    /// when it is written otherwise (a string, <c>nameof(Member)</c>) or not at all.
    /// </summary>
    public static MemberAccessExpressionSyntax? NameofMemberAccess(AttributeData attribute, string name, CancellationToken cancellationToken)
    {
        var expression = NamedArgumentSyntax(attribute, name, cancellationToken)?.Expression;
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression is InvocationExpressionSyntax
        {
            Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" },
            ArgumentList.Arguments: [{ Expression: MemberAccessExpressionSyntax member }],
        }
            ? member
            : null;
    }

    /// <summary>Where <paramref name="attribute"/> is applied, or null for one from metadata.</summary>
    public static Location? LocationOf(AttributeData attribute, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation();
}

using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Workflows;

/// <summary>
/// How the workflow readers read Floxide attributes: which attribute an <see cref="AttributeData"/> is,
/// where it is written, and the action an argument names.
/// </summary>
internal static class WorkflowAttributes
{
    /// <summary>Whether <paramref name="attribute"/> is the Floxide attribute class named <paramref name="name"/>.</summary>
    public static bool Is(AttributeData attribute, string name) =>
        attribute.AttributeClass is { Name: var actual, ContainingNamespace: { Name: "Floxide", ContainingNamespace.IsGlobalNamespace: true } } && actual == name;

    /// <summary>Whether <paramref name="attribute"/> names steps of the graph.</summary>
    public static bool IsGraphAttribute(AttributeData attribute) =>
        Is(attribute, "StartAttribute") || Is(attribute, "RouteAttribute") || Is(attribute, "FallbackAttribute") ||
        Is(attribute, "EndOnAttribute") || Is(attribute, "BatchStepAttribute");

    /// <summary>Where <paramref name="attribute"/> is written; null for an attribute from metadata.</summary>
    public static Location? LocationOf(AttributeData attribute, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation();

    /// <summary>The action name of an attribute argument, as the runtime names it; null when invalid.</summary>
    public static string? ActionName(TypedConstant argument)
    {
        if (argument.Kind == TypedConstantKind.Primitive && argument.Value is string { Length: > 0 } text)
        {
            return text;
        }

        if (argument.Kind == TypedConstantKind.Enum && argument.Type is INamedTypeSymbol enumType && argument.Value is not null)
        {
            // Enum.ToString of a value without a member is its number.
            return CanonicalMembers(enumType).FirstOrDefault(f => Equals(f.ConstantValue, argument.Value))?.Name
                ?? System.Convert.ToString(argument.Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        return null;
    }

    /// <summary>One member per distinct value, the first declared: the name <c>NodeAction.From</c> gives an aliased value.</summary>
    public static List<IFieldSymbol> CanonicalMembers(INamedTypeSymbol enumType)
    {
        var members = new List<IFieldSymbol>();
        foreach (var field in enumType.GetMembers().OfType<IFieldSymbol>())
        {
            if (field.HasConstantValue && !members.Any(m => Equals(m.ConstantValue, field.ConstantValue)))
            {
                members.Add(field);
            }
        }

        return members;
    }
}

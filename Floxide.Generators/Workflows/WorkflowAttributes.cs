using System.Collections.Generic;
using System.Linq;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;
using static Floxide.Generators.Names.FloxideAttributes;

namespace Floxide.Generators.Workflows;

/// <summary>
/// What the workflow attributes say beyond their names (which <see cref="FloxideAttributes"/> recognises):
/// which of them name the graph's steps, the action an argument names, and whether a named type is open.
/// </summary>
internal static class WorkflowAttributes
{
    /// <summary>Whether <paramref name="attribute"/> names steps of the graph.</summary>
    public static bool IsGraphAttribute(AttributeData attribute) =>
        Is(attribute, FloxideNames.Attributes.Start) || Is(attribute, FloxideNames.Attributes.Route) || Is(attribute, FloxideNames.Attributes.Fallback) ||
        Is(attribute, FloxideNames.Attributes.EndOn) || Is(attribute, FloxideNames.Attributes.BatchStep);

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

    /// <summary>
    /// Whether <paramref name="type"/> is an open generic, <c>typeof(Gen&lt;&gt;)</c> or <c>typeof(Outer&lt;&gt;.Step)</c>:
    /// nothing can be created or called through it, so it can be neither a step nor a context.
    /// </summary>
    public static bool IsOpenGeneric(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsUnboundGenericType)
            {
                return true;
            }
        }

        return false;
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

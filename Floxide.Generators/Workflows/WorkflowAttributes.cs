using System.Collections.Generic;
using System.Linq;
using Floxide.Generators.Helpers;
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
            // Enum.ToString of a value without a member is its number, or for a [Flags] enum the names of its flags.
            return CanonicalMembers(enumType).FirstOrDefault(f => Equals(f.ConstantValue, argument.Value))?.Name
                ?? (IsFlags(enumType) ? FlagNames(LargestFirst(enumType), Bits(argument.Value)) : null)
                ?? System.Convert.ToString(argument.Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        return null;
    }

    /// <summary>Whether <paramref name="enumType"/> is a <c>[Flags]</c> enum, whose values combine members.</summary>
    public static bool IsFlags(INamedTypeSymbol enumType) =>
        enumType.GetAttributes().Any(a => a.AttributeClass is { } attribute && SymbolRules.IsSystemType(attribute, "FlagsAttribute"));

    /// <summary>
    /// Enum.ToString of a <c>[Flags]</c> value no single member has: the names of the members that make it up, largest
    /// first taken, listed from the smallest, joined by ", " ("A, B"); null when members cannot make it up (then the number).
    /// </summary>
    /// <param name="largestFirst">The enum's <see cref="CanonicalMembers"/>, largest value first (<see cref="LargestFirst(INamedTypeSymbol)"/>).</param>
    /// <param name="value">The value.</param>
    private static string? FlagNames(IReadOnlyList<IFieldSymbol> largestFirst, ulong value)
    {
        var remaining = value;
        if (remaining == 0)
        {
            return null;
        }

        var names = new List<string>();
        foreach (var member in largestFirst)
        {
            var bits = Bits(member.ConstantValue!);
            if (bits != 0 && (remaining & bits) == bits)
            {
                names.Insert(0, member.Name);
                remaining &= ~bits;
            }
        }

        return remaining == 0 ? string.Join(", ", names) : null;
    }

    /// <summary>
    /// Whether <paramref name="name"/> is how Enum.ToString names a value of the <c>[Flags]</c> enum <paramref name="enumType"/>
    /// that combines members ("A, B", never "B, A"): the name a step returning that value routes by.
    /// </summary>
    public static bool IsFlagCombinationName(INamedTypeSymbol enumType, string name)
    {
        var members = CanonicalMembers(enumType);
        ulong bits = 0;
        foreach (var part in name.Split(new[] { ", " }, System.StringSplitOptions.None))
        {
            if (members.FirstOrDefault(m => m.Name == part) is not { } member)
            {
                return false;
            }

            bits |= Bits(member.ConstantValue!);
        }

        return FlagNames(LargestFirst(members), bits) == name;
    }

    /// <summary>
    /// The names of the values of a <c>[Flags]</c> enum that combine two or more of its single-bit members and that no
    /// member has, in order of value (the first 10 flags, so at most 1013 names): actions a step returning it can return
    /// besides its members.
    /// </summary>
    public static IEnumerable<string> FlagCombinationNames(INamedTypeSymbol enumType)
    {
        var members = CanonicalMembers(enumType);
        var largestFirst = LargestFirst(members);
        var flags = members.Select(m => Bits(m.ConstantValue!)).Where(b => b != 0 && (b & (b - 1)) == 0).OrderBy(b => b).Take(10).ToList();
        for (var mask = 1; mask < 1 << flags.Count; mask++)
        {
            ulong bits = 0;
            var count = 0;
            for (var i = 0; i < flags.Count; i++)
            {
                if ((mask & (1 << i)) != 0)
                {
                    bits |= flags[i];
                    count++;
                }
            }

            if (count >= 2 && !members.Any(m => Bits(m.ConstantValue!) == bits) && FlagNames(largestFirst, bits) is { } name)
            {
                yield return name;
            }
        }
    }

    /// <summary>An enum constant's bits, sign-extended as the runtime reads a signed underlying type.</summary>
    private static ulong Bits(object value) =>
        value is ulong unsigned ? unsigned : unchecked((ulong)System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));

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

    /// <summary>
    /// One member per distinct value, the first declared: the name the generator gives an aliased value (at run time
    /// <c>Enum.ToString</c> names it, and .NET leaves which alias unspecified: FLX0119's page says not to alias actions).
    /// </summary>
    public static List<IFieldSymbol> CanonicalMembers(INamedTypeSymbol enumType)
    {
        // A set of the values seen, not a search of the list: an enum of thousands of members read once per route was quadratic each time.
        var members = new List<IFieldSymbol>();
        var values = new HashSet<object>();
        foreach (var field in enumType.GetMembers().OfType<IFieldSymbol>())
        {
            if (field.HasConstantValue && field.ConstantValue is { } value && values.Add(value))
            {
                members.Add(field);
            }
        }

        return members;
    }

    /// <summary>The <see cref="CanonicalMembers"/>, largest value first: the order Enum.ToString takes flags in.</summary>
    private static List<IFieldSymbol> LargestFirst(INamedTypeSymbol enumType) => LargestFirst(CanonicalMembers(enumType));

    private static List<IFieldSymbol> LargestFirst(List<IFieldSymbol> members) => members.OrderByDescending(m => Bits(m.ConstantValue!)).ToList();
}

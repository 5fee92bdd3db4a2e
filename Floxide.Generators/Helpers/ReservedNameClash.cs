namespace Floxide.Generators.Helpers;

/// <summary>
/// The message arguments of FLX0023 and FLX0101, which report two kinds of clash with a member the generator adds: the
/// type declares or inherits a member of its name, or the type itself is named like it (C# allows no member named like
/// its type, CS0542). The advice differs, so the clash is an argument of one format.
/// </summary>
internal static class ReservedNameClash
{
    private const string TypeNameReason = "C# does not allow a member named like its type";

    /// <summary>
    /// FLX0023's arguments when <paramref name="type"/> declares or inherits <paramref name="member"/> (or, for a base type
    /// with the same attribute, when <paramref name="member"/> names that base) added to every <c>[attribute]</c> type.
    /// </summary>
    public static object?[] Member(string type, string member, string attribute) =>
        [type, $"declares or inherits '{member}', which clashes with the members", attribute, $", or do not derive from another [{attribute}] type"];

    /// <summary>FLX0023's arguments when <paramref name="type"/> is named like a member added to every <c>[attribute]</c> type.</summary>
    public static object?[] TypeName(string type, string attribute) =>
        [type, $"is named like the member '{type}'", attribute, $" ({TypeNameReason})"];

    /// <summary>FLX0101's arguments when the workflow <paramref name="type"/> declares or inherits <paramref name="member"/>.</summary>
    public static object?[] WorkflowMember(string type, string member) =>
        [type, $"declares or inherits '{member}'", "remove or rename it"];

    /// <summary>FLX0101's arguments when the workflow <paramref name="type"/> is named like a member the generator adds.</summary>
    public static object?[] WorkflowTypeName(string type) =>
        [type, $"is named like the member '{type}'", $"rename the workflow ({TypeNameReason})"];

    /// <summary>The one of <paramref name="names"/> (members the generator adds) that <paramref name="type"/> is named, or null.</summary>
    public static string? NamedLike(Microsoft.CodeAnalysis.INamedTypeSymbol type, params string[][] names)
    {
        foreach (var group in names)
        {
            foreach (var name in group)
            {
                if (name == type.Name)
                {
                    return name;
                }
            }
        }

        return null;
    }
}

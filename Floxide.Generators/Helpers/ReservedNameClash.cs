namespace Floxide.Generators.Helpers;

/// <summary>
/// The message arguments of FLX0023 and FLX0101, which report two kinds of clash with a member the generator adds: the
/// type declares or inherits a member of its name, or the type itself is named like it (C# allows no member named like
/// its type, CS0542). The advice differs, so the clash is an argument of one format.
/// </summary>
internal static class ReservedNameClash
{
    private const string TypeNameReason = "C# does not allow a member named like its type";
    private const string TypeParameterReason = "C# does not allow a member named like a type parameter of its type";

    /// <summary>
    /// FLX0023's arguments when <paramref name="type"/> declares or inherits <paramref name="member"/> (or, for a base type
    /// with the same attribute, when <paramref name="member"/> names that base) added to every <c>[attribute]</c> type.
    /// </summary>
    public static object?[] Member(string type, string member, string attribute) =>
        [type, $"declares or inherits '{member}', which clashes with the members", attribute, $", or do not derive from another [{attribute}] type"];

    /// <summary>
    /// FLX0023's arguments when <paramref name="type"/>, or its type parameter, is named like <paramref name="member"/>, added
    /// to every <c>[attribute]</c> type.
    /// </summary>
    public static object?[] TypeName(string type, string member, bool typeParameter, string attribute) => typeParameter
        ? [type, $"has a type parameter named like the member '{member}'", attribute, $" ({TypeParameterReason})"]
        : [type, $"is named like the member '{member}'", attribute, $" ({TypeNameReason})"];

    /// <summary>FLX0101's arguments when the workflow <paramref name="type"/> declares or inherits <paramref name="member"/>.</summary>
    public static object?[] WorkflowMember(string type, string member) =>
        [type, $"declares or inherits '{member}'", "remove or rename it"];

    /// <summary>
    /// FLX0101's arguments when the workflow <paramref name="type"/>, or its type parameter, is named like
    /// <paramref name="member"/>, which the generator adds.
    /// </summary>
    public static object?[] WorkflowTypeName(string type, string member, bool typeParameter) => typeParameter
        ? [type, $"has a type parameter named like the member '{member}'", $"rename the type parameter ({TypeParameterReason})"]
        : [type, $"is named like the member '{member}'", $"rename the workflow ({TypeNameReason})"];

    /// <summary>
    /// The one of <paramref name="names"/> (members the generator adds) that <paramref name="type"/> is named (CS0542) or
    /// one of its own type parameters is (CS0102), and which of the two; null for none.
    /// </summary>
    public static (string Member, bool TypeParameter)? NamedLike(Microsoft.CodeAnalysis.INamedTypeSymbol type, params string[][] names)
    {
        foreach (var group in names)
        {
            foreach (var name in group)
            {
                if (name == type.Name)
                {
                    return (name, false);
                }

                foreach (var parameter in type.TypeParameters)
                {
                    if (name == parameter.Name)
                    {
                        return (name, true);
                    }
                }
            }
        }

        return null;
    }
}

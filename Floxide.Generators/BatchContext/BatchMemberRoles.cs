using System.Collections.Generic;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.BatchContext;

/// <summary>Which role attribute gives which <see cref="BatchMemberRole"/>, and how roles are named in diagnostics.</summary>
internal static class BatchMemberRoles
{
    private static readonly (BatchMemberRole Role, string Attribute)[] All =
    [
        (BatchMemberRole.BatchItems, FloxideNames.Attributes.BatchItems),
        (BatchMemberRole.BatchItem, FloxideNames.Attributes.BatchItem),
        (BatchMemberRole.ItemOutput, FloxideNames.Attributes.ItemOutput),
        (BatchMemberRole.BatchOutputs, FloxideNames.Attributes.BatchOutputs),
        (BatchMemberRole.Shared, FloxideNames.Attributes.Shared),
        (BatchMemberRole.PerItem, FloxideNames.Attributes.PerItem),
    ];

    /// <summary>The role an attribute class gives, or <see cref="BatchMemberRole.None"/> for any other attribute.</summary>
    public static BatchMemberRole Of(INamedTypeSymbol? attribute)
    {
        if (attribute is null || !FloxideAttributes.IsInFloxideNamespace(attribute))
        {
            return BatchMemberRole.None;
        }

        foreach (var (role, name) in All)
        {
            if (FloxideAttributes.Is(attribute, name))
            {
                return role;
            }
        }

        return BatchMemberRole.None;
    }

    /// <summary>The roles as attribute names (without the suffix), in declaration order.</summary>
    public static IEnumerable<string> Names(BatchMemberRole roles)
    {
        foreach (var (role, _) in All)
        {
            if ((roles & role) != 0)
            {
                yield return role.ToString();
            }
        }
    }
}

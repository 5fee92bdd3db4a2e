using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Helpers;

/// <summary>
/// How accessible a generated member can be. C# requires the types in a member's signature to be at
/// least as accessible as the member (CS0050, CS0051, CS0053), so a public type whose items, context or
/// steps are internal or private gets its generated members at that level instead of broken code.
/// </summary>
internal static class MemberAccessibility
{
    // Most accessible first; the parsers ask once per annotated type on every compilation.
    private static readonly Accessibility[] Candidates = [Accessibility.Public, Accessibility.Internal, Accessibility.Private];

    /// <summary>
    /// The most accessible of <see cref="Accessibility.Public"/>, <see cref="Accessibility.Internal"/> and
    /// <see cref="Accessibility.Private"/> that a member declared in
    /// <paramref name="owner"/> may have when <paramref name="signatureTypes"/> appear in its signature.
    /// </summary>
    /// <remarks>
    /// Conservative where C# is subtle: protected (and protected-internal) types are treated as private to
    /// their container (or internal), which never yields a member the compiler rejects.
    /// </remarks>
    public static Accessibility For(INamedTypeSymbol owner, params ITypeSymbol[] signatureTypes)
    {
        foreach (var candidate in Candidates)
        {
            var allowed = true;
            foreach (var type in signatureTypes)
            {
                if (!IsVisibleWherever(type, owner, candidate))
                {
                    allowed = false;
                    break;
                }
            }

            if (allowed)
            {
                return candidate;
            }
        }

        // A type the owner can name is always visible inside the owner.
        return Accessibility.Private;
    }

    /// <summary>Whether <paramref name="type"/> is visible wherever a member of <paramref name="owner"/> with <paramref name="member"/> accessibility is.</summary>
    private static bool IsVisibleWherever(ITypeSymbol type, INamedTypeSymbol owner, Accessibility member)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return IsVisibleWherever(array.ElementType, owner, member);
            case INamedTypeSymbol named:
                foreach (var argument in named.TypeArguments)
                {
                    if (!IsVisibleWherever(argument, owner, member))
                    {
                        return false;
                    }
                }

                for (var level = named; level is not null; level = level.ContainingType)
                {
                    var visible = level.DeclaredAccessibility switch
                    {
                        Accessibility.Public => true,
                        Accessibility.Internal or Accessibility.ProtectedOrInternal => member != Accessibility.Public || IsWithinAssembly(owner),
                        _ => level.ContainingType is { } container && IsWithinBodyOf(owner, member, container),
                    };

                    if (!visible)
                    {
                        return false;
                    }
                }

                return true;
            default:
                // Type parameters are in scope wherever the owner is; dynamic, pointers and errors are refused elsewhere.
                return true;
        }
    }

    /// <summary>Whether every member of <paramref name="owner"/> is confined to this assembly by the owner's own accessibility.</summary>
    private static bool IsWithinAssembly(INamedTypeSymbol owner)
    {
        for (var level = owner; level is not null; level = level.ContainingType)
        {
            if (level.DeclaredAccessibility is Accessibility.Internal or Accessibility.Private or Accessibility.ProtectedAndInternal)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a member of <paramref name="owner"/> with <paramref name="member"/> accessibility is confined to the body of <paramref name="container"/>.</summary>
    private static bool IsWithinBodyOf(INamedTypeSymbol owner, Accessibility member, INamedTypeSymbol container)
    {
        for (var level = owner; level is not null; level = level.ContainingType)
        {
            if (SymbolEqualityComparer.Default.Equals(level, container))
            {
                // The owner is the container or nested in it: a private member stays inside.
                return member == Accessibility.Private;
            }

            if (level.DeclaredAccessibility == Accessibility.Private && IsNestedIn(level, container))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNestedIn(INamedTypeSymbol type, INamedTypeSymbol container)
    {
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (SymbolEqualityComparer.Default.Equals(outer, container))
            {
                return true;
            }
        }

        return false;
    }
}

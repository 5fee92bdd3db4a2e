using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Floxide.Generators.Helpers;
using Floxide.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Floxide.Generators.DependencyInjection;

/// <summary>
/// Reads how a valid <c>[Node]</c> or <c>[Workflow]</c> type can be created by the container without reflection, or
/// null when generated code at the assembly's top level cannot create it: a generic declaration (or one nested in a
/// generic type; a workflow's closed generic node steps are registered as the workflow names them), an abstract one, one
/// not visible in its whole assembly, or (for nodes) no single widest accessible constructor whose parameters can all be
/// resolved (a <c>[FromKeyedServices]</c> key no literal can write, <c>[ServiceKey]</c>), or one that needs more than a
/// constructor call (required members), or whose widest constructor is obsolete or experimental (it names another to call, which only the user can pick). Such types are left for the user to register. The registration is emitted for
/// every project that references dependency injection, which every project that references Floxide does, so it must
/// compile warning-free whatever the node looks like.
/// </summary>
internal static class ServiceReader
{
    /// <summary>
    /// The registration of a node: its accessible constructor with the most parameters. The container's own activation
    /// takes the longest one it can satisfy, which only it knows at run time; the README tells a node with a fallback
    /// constructor to register itself.
    /// </summary>
    public static ServiceModel? ForNode(INamedTypeSymbol type)
    {
        if (!IsCreatable(type))
        {
            return null;
        }

        var constructors = type.InstanceConstructors.Where(IsAccessible).OrderByDescending(c => c.Parameters.Length).ToList();
        if (constructors.Count == 0 || (constructors.Count > 1 && constructors[0].Parameters.Length == constructors[1].Parameters.Length))
        {
            return null; // none, or ambiguous: the container would refuse it too
        }

        if (IsObsolete(constructors[0]) || (HasRequiredMembers(type) && !SetsRequiredMembers(constructors[0])))
        {
            return null;
        }

        var arguments = new List<ServiceArgument>();
        foreach (var parameter in constructors[0].Parameters)
        {
            if (parameter.RefKind != RefKind.None || !IsNameable(parameter.Type))
            {
                return null;
            }

            // [FromKeyedServices(key)], which the container's own activation honours: resolved by its key, not as the
            // unkeyed service of its type (a silently different instance). A key no literal can give, and [ServiceKey],
            // leave the node for the user to register.
            if (!TryReadKey(parameter, out var key))
            {
                return null;
            }

            var optional = parameter.IsOptional || parameter.IsParams;
            if (optional && !CanBeNull(parameter.Type))
            {
                continue; // keeps its default: the arguments are named, so the ones after it still bind
            }

            var kind = key is null && IsHttpClient(parameter.Type) ? ServiceArgumentKind.HttpClient
                : optional ? ServiceArgumentKind.Optional
                : parameter.Type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T ? ServiceArgumentKind.RequiredNullableValue
                : ServiceArgumentKind.Required;
            // An optional parameter's default when the container has no such service (int? retries = 3 gets 3, not null), as
            // the container's own activation does.
            var fallback = kind == ServiceArgumentKind.Optional && parameter.HasExplicitDefaultValue && parameter.ExplicitDefaultValue is { } value
                ? Literal(parameter.Type, value)
                : null;
            arguments.Add(new ServiceArgument(SymbolNames.Identifier(parameter.Name), TypeName(parameter.Type), kind, key, fallback));
        }

        return new ServiceModel(
            SymbolNames.FullyQualified(type),
            type.Name,
            new EquatableArray<ServiceArgument>(arguments.ToArray()),
            DeprecationIds.OfRegistration(type, constructors[0], []));
    }

    /// <summary>
    /// The registration of a workflow: its generated constructor that takes one instance per step type and, when
    /// <paramref name="takesLoggerFactory"/> (it has batch steps), the container's <c>ILoggerFactory</c> if there is one.
    /// </summary>
    public static ServiceModel? ForWorkflow(INamedTypeSymbol type, Accessibility constructorAccessibility, IEnumerable<ITypeSymbol> stepTypes, bool takesLoggerFactory)
    {
        if (!IsCreatable(type) || constructorAccessibility is not (Accessibility.Public or Accessibility.Internal) || HasRequiredMembers(type))
        {
            return null;
        }

        var steps = stepTypes.ToList();
        var arguments = steps.Select(step => new ServiceArgument(null, TypeName(step), ServiceArgumentKind.Required)).ToList();
        if (takesLoggerFactory)
        {
            arguments.Add(new ServiceArgument(null, "global::Microsoft.Extensions.Logging.ILoggerFactory", ServiceArgumentKind.Optional));
        }

        return new ServiceModel(
            SymbolNames.FullyQualified(type),
            type.Name,
            new EquatableArray<ServiceArgument>(arguments.ToArray()),
            DeprecationIds.OfRegistration(type, null, steps));
    }

    /// <summary>
    /// Reads a parameter's <c>[FromKeyedServices(key)]</c> key as a C# expression (null when it has none); false for a key
    /// the generated call cannot write (null, a type, the inherited key) and for <c>[ServiceKey]</c>.
    /// </summary>
    private static bool TryReadKey(IParameterSymbol parameter, out string? key)
    {
        key = null;
        foreach (var attribute in parameter.GetAttributes())
        {
            if (attribute.AttributeClass is not { ContainingNamespace: var ns } attributeClass
                || ns.ToDisplayString() != "Microsoft.Extensions.DependencyInjection")
            {
                continue;
            }

            if (attributeClass.Name == "ServiceKeyAttribute")
            {
                return false;
            }

            if (attributeClass.Name != "FromKeyedServicesAttribute")
            {
                continue;
            }

            if (attribute.ConstructorArguments.Length != 1)
            {
                return false;
            }

            // The key is compared with Equals, so it keeps its type: 3L is a long key, not the int 3. A floating-point key is
            // left to the user, as the README says of any kind of key but these.
            var value = attribute.ConstructorArguments[0];
            key = value is { Kind: TypedConstantKind.Primitive or TypedConstantKind.Enum, Type: { } keyType, Value: { } given and not (double or float or decimal) }
                ? keyType.SpecialType == SpecialType.System_Int32 ? ((int)given).ToString(CultureInfo.InvariantCulture) : Literal(keyType, given)
                : null;
            return key is not null;
        }

        return true;
    }

    /// <summary>
    /// A constant (a parameter's default value, a service key) as a C# expression of <paramref name="type"/> (its
    /// underlying type, when nullable), or null for one this cannot write: a parameter's argument then falls back to the
    /// service or null, and a key leaves the node to the user.
    /// </summary>
    private static string? Literal(ITypeSymbol type, object value)
    {
        var target = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? nullable.TypeArguments[0]
            : type;
        if (target.TypeKind == TypeKind.Enum)
        {
            return IsNameable(target) ? $"({SymbolNames.FullyQualified(target)})({SymbolDisplay.FormatPrimitive(value, quoteStrings: false, useHexadecimalNumbers: false)})" : null;
        }

        return value switch
        {
            string text => SymbolDisplay.FormatLiteral(text, quote: true),
            char character => SymbolDisplay.FormatLiteral(character, quote: true),
            bool flag => flag ? "true" : "false",
            // A negative zero keeps its sign: decimal's text drops it ("0.0"), and double's "-0" would be the int 0.
            decimal number when number == 0m && decimal.GetBits(number)[3] < 0 => "-" + number.ToString(CultureInfo.InvariantCulture) + "m",
            decimal number => number.ToString(CultureInfo.InvariantCulture) + "m",
            double number when number == 0d && System.BitConverter.DoubleToInt64Bits(number) < 0 => $"({TypeName(target)})(-0.0)",
            double number when !double.IsNaN(number) && !double.IsInfinity(number) => $"({TypeName(target)})({number.ToString("R", CultureInfo.InvariantCulture)})",
            float number when !float.IsNaN(number) && !float.IsInfinity(number) => $"({TypeName(target)})({number.ToString("R", CultureInfo.InvariantCulture)}F)",
            sbyte or byte or short or ushort or int or uint or long or ulong =>
                $"({TypeName(target)})({SymbolDisplay.FormatPrimitive(value, quoteStrings: false, useHexadecimalNumbers: false)})",
            _ => null,
        };
    }

    private static bool IsCreatable(INamedTypeSymbol type)
    {
        if (type.IsAbstract || type.IsStatic)
        {
            return false;
        }

        // A generic declaration (or one nested in a generic type) is not, but a closed type a workflow names as a step
        // (Step<int>, Outer<string>.Step) is: its type arguments are named at the assembly's top level like any type.
        for (var level = type; level is not null; level = level.ContainingType)
        {
            if (level.IsUnboundGenericType || !level.TypeArguments.All(IsNameable))
            {
                return false;
            }
        }

        return IsNameable(type);
    }

    private static bool HasRequiredMembers(INamedTypeSymbol type)
    {
        for (var level = type; level is not null; level = level.BaseType)
        {
            foreach (var member in level.GetMembers())
            {
                if (member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true })
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool SetsRequiredMembers(IMethodSymbol constructor) =>
        constructor.GetAttributes().Any(a => a.AttributeClass is { Name: "SetsRequiredMembersAttribute" });

    private static bool IsObsolete(ISymbol symbol) =>
        symbol.GetAttributes().Any(a => SymbolRules.IsObsolete(a) || SymbolRules.IsExperimental(a));

    private static bool IsAccessible(IMethodSymbol constructor) =>
        constructor.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal;

    /// <summary>Whether code anywhere in the assembly can name <paramref name="type"/>.</summary>
    private static bool IsNameable(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return IsNameable(array.ElementType);
            case INamedTypeSymbol named:
                if (named.IsRefLikeType || named.IsFileLocal)
                {
                    return false;
                }

                for (var level = named; level is not null; level = level.ContainingType)
                {
                    if (level.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
                    {
                        return false;
                    }
                }

                return named.TypeArguments.All(IsNameable);
            case IDynamicTypeSymbol:
                return true;
            default:
                return false; // type parameters, pointers, function pointers
        }
    }

    /// <summary>Whether null may be passed: a nullable value type, or a reference type not declared non-nullable.</summary>
    private static bool CanBeNull(ITypeSymbol type) =>
        (type.IsReferenceType && type.NullableAnnotation != NullableAnnotation.NotAnnotated)
        || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;

    private static bool IsHttpClient(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "HttpClient", ContainingNamespace: { Name: "Http", ContainingNamespace: { Name: "Net", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } };

    private static string TypeName(ITypeSymbol type) =>
        SymbolNames.FullyQualified(type.IsReferenceType ? type.WithNullableAnnotation(NullableAnnotation.NotAnnotated) : type);
}

using System.Collections.Immutable;
using Floxide.Generators.Helpers;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Analyzers.Support;

/// <summary>
/// The rules of a <c>[Node]</c> type's process method: which methods are candidates, and what makes
/// a candidate's parameters and return type supported.
/// </summary>
internal static class ProcessMethodRules
{
    /// <summary>The method names the generator looks for.</summary>
    public static bool IsProcessName(string name) => System.Array.IndexOf(FloxideNames.ProcessMethods, name) >= 0;

    /// <summary>
    /// Every member named Process or ProcessAsync declared in the node type, methods or not, static or not:
    /// the generator requires exactly one, so a property of that name counts against a method too.
    /// </summary>
    public static ImmutableArray<ISymbol> GetCandidates(INamedTypeSymbol node)
    {
        var builder = ImmutableArray.CreateBuilder<ISymbol>();
        foreach (var member in node.GetMembers())
        {
            if (!member.IsImplicitlyDeclared && IsProcessName(member.Name) && !GeneratorInfo.IsGenerated(member))
            {
                builder.Add(member);
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>
    /// The one process method of a node, or null when there is none, several, or a member of that name that is not a method.
    /// </summary>
    public static IMethodSymbol? GetSingleCandidate(INamedTypeSymbol node)
    {
        var candidates = GetCandidates(node);
        return candidates.Length == 1 && candidates[0] is IMethodSymbol { MethodKind: MethodKind.Ordinary } method ? method : null;
    }

    /// <summary>
    /// Why the method's shape is unsupported (static, generic, parameters), or null when it is supported.
    /// </summary>
    public static string? GetShapeProblem(IMethodSymbol method, FloxideSymbols symbols)
    {
        if (method.IsStatic)
        {
            return "it must be an instance method, not static";
        }

        if (method.IsGenericMethod)
        {
            return "it must not be generic";
        }

        if (method.Parameters.Length is 0 or > 2)
        {
            return "it must take the context, optionally followed by a CancellationToken, but takes " + method.Parameters.Length + " parameters";
        }

        var context = method.Parameters[0];
        if (context.RefKind is not (RefKind.None or RefKind.In) || context.IsParams)
        {
            return "its context parameter '" + context.Name + "' must be passed by value or 'in', without 'params'";
        }

        if (!IsUsableContextType(context.Type))
        {
            return "its context type '" + context.Type.ToDisplayString() + "' is a pointer or ref struct, which cannot be a node's context";
        }

        if (method.Parameters.Length == 2)
        {
            var token = method.Parameters[1];
            if (token.RefKind != RefKind.None || !SymbolEqualityComparer.Default.Equals(token.Type, symbols.CancellationToken))
            {
                return "its second parameter must be a CancellationToken passed by value, not '" + token.Type.ToDisplayString() + "'";
            }
        }

        return null;
    }

    /// <summary>The context type the node runs with: the first parameter's type, when the method's shape is supported.</summary>
    /// <remarks>Null as well while the parameter's type does not bind: the compiler reports that, not Floxide.</remarks>
    public static ITypeSymbol? GetContextType(IMethodSymbol method, FloxideSymbols symbols) =>
        GetShapeProblem(method, symbols) is null && !SymbolRules.HasErrors(method.Parameters[0].Type) ? method.Parameters[0].Type : null;

    /// <summary>Whether the return type is supported: void, bool, NodeAction or an enum, directly or wrapped in Task/ValueTask.</summary>
    public static bool IsSupportedReturnType(IMethodSymbol method, FloxideSymbols symbols)
    {
        var type = method.ReturnType;
        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            return false;
        }

        if (type.SpecialType == SpecialType.System_Void
            || SymbolEqualityComparer.Default.Equals(type, symbols.Task)
            || SymbolEqualityComparer.Default.Equals(type, symbols.ValueTask))
        {
            return true;
        }

        if (type is INamedTypeSymbol { IsGenericType: true } named
            && (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, symbols.TaskOfT)
                || SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, symbols.ValueTaskOfT)))
        {
            return IsSupportedResult(named.TypeArguments[0], symbols);
        }

        return IsSupportedResult(type, symbols);
    }

    /// <summary>Whether the method is <c>async void</c>.</summary>
    public static bool IsAsyncVoid(IMethodSymbol method) => method.IsAsync && method.ReturnsVoid;

    private static bool IsSupportedResult(ITypeSymbol type, FloxideSymbols symbols) =>
        type.SpecialType == SpecialType.System_Boolean
        || type.TypeKind == TypeKind.Enum
        || SymbolEqualityComparer.Default.Equals(type, symbols.NodeAction);

    /// <summary>The context becomes a type argument of INode: no pointers, no ref structs.</summary>
    private static bool IsUsableContextType(ITypeSymbol type) =>
        type.TypeKind is not (TypeKind.Pointer or TypeKind.FunctionPointer) && !type.IsRefLikeType;
}

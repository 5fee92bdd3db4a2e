using System.Collections.Immutable;
using Floxide.Generators.Helpers;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Nodes;

/// <summary>
/// The rules of a <c>[Node]</c> type's process method (N5 to N7): which members are candidates, and what makes a
/// candidate's parameters and return type supported. Answered from the symbols alone, for the generator's hot path.
/// </summary>
internal static class ProcessMethodRules
{
    /// <summary>Whether <paramref name="name"/> is one a process method may have.</summary>
    public static bool IsProcessName(string name) => System.Array.IndexOf(FloxideNames.ProcessMethods, name) >= 0;

    /// <summary>
    /// Every member named Process or ProcessAsync declared in the node type, methods or not, static or not:
    /// the generator requires exactly one, so a property of that name counts against a method too.
    /// </summary>
    public static ImmutableArray<ISymbol> GetCandidates(INamedTypeSymbol node)
    {
        var builder = ImmutableArray.CreateBuilder<ISymbol>();
        foreach (var name in FloxideNames.ProcessMethods)
        {
            foreach (var member in node.GetMembers(name))
            {
                if (SymbolRules.IsUserDeclared(member))
                {
                    builder.Add(member);
                }
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
        return candidates.Length == 1 ? AsMethod(candidates[0]) : null;
    }

    /// <summary>
    /// For an analyzer that reads a process method's body: the <c>[Node]</c> class (not static, not file-local) whose one
    /// process method <paramref name="owner"/> is, when that class has the attribute <paramref name="attributeName"/>,
    /// which is returned; null otherwise. The cheap tests come first, as every operation block of a compilation is asked.
    /// </summary>
    public static AttributeData? FindOnProcessMethodsNode(ISymbol owner, string attributeName, out IMethodSymbol method, out INamedTypeSymbol node)
    {
        method = null!;
        node = null!;
        if (owner is not IMethodSymbol { MethodKind: MethodKind.Ordinary } candidate
            || !IsProcessName(candidate.Name)
            || candidate.ContainingType is not { TypeKind: TypeKind.Class, IsStatic: false, IsFileLocal: false } type
            || FloxideAttributes.Find(type, attributeName) is not { } attribute
            || !FloxideAttributes.Has(type, FloxideNames.Attributes.Node)
            || !SymbolEqualityComparer.Default.Equals(GetSingleCandidate(type), candidate.PartialDefinitionPart ?? candidate))
        {
            return null;
        }

        (method, node) = (candidate, type);
        return attribute;
    }

    /// <summary>N5: the candidate as a process method, or null when it is not an ordinary method (a property, say).</summary>
    public static IMethodSymbol? AsMethod(ISymbol candidate) =>
        candidate is IMethodSymbol { MethodKind: MethodKind.Ordinary } method ? method : null;

    /// <summary>N6: why the method's shape is unsupported (static, generic, parameters), or null when it is supported.</summary>
    public static string? GetShapeProblem(IMethodSymbol method)
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

        if (HasTokenBeforeContext(method))
        {
            return "it takes its parameters in the wrong order; the context '" + method.Parameters[1].Type.ToDisplayString() + "' must come first, then the CancellationToken";
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
            if (token.RefKind != RefKind.None || !IsCancellationToken(token.Type))
            {
                return "its second parameter must be a CancellationToken passed by value, not '" + token.Type.ToDisplayString() + "'";
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the method takes a CancellationToken and then its context, where swapping the two is all its shape lacks:
    /// an instance method, not generic, both parameters by value (the context may be <c>in</c>), no <c>params</c>, a
    /// context type a node can have.
    /// </summary>
    public static bool HasTokenBeforeContext(IMethodSymbol method) =>
        !method.IsStatic && !method.IsGenericMethod && method.Parameters.Length == 2
        && method.Parameters[0] is { RefKind: RefKind.None, IsParams: false } token && IsCancellationToken(token.Type)
        && method.Parameters[1] is { RefKind: RefKind.None or RefKind.In, IsParams: false } context
        && !IsCancellationToken(context.Type) && IsUsableContextType(context.Type);

    /// <summary>The context type the node runs with: the first parameter's type, when the method's shape is supported.</summary>
    /// <remarks>Null as well while the parameter's type does not bind: the compiler reports that, not Floxide.</remarks>
    public static ITypeSymbol? GetContextType(IMethodSymbol method) =>
        GetShapeProblem(method) is null && !SymbolRules.HasErrors(method.Parameters[0].Type) ? method.Parameters[0].Type : null;

    /// <summary>
    /// The CancellationToken parameter of a supported process method, the token the generated node passes and a
    /// [Timeout] cancels; null when the method takes none (FLX0159's case) or its shape is unsupported.
    /// </summary>
    public static IParameterSymbol? GetCancellationToken(IMethodSymbol method) =>
        method.Parameters.Length == 2 && GetContextType(method) is not null ? method.Parameters[1] : null;

    /// <summary>
    /// N7: what the method's (awaited) result is, or null when the return type is unsupported: it must be void, bool,
    /// NodeAction or an enum, directly or wrapped in Task/ValueTask, and not returned by reference.
    /// </summary>
    /// <param name="method">The process method.</param>
    /// <param name="awaitKind">Whether and how the result is awaited.</param>
    public static ProcessResultKind? GetResultKind(IMethodSymbol method, out ProcessAwaitKind awaitKind)
    {
        awaitKind = ProcessAwaitKind.None;
        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            return null;
        }

        return GetResultType(method, out awaitKind) switch
        {
            null => ProcessResultKind.None,
            { SpecialType: SpecialType.System_Boolean } => ProcessResultKind.Bool,
            { TypeKind: TypeKind.Enum } => ProcessResultKind.Enum,
            INamedTypeSymbol action when FloxideAttributes.Is(action, FloxideNames.Types.NodeAction) => ProcessResultKind.Action,
            _ => null,
        };
    }

    /// <summary>
    /// N7: the type the method's result has once awaited: the return type, or the T of <c>Task&lt;T&gt;</c>/<c>ValueTask&lt;T&gt;</c>;
    /// null for <c>void</c>, <c>Task</c> and <c>ValueTask</c>.
    /// </summary>
    /// <param name="method">The process method.</param>
    /// <param name="awaitKind">Whether and how the result is awaited.</param>
    public static ITypeSymbol? GetResultType(IMethodSymbol method, out ProcessAwaitKind awaitKind)
    {
        awaitKind = ProcessAwaitKind.None;
        if (method.ReturnsVoid)
        {
            return null;
        }

        if (IsTasksType(method.ReturnType, "Task") || IsTasksType(method.ReturnType, "ValueTask"))
        {
            var awaitable = (INamedTypeSymbol)method.ReturnType;
            awaitKind = awaitable.Name == "Task" ? ProcessAwaitKind.Task : ProcessAwaitKind.ValueTask;
            return awaitable.IsGenericType ? awaitable.TypeArguments[0] : null;
        }

        return method.ReturnType;
    }

    /// <summary>Whether the method is <c>async void</c>.</summary>
    public static bool IsAsyncVoid(IMethodSymbol method) => method.IsAsync && method.ReturnsVoid;

    /// <summary>The context becomes a type argument of INode: no pointers, no ref structs.</summary>
    private static bool IsUsableContextType(ITypeSymbol type) =>
        type.TypeKind is not (TypeKind.Pointer or TypeKind.FunctionPointer) && !type.IsRefLikeType;

    private static bool IsCancellationToken(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "CancellationToken", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    private static bool IsTasksType(ITypeSymbol type, string name) =>
        type is INamedTypeSymbol { Name: var actual, Arity: <= 1, ContainingNamespace: { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } }
        && actual == name;
}

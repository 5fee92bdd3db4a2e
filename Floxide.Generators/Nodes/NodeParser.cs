using System.Linq;
using System.Threading;
using Floxide.Generators.Helpers;
using Floxide.Generators.Models;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Nodes;

/// <summary>
/// Turns a <c>[Node]</c> class into a <see cref="NodeModel"/>, or into null when the class breaks a
/// rule: the generator then emits nothing for it (the analyzers explain why). Every rule lives in
/// this class; see <see cref="Parse(GeneratorAttributeSyntaxContext, CancellationToken)"/>.
/// </summary>
internal static class NodeParser
{
    /// <summary>
    /// Parses the node, or returns null when it is invalid. The rules (the analyzers report the same ones):
    /// <list type="number">
    /// <item>N1: the type is a non-static class (or record class).</item>
    /// <item>N2: it and every containing type are <c>partial</c> in every declaration; it is not file-local.</item>
    /// <item>N3: it neither declares nor inherits (non-private) a member named <c>Id</c> or <c>RunAsync</c>,
    /// and no base type is itself a [Node].</item>
    /// <item>N4: <c>Id</c>, when given in the attribute, is not null or empty.</item>
    /// <item>N5: it declares exactly one method named <c>Process</c> or <c>ProcessAsync</c> (overloads
    /// count), an instance method, not generic, not returning by reference.</item>
    /// <item>N6: its parameters are the context (by value or <c>in</c>; not a ref struct or pointer) and
    /// optionally a <c>CancellationToken</c> (by value); nothing else; the context and return types resolve.</item>
    /// <item>N7: it returns <c>void</c> (not <c>async void</c>), <c>bool</c>, <c>NodeAction</c> or an enum,
    /// or a <c>Task</c>/<c>ValueTask</c> of nothing or of one of those.</item>
    /// </list>
    /// </summary>
    public static NodeModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        context.TargetSymbol is INamedTypeSymbol type && context.Attributes.Length > 0
            ? Parse(type, context.Attributes[0], cancellationToken)
            : null;

    /// <summary>
    /// Parses a <c>[Node]</c> type given as a symbol (the workflow parser asks this of its steps, so a
    /// workflow over an invalid node generates nothing either).
    /// </summary>
    public static NodeModel? Parse(INamedTypeSymbol type, AttributeData attribute, CancellationToken cancellationToken)
    {

        // N1, N2, N3; a [Node] repeated on two partial declarations is the compiler's CS0579.
        if (SymbolRules.IsAttributeRepeated(type, attribute) || type.TypeKind != TypeKind.Class || type.IsStatic ||
            !SymbolRules.IsPartialAllTheWayUp(type, cancellationToken) ||
            SymbolRules.ClashesWithGeneratedMembers(type, FloxideNames.ReservedMembers.Node, FloxideNames.Attributes.Node))
        {
            return null;
        }

        // N4
        var id = type.Name;
        if (FloxideAttributes.NamedArgument(attribute, FloxideNames.Arguments.Id) is { } idArgument)
        {
            if (idArgument.Value is not string { Length: > 0 } given)
            {
                return null;
            }

            id = given;
        }

        // N5
        var candidates = type.GetMembers()
            .Where(m => FloxideNames.ProcessMethods.Contains(m.Name))
            .ToList();
        if (candidates.Count != 1 ||
            candidates[0] is not IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false, IsGenericMethod: false, ReturnsByRef: false, ReturnsByRefReadonly: false } method)
        {
            return null;
        }

        // N6
        if (method.Parameters.Length is < 1 or > 2)
        {
            return null;
        }

        var contextParameter = method.Parameters[0];
        if (contextParameter.RefKind is not (RefKind.None or RefKind.In) || contextParameter.IsParams ||
            contextParameter.Type.IsRefLikeType || contextParameter.Type is IPointerTypeSymbol or IFunctionPointerTypeSymbol ||
            SymbolRules.HasErrors(contextParameter.Type) || SymbolRules.HasErrors(method.ReturnType))
        {
            return null;
        }

        var takesToken = method.Parameters.Length == 2;
        if (takesToken && (method.Parameters[1].RefKind != RefKind.None || !IsCancellationToken(method.Parameters[1].Type)))
        {
            return null;
        }

        // N7
        if (method.ReturnsVoid)
        {
            return method.IsAsync ? null : Model(type, id, contextParameter.Type, method, takesToken, ProcessAwaitKind.None, "", ProcessResultKind.None);
        }

        var returnType = method.ReturnType;
        var awaitKind = ProcessAwaitKind.None;
        ITypeSymbol? resultType = returnType;
        if (IsTasksType(returnType, "Task") || IsTasksType(returnType, "ValueTask"))
        {
            var named = (INamedTypeSymbol)returnType;
            awaitKind = named.Name == "Task" ? ProcessAwaitKind.Task : ProcessAwaitKind.ValueTask;
            resultType = named.IsGenericType ? named.TypeArguments[0] : null;
        }

        var resultKind = resultType switch
        {
            null => ProcessResultKind.None,
            { SpecialType: SpecialType.System_Boolean } => ProcessResultKind.Bool,
            { TypeKind: TypeKind.Enum } => ProcessResultKind.Enum,
            INamedTypeSymbol action when FloxideAttributes.Is(action, FloxideNames.Types.NodeAction) => ProcessResultKind.Action,
            _ => (ProcessResultKind?)null,
        };

        if (resultKind is not { } kind)
        {
            return null;
        }

        var awaited = awaitKind == ProcessAwaitKind.None ? "" : SymbolNames.FullyQualified(returnType.WithNullableAnnotation(NullableAnnotation.NotAnnotated));
        return Model(type, id, contextParameter.Type, method, takesToken, awaitKind, awaited, kind);
    }

    private static NodeModel Model(
        INamedTypeSymbol type, string id, ITypeSymbol contextType, IMethodSymbol method, bool takesToken, ProcessAwaitKind awaitKind, string awaited, ProcessResultKind resultKind) =>
        new(
            HierarchyInfo.From(type),
            id,
            SymbolNames.FullyQualified(contextType.WithNullableAnnotation(NullableAnnotation.NotAnnotated)),
            SymbolNames.Identifier(method.Name),
            takesToken,
            awaitKind,
            awaited,
            resultKind,
            MemberAccessibility.For(type, contextType));

    private static bool IsCancellationToken(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "CancellationToken", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    private static bool IsTasksType(ITypeSymbol type, string name) =>
        type is INamedTypeSymbol { Name: var actual, Arity: <= 1, ContainingNamespace: { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } }
        && actual == name;
}

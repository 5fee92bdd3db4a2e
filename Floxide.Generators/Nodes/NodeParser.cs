using System.Threading;
using Floxide.Generators.Helpers;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Nodes;

/// <summary>
/// Turns a <c>[Node]</c> class into a <see cref="NodeModel"/>, or into null when <see cref="NodeReader"/> finds an
/// error (the analyzers report it), so an invalid node generates nothing and never cascades into compiler errors.
/// </summary>
internal static class NodeParser
{
    /// <summary>Parses the node, or returns null when it is invalid.</summary>
    /// <remarks>Below C# 9 nothing is generated: <c>LanguageVersionAnalyzer</c> reports FLX0200 instead.</remarks>
    public static NodeModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        context.TargetSymbol is INamedTypeSymbol type && context.Attributes.Length > 0 && LanguageSupport.IsSupported(context.TargetNode.SyntaxTree)
            ? Parse(type, context.Attributes[0], cancellationToken) is { } model
                ? model with { PoolsAsyncStateMachine = LanguageSupport.CanOverrideAsyncMethodBuilder(context.TargetNode.SyntaxTree) }
                : null
            : null;

    /// <summary>
    /// Parses a <c>[Node]</c> type given as a symbol. The workflow reader reads its steps through <see cref="NodeReader"/>
    /// too, so a workflow over an invalid node generates nothing either.
    /// </summary>
    private static NodeModel? Parse(INamedTypeSymbol type, AttributeData attribute, CancellationToken cancellationToken)
    {
        var definition = NodeReader.Read(type, attribute, cancellationToken);
        return definition.IsValid ? definition.ToModel() : null;
    }
}

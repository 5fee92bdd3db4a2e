using System.Collections.Immutable;
using Floxide.Generators.Analyzers.Support;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Helpers;
using Floxide.Generators.Names;
using Floxide.Generators.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Analyzers;

/// <summary>
/// FLX0020: a <c>[Node]</c> passed where an <c>INode&lt;X&gt;</c> is expected (a workflow builder, a batch node or flow,
/// a generated <c>CreateBatchNode</c>) while its process method takes another context type.
/// </summary>
/// <remarks>
/// Works from syntax and candidate symbols rather than bound operations because the mismatch is
/// exactly what makes overload resolution fail: the compiler's own error (CS1503) names interfaces,
/// this one names the node and both context types.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NodeWiringAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.NodeContextMismatch);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (FloxideSymbols.Create(start.Compilation) is not { INode: not null } symbols)
            {
                return;
            }

            start.RegisterSyntaxNodeAction(c => Analyze(c, symbols), SyntaxKind.Argument);
        });
    }

    private static void Analyze(SyntaxNodeAnalysisContext context, FloxideSymbols symbols)
    {
        var argument = (ArgumentSyntax)context.Node;
        if (argument.Parent is not ArgumentListSyntax list
            || list.Parent is not (InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax)
            || argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword)
            || argument.Expression is LiteralExpressionSyntax or InterpolatedStringExpressionSyntax or AnonymousFunctionExpressionSyntax)
        {
            // Cheap syntactic rejections first: this runs for every argument in the compilation.
            return;
        }

        var model = context.SemanticModel;
        if (model.GetTypeInfo(argument.Expression, context.CancellationToken).Type is not INamedTypeSymbol node
            || !FloxideAttributes.Has(node, FloxideNames.Attributes.Node)
            || ProcessMethodRules.GetSingleCandidate(node) is not { } process
            || ProcessMethodRules.GetContextType(process) is not { } nodeContext)
        {
            return;
        }

        var info = model.GetSymbolInfo(list.Parent, context.CancellationToken);
        var candidates = info.Symbol is { } bound ? ImmutableArray.Create(bound) : info.CandidateSymbols;
        ITypeSymbol? expected = null;
        foreach (var candidate in candidates)
        {
            if (candidate is not IMethodSymbol method
                || FindParameter(method, list, argument) is not { } parameter
                || GetNodeContext(parameter.Type, symbols) is not { } wanted)
            {
                continue;
            }

            if (Accepts(context.Compilation, node, nodeContext, wanted, symbols))
            {
                return;
            }

            expected ??= wanted;
        }

        if (expected is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.NodeContextMismatch,
                argument.Expression.GetLocation(),
                node.Name,
                nodeContext.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat),
                expected.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
        }
    }

    /// <summary>Whether a node with context <paramref name="nodeContext"/> can run where INode of <paramref name="wanted"/> is expected.</summary>
    private static bool Accepts(Compilation compilation, INamedTypeSymbol node, ITypeSymbol nodeContext, ITypeSymbol wanted, FloxideSymbols symbols)
    {
        foreach (var implemented in node.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, symbols.INode)
                && SymbolEqualityComparer.Default.Equals(implemented.TypeArguments[0], wanted))
            {
                return true;
            }
        }

        // INode<in TContext> is contravariant: a node over a base context runs for a derived one.
        var conversion = compilation.ClassifyCommonConversion(wanted, nodeContext);
        return conversion.IsIdentity || (conversion.IsImplicit && conversion.IsReference);
    }

    /// <summary>The X of a parameter typed <c>INode&lt;X&gt;</c>; null for other types and unbound type parameters.</summary>
    private static ITypeSymbol? GetNodeContext(ITypeSymbol type, FloxideSymbols symbols)
    {
        if (type is INamedTypeSymbol { IsGenericType: true } named
            && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, symbols.INode)
            && named.TypeArguments[0] is { } context
            && context.TypeKind != TypeKind.TypeParameter && !SymbolRules.HasErrors(context))
        {
            return context;
        }

        return null;
    }

    private static IParameterSymbol? FindParameter(IMethodSymbol method, ArgumentListSyntax list, ArgumentSyntax argument)
    {
        if (argument.NameColon is { } nameColon)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Name == nameColon.Name.Identifier.ValueText)
                {
                    return parameter;
                }
            }

            return null;
        }

        var index = list.Arguments.IndexOf(argument);
        if (index < method.Parameters.Length)
        {
            return method.Parameters[index];
        }

        return null;
    }
}

using System.Collections.Immutable;
using Floxide.Generators.Analyzers.Support;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Helpers;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Analyzers;

/// <summary>
/// FLX0001: a <c>[BatchContext]</c> or <c>[Node]</c> type, or a type that contains one, is not partial.
/// Reported once per non-partial type, on its name.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PartialTypeAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.TypeMustBePartial);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (FloxideSymbols.Create(start.Compilation) is not { } symbols)
            {
                return;
            }

            start.RegisterSymbolAction(symbolContext => Analyze(symbolContext, symbols), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, FloxideSymbols symbols)
    {
        // R2/N2 hold for an attributed type when this check passes for it and for each type containing it; run per type,
        // each failing link of such a chain is reported once, on the first declaration that lacks the modifier.
        var type = (INamedTypeSymbol)context.Symbol;
        if (SymbolRules.IsPartialInEveryDeclaration(type, context.CancellationToken, out var missing) || missing is not TypeDeclarationSyntax declaration)
        {
            return;
        }

        // The type itself is attributed, or it contains (at any depth) an attributed type.
        var attributed = FindAttributedSelfOrNested(type, symbols, context.CancellationToken);
        if (attributed is null)
        {
            return;
        }

        var attributeName = FloxideAttributes.Has(attributed, FloxideNames.Attributes.BatchContext) ? "BatchContext" : "Node";
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.TypeMustBePartial,
            declaration.Identifier.GetLocation(),
            type.Name,
            attributeName,
            attributed.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
    }

    private static INamedTypeSymbol? FindAttributedSelfOrNested(INamedTypeSymbol type, FloxideSymbols symbols, System.Threading.CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (FloxideSymbols.IsFloxideType(type))
        {
            return type;
        }

        foreach (var nested in type.GetTypeMembers())
        {
            if (FindAttributedSelfOrNested(nested, symbols, cancellationToken) is { } found)
            {
                return found;
            }
        }

        return null;
    }
}

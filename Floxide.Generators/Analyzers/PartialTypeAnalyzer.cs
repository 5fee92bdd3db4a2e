using System.Collections.Immutable;
using Floxide.Generators.Analyzers.Support;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
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
        var type = (INamedTypeSymbol)context.Symbol;
        if (IsPartial(type, out var declaration) || declaration is null)
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

    /// <summary>Whether any source declaration says partial; <paramref name="first"/> is the one to report on.</summary>
    private static bool IsPartial(INamedTypeSymbol type, out TypeDeclarationSyntax? first)
    {
        first = null;
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not TypeDeclarationSyntax declaration)
            {
                continue;
            }

            first ??= declaration;
            if (declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return true;
            }
        }

        return false;
    }
}

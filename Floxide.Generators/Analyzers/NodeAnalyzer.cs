using System.Collections.Immutable;
using System.Linq;
using Floxide.Generators.Analyzers.Support;
using Floxide.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Analyzers;

/// <summary>
/// The process-method rules of a <c>[Node]</c> type (FLX0015 to FLX0019): exactly one method named Process or
/// ProcessAsync, taking the context and an optional CancellationToken, returning a supported result, never async void.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NodeAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.MissingProcessMethod,
        DiagnosticDescriptors.MultipleProcessMethods,
        DiagnosticDescriptors.UnsupportedProcessMethod,
        DiagnosticDescriptors.UnsupportedProcessReturnType,
        DiagnosticDescriptors.AsyncVoidProcessMethod);

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

            start.RegisterSymbolAction(c => Analyze(c, symbols), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, FloxideSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!FloxideSymbols.HasAttribute(type, symbols.NodeAttribute))
        {
            return;
        }

        var candidates = ProcessMethodRules.GetCandidates(type);
        if (candidates.Length == 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MissingProcessMethod, type.Locations.FirstOrDefault(), type.Name));
            return;
        }

        if (candidates.Length > 1)
        {
            foreach (var candidate in candidates)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.MultipleProcessMethods, candidate.Locations.FirstOrDefault(), type.Name, candidates.Length));
            }

            return;
        }

        var method = candidates[0];
        var location = method.Locations.FirstOrDefault();
        if (ProcessMethodRules.GetShapeProblem(method, symbols) is { } problem)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedProcessMethod, location, method.Name, problem));
        }

        if (ProcessMethodRules.IsAsyncVoid(method))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AsyncVoidProcessMethod, location, method.Name));
        }
        else if (method.ReturnType.TypeKind != TypeKind.Error && !ProcessMethodRules.IsSupportedReturnType(method, symbols))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.UnsupportedProcessReturnType, location, method.Name, method.ReturnType.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
        }
    }
}

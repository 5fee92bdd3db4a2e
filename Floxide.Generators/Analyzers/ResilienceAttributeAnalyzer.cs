using System.Collections.Immutable;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Analyzers;

/// <summary>
/// Reports [Retry], [Timeout] and [RateLimit] on a type that is neither a [BatchContext] nor a [Node] (FLX0155), and
/// [AdaptiveConcurrency] on one that is not a [BatchContext] (FLX0158), where they would silently do nothing. Their
/// arguments on the types that do read them are checked by the readers of those types.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ResilienceAttributeAnalyzer : DiagnosticAnalyzer
{
    private static readonly string[] Attributes = [FloxideNames.Attributes.Retry, FloxideNames.Attributes.Timeout, FloxideNames.Attributes.RateLimit];

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ResilienceAttributeWithoutEffect, DiagnosticDescriptors.AdaptiveConcurrencyWithoutEffect);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(FloxideNames.Attributes.Retry) is null)
            {
                return;
            }

            start.RegisterSymbolAction(Analyze, SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (FloxideAttributes.Has(type, FloxideNames.Attributes.BatchContext))
        {
            return;
        }

        if (FloxideAttributes.Find(type, FloxideNames.Attributes.AdaptiveConcurrency) is { } adaptive)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.AdaptiveConcurrencyWithoutEffect,
                FloxideAttributes.LocationOf(adaptive, context.CancellationToken) ?? type.Locations[0],
                type.Name));
        }

        if (FloxideAttributes.Has(type, FloxideNames.Attributes.Node))
        {
            return;
        }

        foreach (var data in type.GetAttributes())
        {
            foreach (var name in Attributes)
            {
                if (FloxideAttributes.Is(data, name))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.ResilienceAttributeWithoutEffect,
                        FloxideAttributes.LocationOf(data, context.CancellationToken) ?? type.Locations[0],
                        data.AttributeClass!.Name.Replace("Attribute", ""),
                        type.Name));
                }
            }
        }
    }
}

using System.Collections.Immutable;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Analyzers;

/// <summary>
/// Reports [Retry], [Timeout] and [RateLimit] on a type that is neither a [BatchContext] nor a [Node] (FLX0155),
/// [AdaptiveConcurrency] on one that is not a [BatchContext] (FLX0158), and [ConcurrencyLimit] on one that is not a
/// [Node] (FLX0166), where they would silently do nothing. Their arguments on the types that do read them are checked by
/// the readers of those types.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ResilienceAttributeAnalyzer : DiagnosticAnalyzer
{
    private static readonly string[] Attributes = [FloxideNames.Attributes.Retry, FloxideNames.Attributes.Timeout, FloxideNames.Attributes.RateLimit];

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ResilienceAttributeWithoutEffect, DiagnosticDescriptors.AdaptiveConcurrencyWithoutEffect, DiagnosticDescriptors.ConcurrencyLimitWithoutEffect);

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
        var isContext = FloxideAttributes.Has(type, FloxideNames.Attributes.BatchContext);
        var isNode = FloxideAttributes.Has(type, FloxideNames.Attributes.Node);
        if (!isNode && FloxideAttributes.Find(type, FloxideNames.Attributes.ConcurrencyLimit) is { } concurrencyLimit)
        {
            // On a context the limit a user means is the batch's, which is set elsewhere: the message says where.
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.ConcurrencyLimitWithoutEffect,
                FloxideAttributes.LocationOf(concurrencyLimit, context.CancellationToken) ?? type.Locations[0],
                type.Name,
                isContext ? "; a batch's runs at once are its MaxDegreeOfParallelism, and one limit shared by several batches is BatchOptions.RateLimiter = new ConcurrencyLimiter(...)" : ""));
        }

        if (isContext)
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

        if (isNode)
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

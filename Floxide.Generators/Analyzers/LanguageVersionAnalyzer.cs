using System.Collections.Immutable;
using System.Linq;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Helpers;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Analyzers;

/// <summary>
/// FLX0200: a <c>[BatchContext]</c>, <c>[Node]</c> or <c>[Workflow]</c> type in a project whose <c>LangVersion</c> is
/// below what the generated code needs (<see cref="LanguageSupport.Minimum"/>). The generator emits nothing there, by
/// the same rule, so this is the one explanation. Reported on each attributed type's name.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LanguageVersionAnalyzer : DiagnosticAnalyzer
{
    private static readonly (string MetadataName, string Role)[] Roles =
    [
        (FloxideNames.Attributes.BatchContext, "BatchContext"),
        (FloxideNames.Attributes.Node, "Node"),
        (FloxideNames.Attributes.Workflow, "Workflow"),
    ];

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.LanguageVersionTooLow);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            // Every tree of a compilation has the project's language version: one look decides for all of them.
            if (start.Compilation.GetTypeByMetadataName(FloxideNames.Attributes.Node) is null
                || !(start.Compilation.SyntaxTrees.FirstOrDefault() is { } tree && !LanguageSupport.IsSupported(tree)))
            {
                return;
            }

            start.RegisterSymbolAction(Analyze, SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        foreach (var (metadataName, role) in Roles)
        {
            if (FloxideAttributes.Has(type, metadataName) && type.Locations.FirstOrDefault() is { IsInSource: true } location
                && location.SourceTree is { } tree && !LanguageSupport.IsSupported(tree))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LanguageVersionTooLow, location, type.Name, role, LanguageSupport.Display(tree)));
                return;
            }
        }
    }
}

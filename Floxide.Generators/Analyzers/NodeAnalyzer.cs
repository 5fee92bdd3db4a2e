using System.Collections.Immutable;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Names;
using Floxide.Generators.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Analyzers;

/// <summary>
/// Reports what is wrong with a <c>[Node]</c> type: its kind, reserved members, id, and process method (FLX0015 to
/// FLX0019: exactly one method named Process or ProcessAsync, taking the context and an optional CancellationToken,
/// returning a supported result, never async void), its resilience attributes (FLX0150 to FLX0154, FLX0160, FLX0161, FLX0165), and a [Timeout]
/// over a process method that takes no CancellationToken (FLX0159).
/// </summary>
/// <remarks>
/// The rules live in <see cref="NodeReader"/>, which the generator's parser calls too: whatever this analyzer reports
/// as an error is exactly what makes the generator emit nothing for the type.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NodeAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.MissingProcessMethod,
        DiagnosticDescriptors.MultipleProcessMethods,
        DiagnosticDescriptors.UnsupportedProcessMethod,
        DiagnosticDescriptors.UnsupportedProcessReturnType,
        DiagnosticDescriptors.AsyncVoidProcessMethod,
        DiagnosticDescriptors.UnsupportedTypeKind,
        DiagnosticDescriptors.ReservedMemberName,
        DiagnosticDescriptors.EmptyNodeId,
        DiagnosticDescriptors.RetryAttemptsBelowOne,
        DiagnosticDescriptors.RetryDelayOutOfRange,
        DiagnosticDescriptors.RetryBackoffUndefined,
        DiagnosticDescriptors.RetryOnNonException,
        DiagnosticDescriptors.RetryOnFileLocalType,
        DiagnosticDescriptors.TimeoutOutOfRange,
        DiagnosticDescriptors.RateNotPositive,
        DiagnosticDescriptors.ConcurrencyLimitNotPositive,
        DiagnosticDescriptors.TimeoutWithoutCancellationToken,
        DiagnosticDescriptors.RetryOverUnitOfWork);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(FloxideNames.Attributes.Node) is null)
            {
                return;
            }

            start.RegisterSymbolAction(Analyze, SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context)
    {
        // Structs and interfaces cannot carry [Node] at all (AttributeTargets.Class): the compiler says so.
        if (context.Symbol is not INamedTypeSymbol { TypeKind: TypeKind.Class } type
            || FloxideAttributes.Find(type, FloxideNames.Attributes.Node) is not { } attribute)
        {
            return;
        }

        foreach (var problem in NodeReader.Read(type, attribute, context.CancellationToken).Problems)
        {
            context.ReportDiagnostic(problem);
        }
    }
}

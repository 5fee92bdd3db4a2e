using System.Collections.Immutable;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Workflows;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Analyzers;

/// <summary>
/// FLX0100–FLX0119 (and FLX0022 for a file-local workflow): everything wrong with a <c>[Workflow]</c> graph — its declaration, its steps, its
/// start, its routes and batch steps, reachability, cycles without a limit, actions with nowhere to go, and
/// routes for actions a step never returns.
/// </summary>
/// <remarks>
/// The rules live in <see cref="WorkflowReader"/>, which the generator's parser calls too: whatever
/// this analyzer reports as an error is exactly what makes the generator emit nothing for the type.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WorkflowAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.WorkflowTypeInvalid,
        DiagnosticDescriptors.UnsupportedTypeKind,
        DiagnosticDescriptors.WorkflowReservedMember,
        DiagnosticDescriptors.StepIsNotANode,
        DiagnosticDescriptors.StepContextMismatch,
        DiagnosticDescriptors.MissingStart,
        DiagnosticDescriptors.DuplicateStart,
        DiagnosticDescriptors.UnroutedAction,
        DiagnosticDescriptors.UnreachableStep,
        DiagnosticDescriptors.DuplicateRoute,
        DiagnosticDescriptors.ConflictingRoute,
        DiagnosticDescriptors.CycleWithoutStepLimit,
        DiagnosticDescriptors.InvalidWorkflowArgument,
        DiagnosticDescriptors.BatchStepNeedsBatchContext,
        DiagnosticDescriptors.RecursiveWorkflow,
        DiagnosticDescriptors.DuplicateStepId,
        DiagnosticDescriptors.WorkflowHasAnotherRole,
        DiagnosticDescriptors.BatchStepCannotReachFactory,
        DiagnosticDescriptors.WorkflowBaseWithoutParameterlessConstructor,
        DiagnosticDescriptors.DuplicateBatchStep,
        DiagnosticDescriptors.NeverReturnedAction);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(Names.FloxideNames.Attributes.Workflow) is not { } workflowAttribute)
            {
                return;
            }

            start.RegisterSymbolAction(c => Analyze(c, workflowAttribute), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol workflowAttribute)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        foreach (var attribute in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, workflowAttribute))
            {
                foreach (var problem in WorkflowReader.Read(type, attribute, context.Compilation, context.CancellationToken).Problems)
                {
                    context.ReportDiagnostic(problem);
                }

                return;
            }
        }
    }
}

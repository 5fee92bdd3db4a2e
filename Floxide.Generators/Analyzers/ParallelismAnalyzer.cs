using System.Collections.Immutable;
using Floxide.Generators.Analyzers.Support;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Floxide.Generators.Analyzers;

/// <summary>
/// FLX0013: a constant parallelism limit below 1, wherever Floxide takes one: the
/// <c>[BatchContext(MaxDegreeOfParallelism = n)]</c> argument, a <c>BatchOptions.MaxDegreeOfParallelism</c>
/// assignment (initializers and <c>with</c> included), and any <c>maxDegreeOfParallelism</c> parameter of a
/// Floxide API or of a generated batch-context factory.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ParallelismAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The property and parameter name the rule watches.</summary>
    public const string PropertyName = FloxideNames.Arguments.MaxDegreeOfParallelism;

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ParallelismBelowOne);

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

            start.RegisterSymbolAction(AnalyzeAttribute, SymbolKind.NamedType);
            start.RegisterOperationAction(c => AnalyzeAssignment(c, symbols), OperationKind.SimpleAssignment);
            start.RegisterOperationAction(c => AnalyzeArgument(c, symbols), OperationKind.Argument);
        });
    }

    private static void AnalyzeAttribute(SymbolAnalysisContext context)
    {
        if (FloxideAttributes.Find(context.Symbol, FloxideNames.Attributes.BatchContext) is not { } data
            || FloxideAttributes.NamedArgument(data, PropertyName) is not { Value: int value }
            || value >= 1)
        {
            return;
        }

        // Point at the argument's expression when the syntax is at hand, else at the attribute.
        var location = FloxideAttributes.NamedArgumentSyntax(data, PropertyName, context.CancellationToken)?.Expression.GetLocation()
            ?? FloxideAttributes.LocationOf(data, context.CancellationToken) ?? Location.None;
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ParallelismBelowOne, location, value));
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, FloxideSymbols symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: { Name: PropertyName } property }
            && SymbolEqualityComparer.Default.Equals(property.ContainingType, symbols.BatchOptions)
            && BelowOne(assignment.Value) is { } value)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ParallelismBelowOne, assignment.Value.Syntax.GetLocation(), value));
        }
    }

    private static void AnalyzeArgument(OperationAnalysisContext context, FloxideSymbols symbols)
    {
        var argument = (IArgumentOperation)context.Operation;
        if (argument.Parameter is not { Name: "maxDegreeOfParallelism", Type.SpecialType: SpecialType.System_Int32 } parameter
            || argument.ArgumentKind == ArgumentKind.DefaultValue
            || parameter.ContainingType is not { } owner
            || !IsFloxideApi(owner))
        {
            return;
        }

        if (BelowOne(argument.Value) is { } value)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ParallelismBelowOne, argument.Value.Syntax.GetLocation(), value));
        }
    }

    private static bool IsFloxideApi(INamedTypeSymbol type)
    {
        return FloxideAttributes.Has(type, FloxideNames.Attributes.BatchContext) || FloxideAttributes.IsInFloxideNamespace(type);
    }

    private static int? BelowOne(IOperation value) =>
        value.ConstantValue is { HasValue: true, Value: int constant } && constant < 1 ? constant : null;
}

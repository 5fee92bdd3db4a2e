using System.Collections.Immutable;
using Floxide.Generators.Analyzers.Support;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Names;
using Floxide.Generators.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Floxide.Generators.Analyzers;

/// <summary>
/// FLX0021: a blocking wait on a task inside a node's process method: <c>.Result</c>, <c>.Wait()</c>,
/// <c>Task.WaitAll/WaitAny</c>, <c>GetAwaiter().GetResult()</c>.
/// </summary>
/// <remarks>
/// Code inside lambdas and local functions is not reported: there a <c>.Result</c> usually reads a task
/// already known to be complete (a continuation), and the lambda may not even run on the item's thread.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingCallAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.BlockingCallInProcessMethod);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (FloxideSymbols.Create(start.Compilation) is not { Task: not null } symbols)
            {
                return;
            }

            start.RegisterOperationBlockStartAction(block =>
            {
                if (block.OwningSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method
                    || !ProcessMethodRules.IsProcessName(method.Name)
                    || method.ContainingType is not { } owner
                    || !FloxideAttributes.Has(owner, FloxideNames.Attributes.Node))
                {
                    return;
                }

                block.RegisterOperationAction(c => AnalyzeResult(c, method, symbols), OperationKind.PropertyReference);
                block.RegisterOperationAction(c => AnalyzeInvocation(c, method, symbols), OperationKind.Invocation);
            });
        });
    }

    private static void AnalyzeResult(OperationAnalysisContext context, IMethodSymbol method, FloxideSymbols symbols)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        var definition = reference.Property.ContainingType?.OriginalDefinition;
        if (reference.Property.Name == "Result"
            && (SymbolEqualityComparer.Default.Equals(definition, symbols.TaskOfT) || SymbolEqualityComparer.Default.Equals(definition, symbols.ValueTaskOfT))
            && !IsInNestedFunction(reference))
        {
            Report(context, reference, definition!.Name + ".Result", method);
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, IMethodSymbol method, FloxideSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var target = invocation.TargetMethod;
        string? shown = null;
        if (SymbolEqualityComparer.Default.Equals(target.ContainingType, symbols.Task) && target.Name is "Wait" or "WaitAll" or "WaitAny")
        {
            shown = "Task." + target.Name + "()";
        }
        else if (target.Name == "GetResult" && target.Parameters.IsEmpty && IsAwaiter(target.ContainingType))
        {
            shown = "GetAwaiter().GetResult()";
        }

        if (shown is not null && !IsInNestedFunction(invocation))
        {
            Report(context, invocation, shown, method);
        }
    }

    /// <summary>The compiler's task awaiters (TaskAwaiter, ValueTaskAwaiter and their configured forms).</summary>
    private static bool IsAwaiter(INamedTypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.Name.EndsWith("Awaiter", System.StringComparison.Ordinal)
                && current.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices")
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInNestedFunction(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static void Report(OperationAnalysisContext context, IOperation operation, string shown, IMethodSymbol method) =>
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.BlockingCallInProcessMethod, operation.Syntax.GetLocation(), shown, method.Name));
}

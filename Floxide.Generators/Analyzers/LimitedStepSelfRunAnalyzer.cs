using System.Collections.Immutable;
using System.Linq;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Names;
using Floxide.Generators.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Floxide.Generators.Analyzers;

/// <summary>
/// FLX0167: a <c>[Node]</c> with <c>[ConcurrencyLimit]</c> whose process method makes a run of its own step (a batch over
/// it, a direct call): the nested run waits for a permit of the same limit, which the run that started it holds until the
/// nested one ends, so once <c>PermitLimit</c> runs do so, the step never moves again (the README's warning).
/// </summary>
/// <remarks>
/// What counts is the node's own type (any closed type of a generic one: they share the limiter) created with <c>new</c>,
/// or named as a generic method's type argument (<c>GetRequiredService&lt;T&gt;()</c>, <c>CreateScopedNode&lt;TContext, T&gt;()</c>),
/// in the process method's body, lambdas and local functions included. The rule does not follow calls, nor see a
/// workflow type that runs the step: it catches the direct shape, which is the common one.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LimitedStepSelfRunAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.LimitedStepRunsItself);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(FloxideNames.Attributes.ConcurrencyLimit) is null)
            {
                return;
            }

            start.RegisterOperationBlockAction(Analyze);
        });
    }

    private static void Analyze(OperationBlockAnalysisContext context)
    {
        // A limit below 1 is FLX0165's (and builds no limiter): one diagnostic for one mistake.
        if (ProcessMethodRules.FindOnProcessMethodsNode(context.OwningSymbol, FloxideNames.Attributes.ConcurrencyLimit, out var method, out var node) is not { } limit
            || FloxideAttributes.IntArgument(limit, FloxideNames.Arguments.PermitLimit) is not { } permits
            || permits < 1)
        {
            return;
        }

        foreach (var operation in context.OperationBlocks.SelectMany(static block => block.DescendantsAndSelf()))
        {
            var made = operation switch
            {
                IObjectCreationOperation creation => IsStep(creation.Type, node),
                IInvocationOperation invocation => invocation.TargetMethod.TypeArguments.Any(argument => IsStep(argument, node)),
                _ => false,
            };
            if (made)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.LimitedStepRunsItself, operation.Syntax.GetLocation(), node.Name, method.Name, permits));
            }
        }
    }

    private static bool IsStep(ITypeSymbol? type, INamedTypeSymbol node) =>
        type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, node.OriginalDefinition);
}

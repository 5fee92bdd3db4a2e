using System.Collections.Immutable;
using System.Linq;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Names;
using Floxide.Generators.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Floxide.Generators.Analyzers;

/// <summary>
/// FLX0167: a <c>[Node]</c> with <c>[ConcurrencyLimit]</c> whose process method makes a run of its own step (a batch over
/// it, a direct call): the nested run waits for a permit of the same limit, which the run that started it holds until the
/// nested one ends, so once <c>PermitLimit</c> runs do so, the step never moves again (the README's warning).
/// </summary>
/// <remarks>
/// What counts, in the process method's body (lambdas and local functions included): the node's own type (any closed
/// type of a generic one: they share the limiter) created with <c>new</c>, or written as a generic method's type argument
/// (<c>GetRequiredService&lt;T&gt;()</c>, <c>CreateScopedNode&lt;TContext, T&gt;()</c>; an inferred one is the argument's,
/// reported there); the node itself (<c>this</c>) handed to what takes a node (an <c>INode&lt;TContext&gt;</c>, a type
/// parameter: <c>CreateBatchFlow(this)</c>); and a call of a node of its type (<c>this.RunAsync(...)</c>). The rule does
/// not follow calls, nor see a workflow type that runs the step: it catches the direct shapes, which are the common ones.
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

            var nodeInterface = start.Compilation.GetTypeByMetadataName(FloxideNames.Types.INode);
            start.RegisterOperationBlockAction(block => Analyze(block, nodeInterface));
        });
    }

    private static void Analyze(OperationBlockAnalysisContext context, INamedTypeSymbol? nodeInterface)
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
                IInvocationOperation invocation => RunsStep(invocation, node),
                IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } self => HandedOnAsANode(self, nodeInterface),
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

    /// <summary>
    /// A call of a node of the step's type (its run), or a method given the step's type as a type argument written out:
    /// one inferred from an argument is that argument's (a <c>new</c>, <c>this</c>), reported there, once.
    /// </summary>
    private static bool RunsStep(IInvocationOperation invocation, INamedTypeSymbol node) =>
        (invocation.TargetMethod.Name == "RunAsync" && IsStep(invocation.TargetMethod.ContainingType, node))
        || (WritesTypeArguments(invocation.Syntax) && invocation.TargetMethod.TypeArguments.Any(argument => IsStep(argument, node)));

    private static bool WritesTypeArguments(SyntaxNode call) =>
        call is InvocationExpressionSyntax { Expression: GenericNameSyntax or MemberAccessExpressionSyntax { Name: GenericNameSyntax } or MemberBindingExpressionSyntax { Name: GenericNameSyntax } };

    /// <summary>
    /// <c>this</c> handed on as a node: converted to <c>INode&lt;TContext&gt;</c>, or passed where a method takes a node
    /// (such a parameter, or one of the method's type parameter, which takes it as what it is). Any other use (a member access, a
    /// log argument) runs nothing.
    /// </summary>
    private static bool HandedOnAsANode(IInstanceReferenceOperation self, INamedTypeSymbol? nodeInterface)
    {
        var value = (IOperation)self;
        while (value.Parent is IConversionOperation { IsImplicit: true } conversion)
        {
            if (IsNode(conversion.Type, nodeInterface))
            {
                return true;
            }

            value = conversion;
        }

        return value.Parent is IArgumentOperation { Parameter: { } parameter }
            && (parameter.OriginalDefinition.Type is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } || IsNode(parameter.Type, nodeInterface));
    }

    private static bool IsNode(ITypeSymbol? type, INamedTypeSymbol? nodeInterface) =>
        nodeInterface is not null && type is INamedTypeSymbol named
        && (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, nodeInterface)
            || named.AllInterfaces.Any(implemented => SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, nodeInterface)));
}

using System.Collections.Immutable;
using System.Linq;
using Floxide.Generators.Analyzers.Support;
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
/// (<c>GetRequiredService&lt;T&gt;()</c>, <c>CreateScopedNode&lt;TContext, T&gt;()</c>; an inferred one is the argument's);
/// the step got otherwise (<c>this</c>, a field, a factory's result) handed to what takes a node (an <c>INode&lt;TContext&gt;</c>,
/// a type parameter constrained to one: <c>CreateBatchFlow(this)</c>); and a call of a node of its type
/// (<c>this.RunAsync(...)</c>); a local that holds the step got otherwise (<c>var child = _factory();</c>), handed on. The
/// rule does not follow calls, nor see a workflow type that runs the step: it catches the direct shapes, which are the
/// common ones.
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

            var nodeInterface = FloxideSymbols.Create(start.Compilation)?.INode;
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

        var operations = context.OperationBlocks.SelectMany(static block => block.DescendantsAndSelf()).ToArray();
        foreach (var operation in operations)
        {
            // The step got otherwise than by new (reported where it is made, so a local it initialises is not), handed on.
            var made = operation switch
            {
                IObjectCreationOperation creation => IsStep(creation.Type, node),
                IInvocationOperation invocation => RunsStep(invocation, node) || (IsStep(invocation.Type, node) && HandedOnAsANode(invocation, nodeInterface)),
                IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } self => HandedOnAsANode(self, nodeInterface),
                IFieldReferenceOperation or IPropertyReferenceOperation => IsStep(operation.Type, node) && HandedOnAsANode(operation, nodeInterface),
                ILocalReferenceOperation local => IsStep(local.Type, node) && HandedOnAsANode(local, nodeInterface) && !MadeWithNew(local.Local, operations),
                _ => false,
            };
            if (made)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.LimitedStepRunsItself, operation.Syntax.GetLocation(), node.Name, method.Name, permits));
            }
        }
    }

    /// <summary>Whether <paramref name="local"/> is declared with <c>new</c> as its value, which the rule reports there.</summary>
    private static bool MadeWithNew(ILocalSymbol local, IOperation[] operations) =>
        operations.Any(operation => operation is IVariableDeclaratorOperation declarator
            && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local)
            && declarator.Initializer?.Value is IObjectCreationOperation or IConversionOperation { Operand: IObjectCreationOperation });

    private static bool IsStep(ITypeSymbol? type, INamedTypeSymbol node) =>
        type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, node.OriginalDefinition);

    /// <summary>
    /// A call of a node of the step's type (its run), or a method given the step's type as a type argument written out.
    /// One inferred from an argument is that argument's: reported there when the argument is made with <c>new</c>, or is
    /// handed on to a type parameter that takes a node (constrained to <c>INode&lt;TContext&gt;</c>); an unconstrained one
    /// (<c>Task.FromResult(this)</c>, <c>Interlocked.Exchange(ref last, this)</c>) runs nothing.
    /// </summary>
    private static bool RunsStep(IInvocationOperation invocation, INamedTypeSymbol node) =>
        (invocation.TargetMethod.Name == "RunAsync" && IsStep(invocation.TargetMethod.ContainingType, node))
        || (WritesTypeArguments(invocation.Syntax) && invocation.TargetMethod.TypeArguments.Any(argument => IsStep(argument, node)));

    private static bool WritesTypeArguments(SyntaxNode call) =>
        call is InvocationExpressionSyntax { Expression: GenericNameSyntax or MemberAccessExpressionSyntax { Name: GenericNameSyntax } or MemberBindingExpressionSyntax { Name: GenericNameSyntax } };

    /// <summary>
    /// The step (<c>this</c>, a field, a factory's result) handed on as a node: converted to <c>INode&lt;TContext&gt;</c>, or
    /// passed where a method takes a node (such a parameter, or one of a type parameter constrained to take one). Any
    /// other use (a member access, a log argument, an unconstrained generic method) runs nothing.
    /// </summary>
    private static bool HandedOnAsANode(IOperation step, INamedTypeSymbol? nodeInterface)
    {
        var value = step;
        while (value.Parent is IConversionOperation { IsImplicit: true } conversion)
        {
            if (IsNode(conversion.Type, nodeInterface))
            {
                return true;
            }

            value = conversion;
        }

        // As declared: a generic method's parameter is of its type parameter, whatever the call infers.
        return value.Parent is IArgumentOperation { Parameter.OriginalDefinition.Type: var declared }
            && (IsNode(declared, nodeInterface)
                || (declared is ITypeParameterSymbol generic && generic.ConstraintTypes.Any(constraint => IsNode(constraint, nodeInterface))));
    }

    private static bool IsNode(ITypeSymbol? type, INamedTypeSymbol? nodeInterface) =>
        nodeInterface is not null && type is INamedTypeSymbol named
        && (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, nodeInterface)
            || named.AllInterfaces.Any(implemented => SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, nodeInterface)));
}

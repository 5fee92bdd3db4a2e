using System.Collections.Immutable;
using System.Linq;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Names;
using Floxide.Generators.Nodes;
using Floxide.Generators.Resilience;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Floxide.Generators.Analyzers;

/// <summary>
/// FLX0163: a <c>[Node]</c> with <c>[Timeout]</c> whose process method takes the <c>CancellationToken</c> the timeout
/// cancels but never uses it, so the timeout cannot stop it (FLX0159 is the method that takes no token at all).
/// </summary>
/// <remarks>
/// A use is any read of the parameter in the method's body, lambdas and local functions included, except inside
/// <c>nameof</c> (a string, not the token), as the whole value of a discard assignment (<c>_ = token;</c>, which
/// reads it only to ignore it), and after a statement of the body itself that replaces it (<c>token = CancellationToken.None;</c>:
/// what follows in the text reads the replacement; a replacement inside a branch or a loop may not happen, so it
/// replaces nothing here, and a lambda or local function may run before it, so a read in one is a use). Writing the
/// parameter is no use of it. The rule reads the body, so unlike FLX0159 it does not live in <see cref="NodeReader"/>,
/// which the generator runs from the symbols alone; it finds the process method, the token and the timeout with the
/// same helpers, so the two rules never meet on one method. An item-level <c>[Timeout]</c> on a <c>[BatchContext]</c>
/// is not checked: its workflow is composed at run time.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TimeoutTokenAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.TimeoutWithUnusedCancellationToken);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(FloxideNames.Attributes.Timeout) is null)
            {
                return;
            }

            start.RegisterOperationBlockAction(Analyze);
        });
    }

    private static void Analyze(OperationBlockAnalysisContext context)
    {
        // As FLX0159: only the node's one process method counts (a partial method's body is its implementation part's),
        // and a timeout out of range is FLX0153's (one diagnostic for one mistake).
        if (context.OwningSymbol is not IMethodSymbol { Parameters.Length: 2 }
            || ProcessMethodRules.FindOnProcessMethodsNode(context.OwningSymbol, FloxideNames.Attributes.Timeout, out var method, out var node) is not { } timeout
            || !ResilienceReader.IsTimeoutInRange(ResilienceReader.TimeoutMsOf(timeout))
            || ProcessMethodRules.GetCancellationToken(method) is not { } token)
        {
            return;
        }

        // Without a body (abstract, extern, a partial method never implemented) the blocks are at most the token's
        // default value: nothing runs that could use it.
        if (!context.OperationBlocks.Any(block => block is IBlockOperation) || context.OperationBlocks.Any(block => Uses(block, token)))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.TimeoutWithUnusedCancellationToken, token.Locations.FirstOrDefault(), node.Name, method.Name, token.Name));
    }

    private static bool Uses(IOperation block, IParameterSymbol token)
    {
        var replacedFrom = ReplacedFrom(block, token);
        foreach (var operation in block.DescendantsAndSelf())
        {
            if (operation is IParameterReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Parameter, token)
                && !IsWritten(reference)
                && (reference.Syntax.SpanStart < replacedFrom || IsInFunction(reference))
                && !IsDiscarded(reference)
                && !IsInNameOf(reference))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Where the body's first statement that replaces the token ends (<c>token = ...;</c>, itself a statement of the body,
    /// so it always runs); the end of the text when there is none. Its own value, <c>token = Link(token).Token;</c>, reads
    /// the token before it is replaced.
    /// </summary>
    private static int ReplacedFrom(IOperation block, IParameterSymbol token)
    {
        if (block is IBlockOperation body)
        {
            foreach (var statement in body.Operations)
            {
                if (statement is IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: IParameterReferenceOperation target } }
                    && SymbolEqualityComparer.Default.Equals(target.Parameter, token))
                {
                    return statement.Syntax.Span.End;
                }
            }
        }

        return int.MaxValue;
    }

    /// <summary>
    /// In a lambda or a local function: it may run before the replacement wherever it is written (a local function at the
    /// end of the method, called first), so the text's order says nothing of it.
    /// </summary>
    private static bool IsInFunction(IOperation operation) => HasAncestor(operation, static a => a is IAnonymousFunctionOperation or ILocalFunctionOperation);

    /// <summary><c>token = ...</c>: the reference is written, not read.</summary>
    private static bool IsWritten(IParameterReferenceOperation reference) =>
        reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference;

    /// <summary><c>_ = token;</c>: read only to be thrown away.</summary>
    private static bool IsDiscarded(IParameterReferenceOperation reference) =>
        reference.Parent is ISimpleAssignmentOperation { Target: IDiscardOperation } assignment && assignment.Value == reference;

    /// <summary><c>nameof(token)</c>: the parameter's name, a constant string; the token is never read.</summary>
    private static bool IsInNameOf(IOperation operation) => HasAncestor(operation, static a => a is INameOfOperation);

    private static bool HasAncestor(IOperation operation, System.Func<IOperation, bool> matches)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (matches(current))
            {
                return true;
            }
        }

        return false;
    }
}

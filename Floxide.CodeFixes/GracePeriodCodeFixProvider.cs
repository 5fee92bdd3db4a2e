using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Names;
using Floxide.Generators.Workflows;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Floxide.CodeFixes;

/// <summary>
/// A cancellation grace period below -1: FLX0035 on <c>[BatchContext(CancellationGracePeriodMs = n)]</c>, and the
/// FLX0111 that is the same mistake on <c>[BatchStep(..., CancellationGracePeriodMs = n)]</c> (the analyzer names the
/// argument in <see cref="WorkflowReader.ArgumentProperty"/>; FLX0111's other causes get no fix here). Offers, first,
/// the same period without its minus sign (<c>-20_000</c> most likely meant 20 s), when the value is a negated positive
/// number; then -1 (every running attempt finishes); then removing the argument (a context's running attempts are then
/// canceled at once, the default; a batch step takes its context's period).
/// </summary>
/// <remarks>
/// Both IDs have Fix All, so <c>dotnet format</c> applies the first fix: the error stops the generator, so there is no
/// running program whose meaning a bulk fix could change, and a context and a batch step with one typo get one fix.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(GracePeriodCodeFixProvider)), Shared]
public sealed class GracePeriodCodeFixProvider : DocumentFixer
{
    /// <summary>The key of the FLX0035 fix that drops the minus sign.</summary>
    public const string PositiveKey = "Floxide.FLX0035.Positive";

    /// <summary>The key of the FLX0035 fix that lets every running attempt finish (-1).</summary>
    public const string UnboundedKey = "Floxide.FLX0035.Unbounded";

    /// <summary>The key of the FLX0035 fix that removes the argument.</summary>
    public const string RemoveKey = "Floxide.FLX0035.Remove";

    /// <summary>The key of the FLX0111 fix that drops the minus sign of a batch step's grace period.</summary>
    public const string StepPositiveKey = "Floxide.FLX0111.GracePeriodPositive";

    /// <summary>The key of the FLX0111 fix that lets every running attempt of a batch step finish (-1).</summary>
    public const string StepUnboundedKey = "Floxide.FLX0111.GracePeriodUnbounded";

    /// <summary>The key of the FLX0111 fix that removes a batch step's grace period (its context's applies).</summary>
    public const string StepRemoveKey = "Floxide.FLX0111.GracePeriodRemove";

    private static readonly Fixes ContextFixes = new(PositiveKey, UnboundedKey, RemoveKey, "Remove the argument (running attempts are canceled at once)");

    private static readonly Fixes StepFixes = new(StepPositiveKey, StepUnboundedKey, StepRemoveKey, "Remove the argument (the step takes its context's grace period)");

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.GracePeriodOutOfRange.Id,
        DiagnosticDescriptors.InvalidWorkflowArgument.Id);

    /// <inheritdoc/>
    protected override async Task<ImmutableArray<FixOption>> GetFixesAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (FixesFor(diagnostic) is not { } fixes || root is null || FindArgument(root, diagnostic) is not { } argument)
        {
            return ImmutableArray<FixOption>.Empty;
        }

        var options = ImmutableArray.CreateBuilder<FixOption>(3);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (PositiveOf(argument.Expression, model, cancellationToken) is { } positive)
        {
            options.Add(new FixOption(fixes.Positive, $"Use {positive} ms (the period without its minus sign)"));
        }

        options.Add(new FixOption(fixes.Unbounded, "Use -1 (running attempts finish however long they take)"));
        options.Add(new FixOption(fixes.Remove, fixes.RemoveTitle));
        return options.ToImmutable();
    }

    /// <inheritdoc/>
    protected override Task<Document> FixAsync(Document document, ImmutableArray<(Diagnostic Diagnostic, string Key)> fixes, CancellationToken cancellationToken) =>
        EditEachAsync(document, fixes, Edit, cancellationToken);

    private static void Edit(SyntaxEditor editor, SyntaxNode root, Diagnostic diagnostic, string key)
    {
        if (FixesFor(diagnostic) is not { } fixes || FindArgument(root, diagnostic) is not { } argument)
        {
            return;
        }

        if (key == fixes.Positive && argument.Expression is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression } negated)
        {
            editor.ReplaceNode(negated, negated.Operand.WithTriviaFrom(negated));
        }
        else if (key == fixes.Unbounded)
        {
            var minusOne = SyntaxFactory.PrefixUnaryExpression(
                SyntaxKind.UnaryMinusExpression, SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(1)));
            editor.ReplaceNode(argument.Expression, minusOne.WithTriviaFrom(argument.Expression));
        }
        else if (key == fixes.Remove)
        {
            SyntaxHelpers.RemoveAttributeArgument(editor, argument);
        }
    }

    /// <inheritdoc/>
    /// <remarks>A context's and a batch step's period are fixed the same three ways: each key's counterpart is the other's.</remarks>
    protected override string? CounterpartKey(string equivalenceKey, Diagnostic diagnostic)
    {
        if (FixesFor(diagnostic) is not { } fixes)
        {
            return null;
        }

        foreach (var kind in new[] { ContextFixes, StepFixes })
        {
            if (equivalenceKey == kind.Positive)
            {
                return fixes.Positive;
            }

            if (equivalenceKey == kind.Unbounded)
            {
                return fixes.Unbounded;
            }

            if (equivalenceKey == kind.Remove)
            {
                return fixes.Remove;
            }
        }

        return null;
    }

    /// <summary>The fixes of the diagnostic's ID; for FLX0111 only when the analyzer says it is about a grace period, else null.</summary>
    private static Fixes? FixesFor(Diagnostic diagnostic) =>
        diagnostic.Id == DiagnosticDescriptors.GracePeriodOutOfRange.Id ? ContextFixes
        : diagnostic.Id == DiagnosticDescriptors.InvalidWorkflowArgument.Id
            && diagnostic.Properties.TryGetValue(WorkflowReader.ArgumentProperty, out var argument)
            && argument == FloxideNames.Arguments.CancellationGracePeriodMs ? StepFixes
        : null;

    /// <summary>
    /// The period the minus sign was in front of, when the value is <c>-x</c> and <c>x</c> is a positive <c>int</c>
    /// constant (<c>-2147483648</c>'s operand is a <c>uint</c>, whose period an <c>int</c> cannot hold); else null.
    /// </summary>
    private static string? PositiveOf(ExpressionSyntax value, SemanticModel? model, CancellationToken cancellationToken) =>
        value is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression } negated
        && model?.GetConstantValue(negated.Operand, cancellationToken) is { HasValue: true, Value: int period and > 0 }
            ? period.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : null;

    private static AttributeArgumentSyntax? FindArgument(SyntaxNode root, Diagnostic diagnostic) =>
        SyntaxHelpers.DiagnosedValue(root, diagnostic)?.Parent as AttributeArgumentSyntax;

    /// <summary>One ID's keys (keys are never shared by two IDs), and the title of removing the argument, which differs in meaning.</summary>
    private sealed record Fixes(string Positive, string Unbounded, string Remove, string RemoveTitle);
}

using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Floxide.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Floxide.CodeFixes;

/// <summary>
/// FLX0035: a <c>[BatchContext(CancellationGracePeriodMs = n)]</c> below -1. Offers, first, the same period without its
/// minus sign (<c>-20_000</c> most likely meant 20 s), when the value is a negated positive number; then -1 (every
/// running attempt finishes); then removing the argument (running attempts are canceled at once, the default).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(GracePeriodCodeFixProvider)), Shared]
public sealed class GracePeriodCodeFixProvider : DocumentFixer
{
    /// <summary>The key of the fix that drops the minus sign.</summary>
    public const string PositiveKey = "Floxide.FLX0035.Positive";

    /// <summary>The key of the fix that lets every running attempt finish (-1).</summary>
    public const string UnboundedKey = "Floxide.FLX0035.Unbounded";

    /// <summary>The key of the fix that removes the argument.</summary>
    public const string RemoveKey = "Floxide.FLX0035.Remove";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.GracePeriodOutOfRange.Id);

    /// <inheritdoc/>
    protected override async Task<ImmutableArray<FixOption>> GetFixesAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || FindArgument(root, diagnostic) is not { } argument)
        {
            return ImmutableArray<FixOption>.Empty;
        }

        var fixes = ImmutableArray.CreateBuilder<FixOption>(3);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (PositiveOf(argument.Expression, model, cancellationToken) is { } positive)
        {
            fixes.Add(new FixOption(PositiveKey, $"Use {positive} ms (the period without its minus sign)"));
        }

        fixes.Add(new FixOption(UnboundedKey, "Use -1 (running attempts finish however long they take)"));
        fixes.Add(new FixOption(RemoveKey, "Remove the argument (running attempts are canceled at once)"));
        return fixes.ToImmutable();
    }

    /// <inheritdoc/>
    protected override Task<Document> FixAsync(Document document, ImmutableArray<(Diagnostic Diagnostic, string Key)> fixes, CancellationToken cancellationToken) =>
        EditEachAsync(document, fixes, Edit, cancellationToken);

    private static void Edit(SyntaxEditor editor, SyntaxNode root, Diagnostic diagnostic, string key)
    {
        if (FindArgument(root, diagnostic) is not { } argument)
        {
            return;
        }

        switch (key)
        {
            case PositiveKey when argument.Expression is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression } negated:
                editor.ReplaceNode(negated, negated.Operand.WithTriviaFrom(negated));
                break;
            case UnboundedKey:
                var minusOne = SyntaxFactory.PrefixUnaryExpression(
                    SyntaxKind.UnaryMinusExpression, SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(1)));
                editor.ReplaceNode(argument.Expression, minusOne.WithTriviaFrom(argument.Expression));
                break;
            case RemoveKey:
                SyntaxHelpers.RemoveAttributeArgument(editor, argument);
                break;
        }
    }

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
}

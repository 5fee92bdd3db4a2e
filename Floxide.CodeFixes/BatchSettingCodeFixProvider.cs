using System;
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
using Microsoft.CodeAnalysis.Simplification;

namespace Floxide.CodeFixes;

/// <summary>
/// A batch setting out of range, a context's or a batch step's: a parallelism limit below 1 (FLX0013, and the FLX0111 of
/// <c>[BatchStep(..., MaxDegreeOfParallelism = n)]</c>) and a cancellation grace period below -1 (FLX0035, and the FLX0111
/// of <c>[BatchStep(..., CancellationGracePeriodMs = n)]</c>). The analyzer names a batch step's argument in
/// <see cref="WorkflowReader.ArgumentProperty"/>; FLX0111's other causes get no fix. A limit is fixed first to its
/// default (in an attribute, where only constants are allowed, by removing the argument: a context then uses the
/// processor count, a step its context's limit), then to 1. A period is fixed first to itself without its minus sign
/// (<c>-20_000</c> most likely meant 20 s), when the value is a negated positive number; then to -1 (every running
/// attempt finishes); then by removing the argument (a context's running attempts are then canceled at once, the
/// default; a batch step takes its context's period). The first fix is what the docs pages show and what a host such
/// as <c>dotnet format</c> applies.
/// </summary>
/// <remarks>
/// One provider owns the three IDs because <c>dotnet format</c> runs an ID's fixers on one analysis: a second fixer of
/// FLX0111 would find that analysis stale once the first had changed the project, and fix nothing until another run.
/// Every fix has Fix All, so the host applies the first: the error stops the generator, so there is no running program
/// whose meaning a bulk fix could change, and a context and a batch step with one typo get one fix.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BatchSettingCodeFixProvider)), Shared]
public sealed class BatchSettingCodeFixProvider : DocumentFixer
{
    /// <summary>The key of the FLX0013 fix that uses the processor count (removes the attribute argument).</summary>
    public const string UseProcessorCountKey = "Floxide.FLX0013.ProcessorCount";

    /// <summary>The key of the FLX0013 fix that sets the limit to 1.</summary>
    public const string UseOneKey = "Floxide.FLX0013.One";

    /// <summary>The key of the FLX0111 fix that removes a batch step's limit (its context's applies).</summary>
    public const string StepParallelismRemoveKey = "Floxide.FLX0111.ParallelismRemove";

    /// <summary>The key of the FLX0111 fix that sets a batch step's limit to 1.</summary>
    public const string StepParallelismOneKey = "Floxide.FLX0111.ParallelismOne";

    /// <summary>The key of the FLX0035 fix that drops the minus sign.</summary>
    public const string GracePeriodPositiveKey = "Floxide.FLX0035.Positive";

    /// <summary>The key of the FLX0035 fix that lets every running attempt finish (-1).</summary>
    public const string GracePeriodUnboundedKey = "Floxide.FLX0035.Unbounded";

    /// <summary>The key of the FLX0035 fix that removes the argument.</summary>
    public const string GracePeriodRemoveKey = "Floxide.FLX0035.Remove";

    /// <summary>The key of the FLX0111 fix that drops the minus sign of a batch step's grace period.</summary>
    public const string StepGracePeriodPositiveKey = "Floxide.FLX0111.GracePeriodPositive";

    /// <summary>The key of the FLX0111 fix that lets every running attempt of a batch step finish (-1).</summary>
    public const string StepGracePeriodUnboundedKey = "Floxide.FLX0111.GracePeriodUnbounded";

    /// <summary>The key of the FLX0111 fix that removes a batch step's grace period (its context's applies).</summary>
    public const string StepGracePeriodRemoveKey = "Floxide.FLX0111.GracePeriodRemove";

    private static readonly Setting ContextLimit = new(
        FloxideNames.Arguments.MaxDegreeOfParallelism,
        UseProcessorCountKey,
        "Remove the argument (defaults to the processor count)",
        UseOneKey,
        Literal: 1,
        "Set the parallelism to 1");

    private static readonly Setting StepLimit = ContextLimit with
    {
        RemoveKey = StepParallelismRemoveKey,
        RemoveTitle = "Remove the argument (the step takes its context's limit)",
        LiteralKey = StepParallelismOneKey,
    };

    private static readonly Setting ContextGracePeriod = new(
        FloxideNames.Arguments.CancellationGracePeriodMs,
        GracePeriodRemoveKey,
        "Remove the argument (running attempts are canceled at once)",
        GracePeriodUnboundedKey,
        Literal: -1,
        "Use -1 (running attempts finish however long they take)",
        GracePeriodPositiveKey);

    private static readonly Setting StepGracePeriod = ContextGracePeriod with
    {
        RemoveKey = StepGracePeriodRemoveKey,
        RemoveTitle = "Remove the argument (the step takes its context's grace period)",
        LiteralKey = StepGracePeriodUnboundedKey,
        PositiveKey = StepGracePeriodPositiveKey,
    };

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ParallelismBelowOne.Id,
        DiagnosticDescriptors.GracePeriodOutOfRange.Id,
        DiagnosticDescriptors.InvalidWorkflowArgument.Id);

    /// <inheritdoc/>
    protected override async Task<ImmutableArray<FixOption>> GetFixesAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || SettingOf(diagnostic) is not { } setting || DiagnosedValue(root, diagnostic, setting) is not { } value)
        {
            return ImmutableArray<FixOption>.Empty;
        }

        var remove = new FixOption(setting.RemoveKey, value.Parent is AttributeArgumentSyntax ? setting.RemoveTitle : "Use Environment.ProcessorCount");
        var literal = new FixOption(setting.LiteralKey, setting.LiteralTitle);
        if (setting.PositiveKey is not { } positiveKey)
        {
            return ImmutableArray.Create(remove, literal);
        }

        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return PositiveOf(value, model, cancellationToken) is { } positive
            ? ImmutableArray.Create(new FixOption(positiveKey, $"Use {positive} ms (the period without its minus sign)"), literal, remove)
            : ImmutableArray.Create(literal, remove);
    }

    /// <inheritdoc/>
    protected override Task<Document> FixAsync(Document document, ImmutableArray<(Diagnostic Diagnostic, string Key)> fixes, CancellationToken cancellationToken) =>
        EditEachAsync(document, fixes, Edit, cancellationToken);

    private static void Edit(SyntaxEditor editor, SyntaxNode root, Diagnostic diagnostic, string key)
    {
        if (SettingOf(diagnostic) is not { } setting || DiagnosedValue(root, diagnostic, setting) is not { } value)
        {
            return;
        }

        if (key == setting.PositiveKey && value is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression } negated)
        {
            editor.ReplaceNode(negated, negated.Operand.WithTriviaFrom(negated));
        }
        else if (key == setting.LiteralKey)
        {
            var literal = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(Math.Abs(setting.Literal)));
            var replacement = setting.Literal < 0 ? SyntaxFactory.PrefixUnaryExpression(SyntaxKind.UnaryMinusExpression, literal) : (ExpressionSyntax)literal;
            editor.ReplaceNode(value, replacement.WithTriviaFrom(value));
        }
        else if (key == setting.RemoveKey && value.Parent is AttributeArgumentSyntax argument)
        {
            SyntaxHelpers.RemoveAttributeArgument(editor, argument);
        }
        else if (key == setting.RemoveKey)
        {
            var processorCount = SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression, SyntaxHelpers.SimplifiedName("System.Environment"), SyntaxFactory.IdentifierName("ProcessorCount"));
            editor.ReplaceNode(value, processorCount.WithTriviaFrom(value).WithAdditionalAnnotations(Simplifier.Annotation));
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A context's and a batch step's setting are fixed the same ways: each key's counterpart is the other's. A limit's
    /// fix and a period's are not the same fix (1 is not -1), so a Fix All asked for one gives the other its first fix.
    /// </remarks>
    protected override string? CounterpartKey(string equivalenceKey, Diagnostic diagnostic)
    {
        if (SettingOf(diagnostic) is not { } setting)
        {
            return null;
        }

        foreach (var same in setting.Argument == ContextLimit.Argument ? new[] { ContextLimit, StepLimit } : new[] { ContextGracePeriod, StepGracePeriod })
        {
            if (equivalenceKey == same.RemoveKey)
            {
                return setting.RemoveKey;
            }

            if (equivalenceKey == same.LiteralKey)
            {
                return setting.LiteralKey;
            }

            if (equivalenceKey == same.PositiveKey)
            {
                return setting.PositiveKey;
            }
        }

        return null;
    }

    /// <summary>The setting the diagnostic is about; for FLX0111 the one the analyzer names, else null (FLX0111's other causes).</summary>
    private static Setting? SettingOf(Diagnostic diagnostic) =>
        diagnostic.Id == DiagnosticDescriptors.ParallelismBelowOne.Id ? ContextLimit
        : diagnostic.Id == DiagnosticDescriptors.GracePeriodOutOfRange.Id ? ContextGracePeriod
        : diagnostic.Id != DiagnosticDescriptors.InvalidWorkflowArgument.Id || !diagnostic.Properties.TryGetValue(WorkflowReader.ArgumentProperty, out var argument) ? null
        : argument == StepLimit.Argument ? StepLimit
        : argument == StepGracePeriod.Argument ? StepGracePeriod
        : null;

    /// <summary>
    /// The value the diagnostic points at. Only a context's limit is checked outside an attribute too
    /// (<c>new BatchOptions { MaxDegreeOfParallelism = 0 }</c>); every other setting's value is an attribute argument's.
    /// </summary>
    private static ExpressionSyntax? DiagnosedValue(SyntaxNode root, Diagnostic diagnostic, Setting setting) =>
        SyntaxHelpers.DiagnosedValue(root, diagnostic) is { } value && (value.Parent is AttributeArgumentSyntax || setting == ContextLimit) ? value : null;

    /// <summary>
    /// The period the minus sign was in front of, when the value is <c>-x</c> and <c>x</c> is a positive <c>int</c>
    /// constant (<c>-2147483648</c>'s operand is a <c>uint</c>, whose period an <c>int</c> cannot hold); else null.
    /// </summary>
    private static string? PositiveOf(ExpressionSyntax value, SemanticModel? model, CancellationToken cancellationToken) =>
        value is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression } negated
        && model?.GetConstantValue(negated.Operand, cancellationToken) is { HasValue: true, Value: int period and > 0 }
            ? period.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : null;

    /// <summary>
    /// One setting where one ID reports it, and its fixes' keys (keys are never shared by two IDs): removing the argument
    /// (for a context's limit outside an attribute, the processor count), writing <see cref="Literal"/> (1 for a limit,
    /// -1 for a period), and, for a period only, dropping the minus sign.
    /// </summary>
    private sealed record Setting(string Argument, string RemoveKey, string RemoveTitle, string LiteralKey, int Literal, string LiteralTitle, string? PositiveKey = null);
}

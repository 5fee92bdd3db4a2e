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
/// FLX0013: replaces a parallelism limit below 1 with the processor-count default (in an attribute, where only
/// constants are allowed, by removing the argument, whose default is the processor count), or with 1. The default
/// comes first: it is what the docs page shows and what a host such as <c>dotnet format</c> applies. The FLX0111 that
/// is the same mistake on <c>[BatchStep(..., MaxDegreeOfParallelism = n)]</c> (the analyzer names the argument in
/// <see cref="WorkflowReader.ArgumentProperty"/>; FLX0111's other causes get no fix here) gets the same two fixes, under
/// its own keys: removing the argument there leaves the step on its context's limit (else the processor count).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ParallelismCodeFixProvider)), Shared]
public sealed class ParallelismCodeFixProvider : DocumentFixer
{
    /// <summary>The key of the fix that uses the processor count (removes the attribute argument).</summary>
    public const string UseProcessorCountKey = "Floxide.FLX0013.ProcessorCount";

    /// <summary>The key of the fix that sets the limit to 1.</summary>
    public const string UseOneKey = "Floxide.FLX0013.One";

    /// <summary>The key of the FLX0111 fix that removes a batch step's limit (its context's applies).</summary>
    public const string StepRemoveKey = "Floxide.FLX0111.ParallelismRemove";

    /// <summary>The key of the FLX0111 fix that sets a batch step's limit to 1.</summary>
    public const string StepOneKey = "Floxide.FLX0111.ParallelismOne";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ParallelismBelowOne.Id,
        DiagnosticDescriptors.InvalidWorkflowArgument.Id);

    /// <inheritdoc/>
    protected override async Task<ImmutableArray<FixOption>> GetFixesAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || DiagnosedValue(root, diagnostic) is not { } value)
        {
            return ImmutableArray<FixOption>.Empty;
        }

        if (diagnostic.Id == DiagnosticDescriptors.InvalidWorkflowArgument.Id)
        {
            return ImmutableArray.Create(
                new FixOption(StepRemoveKey, "Remove the argument (the step takes its context's limit)"),
                new FixOption(StepOneKey, "Set the parallelism to 1"));
        }

        return ImmutableArray.Create(
            new FixOption(UseProcessorCountKey, value.Parent is AttributeArgumentSyntax ? "Remove the argument (defaults to the processor count)" : "Use Environment.ProcessorCount"),
            new FixOption(UseOneKey, "Set the parallelism to 1"));
    }

    /// <inheritdoc/>
    protected override Task<Document> FixAsync(Document document, ImmutableArray<(Diagnostic Diagnostic, string Key)> fixes, CancellationToken cancellationToken) =>
        EditEachAsync(document, fixes, Edit, cancellationToken);

    private static void Edit(SyntaxEditor editor, SyntaxNode root, Diagnostic diagnostic, string key)
    {
        if (DiagnosedValue(root, diagnostic) is not { } value)
        {
            return;
        }

        if (key is UseOneKey or StepOneKey)
        {
            editor.ReplaceNode(value, SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(1)).WithTriviaFrom(value));
        }
        else if (value.Parent is AttributeArgumentSyntax argument)
        {
            SyntaxHelpers.RemoveAttributeArgument(editor, argument);
        }
        else
        {
            var processorCount = SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression, SyntaxHelpers.SimplifiedName("System.Environment"), SyntaxFactory.IdentifierName("ProcessorCount"));
            editor.ReplaceNode(value, processorCount.WithTriviaFrom(value).WithAdditionalAnnotations(Simplifier.Annotation));
        }
    }

    /// <inheritdoc/>
    /// <remarks>A context's and a batch step's limit are fixed the same two ways: each key's counterpart is the other's.</remarks>
    protected override string? CounterpartKey(string equivalenceKey, Diagnostic diagnostic)
    {
        var isStep = diagnostic.Id == DiagnosticDescriptors.InvalidWorkflowArgument.Id;
        return equivalenceKey switch
        {
            UseProcessorCountKey or StepRemoveKey => isStep ? StepRemoveKey : UseProcessorCountKey,
            UseOneKey or StepOneKey => isStep ? StepOneKey : UseOneKey,
            _ => null,
        };
    }

    /// <summary>
    /// The limit the diagnostic points at; for FLX0111 only when the analyzer says it is a batch step's limit (then always
    /// an attribute argument), else null: FLX0111's other causes are not this fixer's.
    /// </summary>
    private static ExpressionSyntax? DiagnosedValue(SyntaxNode root, Diagnostic diagnostic) =>
        diagnostic.Id != DiagnosticDescriptors.InvalidWorkflowArgument.Id ? SyntaxHelpers.DiagnosedValue(root, diagnostic)
        : diagnostic.Properties.TryGetValue(WorkflowReader.ArgumentProperty, out var argument) && argument == FloxideNames.Arguments.MaxDegreeOfParallelism
            && SyntaxHelpers.DiagnosedValue(root, diagnostic) is { Parent: AttributeArgumentSyntax } value ? value
        : null;
}

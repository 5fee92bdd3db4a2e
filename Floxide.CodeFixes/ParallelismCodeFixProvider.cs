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
using Microsoft.CodeAnalysis.Simplification;

namespace Floxide.CodeFixes;

/// <summary>
/// FLX0013: replaces a parallelism limit below 1 with the processor-count default (in an attribute, where only
/// constants are allowed, by removing the argument, whose default is the processor count), or with 1. The default
/// comes first: it is what the docs page shows and what a host such as <c>dotnet format</c> applies.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ParallelismCodeFixProvider)), Shared]
public sealed class ParallelismCodeFixProvider : DocumentFixer
{
    /// <summary>The key of the fix that uses the processor count (removes the attribute argument).</summary>
    public const string UseProcessorCountKey = "Floxide.FLX0013.ProcessorCount";

    /// <summary>The key of the fix that sets the limit to 1.</summary>
    public const string UseOneKey = "Floxide.FLX0013.One";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.ParallelismBelowOne.Id);

    /// <inheritdoc/>
    protected override async Task<ImmutableArray<FixOption>> GetFixesAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || SyntaxHelpers.DiagnosedValue(root, diagnostic) is not { } value)
        {
            return ImmutableArray<FixOption>.Empty;
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
        if (SyntaxHelpers.DiagnosedValue(root, diagnostic) is not { } value)
        {
            return;
        }

        if (key == UseOneKey)
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
}

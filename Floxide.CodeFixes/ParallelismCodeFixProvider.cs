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
/// FLX0013: replaces a parallelism limit below 1 with 1, or with the processor-count default (in an
/// attribute, where only constants are allowed, by removing the argument, whose default is the processor count).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ParallelismCodeFixProvider)), Shared]
public sealed class ParallelismCodeFixProvider : DocumentFixer
{
    /// <summary>The key of the fix that sets the limit to 1.</summary>
    public const string UseOneKey = "Floxide.Parallelism.One";

    /// <summary>The key of the fix that uses the processor count.</summary>
    public const string UseProcessorCountKey = "Floxide.Parallelism.ProcessorCount";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.ParallelismBelowOne.Id);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root is null || FindValue(root, diagnostic) is not { } value)
            {
                continue;
            }

            Register(context, diagnostic, "Set the parallelism to 1", UseOneKey);
            Register(
                context,
                diagnostic,
                value.Parent is AttributeArgumentSyntax ? "Remove the argument (defaults to the processor count)" : "Use Environment.ProcessorCount",
                UseProcessorCountKey);
        }
    }

    /// <inheritdoc/>
    protected override async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string equivalenceKey, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var editor = new SyntaxEditor(root, document.Project.Solution.Services);
        foreach (var diagnostic in diagnostics)
        {
            if (FindValue(root, diagnostic) is not { } value)
            {
                continue;
            }

            if (equivalenceKey == UseOneKey)
            {
                editor.ReplaceNode(value, SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(1)).WithTriviaFrom(value));
            }
            else if (value.Parent is AttributeArgumentSyntax { Parent: AttributeArgumentListSyntax list } argument)
            {
                if (list.Arguments.Count == 1 && list.Parent is AttributeSyntax attribute)
                {
                    editor.ReplaceNode(attribute, attribute.WithArgumentList(null));
                }
                else
                {
                    editor.RemoveNode(argument);
                }
            }
            else
            {
                var processorCount = SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression, SyntaxHelpers.SimplifiedName("System.Environment"), SyntaxFactory.IdentifierName("ProcessorCount"));
                editor.ReplaceNode(value, processorCount.WithTriviaFrom(value).WithAdditionalAnnotations(Simplifier.Annotation));
            }
        }

        return document.WithSyntaxRoot(editor.GetChangedRoot());
    }

    private static ExpressionSyntax? FindValue(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: false) switch
        {
            ArgumentSyntax argument => argument.Expression,
            AttributeArgumentSyntax argument => argument.Expression,
            ExpressionSyntax expression => expression,
            _ => null,
        };
}

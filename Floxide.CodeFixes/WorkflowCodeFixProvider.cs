using System.Collections.Immutable;
using System.Composition;
using System.Linq;
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
/// FLX0110: adds a step limit, <c>MaxSteps = 100</c>, to the <c>[Workflow]</c> attribute. (FLX0106's fix is
/// <see cref="UnroutedActionCodeFixProvider"/>, apart because it has no Fix All.)
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WorkflowCodeFixProvider)), Shared]
public sealed class WorkflowCodeFixProvider : DocumentFixer
{
    /// <summary>The key of the fix that adds a step limit.</summary>
    public const string MaxStepsKey = "Floxide.FLX0110.MaxSteps";

    /// <summary>The step limit the fix writes: generous for real loops, small enough to stop a runaway one fast.</summary>
    public const int SuggestedMaxSteps = 100;

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.CycleWithoutStepLimit.Id);

    /// <inheritdoc/>
    protected override async Task<ImmutableArray<FixOption>> GetFixesAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is not null && SyntaxHelpers.FindType(root, diagnostic.Location.SourceSpan) is { } type && FindWorkflowAttribute(type) is not null
            ? Offer(MaxStepsKey, $"Limit the workflow to {SuggestedMaxSteps} steps")
            : ImmutableArray<FixOption>.Empty;
    }

    /// <inheritdoc/>
    protected override Task<Document> FixAsync(Document document, ImmutableArray<(Diagnostic Diagnostic, string Key)> fixes, CancellationToken cancellationToken) =>
        EditEachAsync(document, fixes, Edit, cancellationToken);

    private static void Edit(SyntaxEditor editor, SyntaxNode root, Diagnostic diagnostic, string key)
    {
        if (key == MaxStepsKey && SyntaxHelpers.FindType(root, diagnostic.Location.SourceSpan) is { } type && FindWorkflowAttribute(type) is { } workflow)
        {
            var maxSteps = SyntaxFactory.AttributeArgument(
                SyntaxFactory.NameEquals("MaxSteps"),
                null,
                SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(SuggestedMaxSteps)));
            var arguments = workflow.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
            editor.ReplaceNode(workflow, workflow.WithArgumentList(arguments.AddArguments(maxSteps)));
        }
    }

    private static AttributeSyntax? FindWorkflowAttribute(TypeDeclarationSyntax type) =>
        type.AttributeLists.SelectMany(l => l.Attributes).FirstOrDefault(a => a.Name.ToString() is "Workflow" or "WorkflowAttribute" or "Floxide.Workflow" or "Floxide.WorkflowAttribute" or "global::Floxide.Workflow" or "global::Floxide.WorkflowAttribute");
}

using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Workflows;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace Floxide.CodeFixes;

/// <summary>
/// FLX0106: ends the workflow on an unrouted enum member, with <c>[EndOn(typeof(Step), Enum.Member)]</c>
/// (the user can then turn it into a route). FLX0110: adds a step limit, <c>MaxSteps = 100</c>, to the
/// <c>[Workflow]</c> attribute.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WorkflowCodeFixProvider)), Shared]
public sealed class WorkflowCodeFixProvider : DocumentFixer
{
    /// <summary>The key of the fix that ends the workflow on an unrouted enum member.</summary>
    public const string EndOnKey = "Floxide.FLX0106.EndOn";

    /// <summary>The key of the fix that adds a step limit.</summary>
    public const string MaxStepsKey = "Floxide.FLX0110.MaxSteps";

    /// <summary>The step limit the fix writes: generous for real loops, small enough to stop a runaway one fast.</summary>
    public const int SuggestedMaxSteps = 100;

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnroutedAction.Id, DiagnosticDescriptors.CycleWithoutStepLimit.Id);

    /// <inheritdoc/>
    protected override async Task<ImmutableArray<FixOption>> GetFixesAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || FindType(root, diagnostic) is not { } type)
        {
            return ImmutableArray<FixOption>.Empty;
        }

        if (diagnostic.Id == DiagnosticDescriptors.UnroutedAction.Id)
        {
            return diagnostic.Properties.TryGetValue(WorkflowReader.StepProperty, out var step) && step is not null
                && diagnostic.Properties.TryGetValue(WorkflowReader.EnumMemberProperty, out var member) && member is not null
                && diagnostic.Properties.TryGetValue(WorkflowReader.ActionProperty, out var action)
                ? Offer(EndOnKey, $"End the workflow when the step returns {action}")
                : ImmutableArray<FixOption>.Empty;
        }

        return FindWorkflowAttribute(type) is not null
            ? Offer(MaxStepsKey, $"Limit the workflow to {SuggestedMaxSteps} steps")
            : ImmutableArray<FixOption>.Empty;
    }

    /// <inheritdoc/>
    protected override Task<Document> FixAsync(Document document, ImmutableArray<(Diagnostic Diagnostic, string Key)> fixes, CancellationToken cancellationToken) =>
        EditEachAsync(document, fixes, Edit, cancellationToken);

    private static void Edit(SyntaxEditor editor, SyntaxNode root, Diagnostic diagnostic, string key)
    {
        if (FindType(root, diagnostic) is not { } type)
        {
            return;
        }

        if (key == EndOnKey &&
            diagnostic.Properties.TryGetValue(WorkflowReader.StepProperty, out var step) && step is not null &&
            diagnostic.Properties.TryGetValue(WorkflowReader.EnumMemberProperty, out var member) && member is not null)
        {
            var arguments = SyntaxFactory.AttributeArgumentList(SyntaxFactory.SeparatedList(new[]
            {
                SyntaxFactory.AttributeArgument(SyntaxFactory.TypeOfExpression(SyntaxFactory.ParseTypeName(step).WithAdditionalAnnotations(Simplifier.Annotation))),
                SyntaxFactory.AttributeArgument(SyntaxFactory.ParseExpression(member).WithAdditionalAnnotations(Simplifier.Annotation)),
            }));
            var attribute = SyntaxFactory.Attribute(SyntaxHelpers.SimplifiedName("Floxide.EndOn"), arguments);
            editor.ReplaceNode(type, (current, _) =>
            {
                var declaration = (TypeDeclarationSyntax)current;
                var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute));
                // Laid out like the attribute list above it (indentation, line ending).
                var last = declaration.AttributeLists.Last();
                return declaration.WithAttributeLists(declaration.AttributeLists.Add(
                    list.WithLeadingTrivia(last.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia))).WithTrailingTrivia(last.GetTrailingTrivia())));
            });
        }
        else if (key == MaxStepsKey && FindWorkflowAttribute(type) is { } workflow)
        {
            var maxSteps = SyntaxFactory.AttributeArgument(
                SyntaxFactory.NameEquals("MaxSteps"),
                null,
                SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(SuggestedMaxSteps)));
            var arguments = workflow.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
            editor.ReplaceNode(workflow, workflow.WithArgumentList(arguments.AddArguments(maxSteps)));
        }
    }

    private static TypeDeclarationSyntax? FindType(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<TypeDeclarationSyntax>();

    private static AttributeSyntax? FindWorkflowAttribute(TypeDeclarationSyntax type) =>
        type.AttributeLists.SelectMany(l => l.Attributes).FirstOrDefault(a => a.Name.ToString() is "Workflow" or "WorkflowAttribute" or "Floxide.Workflow" or "Floxide.WorkflowAttribute" or "global::Floxide.Workflow" or "global::Floxide.WorkflowAttribute");
}

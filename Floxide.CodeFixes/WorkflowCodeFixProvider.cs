using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Names;
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
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return root is not null && model is not null && FindWorkflowAttribute(root, model, diagnostic, cancellationToken) is not null
            ? Offer(MaxStepsKey, $"Limit the workflow to {SuggestedMaxSteps} steps")
            : ImmutableArray<FixOption>.Empty;
    }

    /// <inheritdoc/>
    protected override async Task<Document> FixAsync(Document document, ImmutableArray<(Diagnostic Diagnostic, string Key)> fixes, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return model is null
            ? document
            : await EditEachAsync(document, fixes, (editor, root, diagnostic, key) => Edit(editor, root, model, diagnostic, key, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private static void Edit(SyntaxEditor editor, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, string key, CancellationToken cancellationToken)
    {
        if (key != MaxStepsKey || FindWorkflowAttribute(root, model, diagnostic, cancellationToken) is not { } workflow)
        {
            return;
        }

        var limit = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(SuggestedMaxSteps));
        var arguments = workflow.ArgumentList ?? SyntaxFactory.AttributeArgumentList();

        // MaxSteps = 0 written out is a limit of none too: its value is replaced, never a second MaxSteps added (CS0643).
        var written = arguments.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == FloxideNames.Arguments.MaxSteps);
        editor.ReplaceNode(workflow, written is not null
            ? workflow.ReplaceNode(written.Expression, limit.WithTriviaFrom(written.Expression))
            : workflow.WithArgumentList(arguments.AddArguments(SyntaxFactory.AttributeArgument(SyntaxFactory.NameEquals(FloxideNames.Arguments.MaxSteps), null, limit))));
    }

    /// <summary>
    /// The <c>[Workflow]</c> of the type the diagnostic is on, known by what it binds to (an alias, the <c>Attribute</c>
    /// suffix, a qualified name), on the reported part or on another part of the type in the same document.
    /// </summary>
    private static AttributeSyntax? FindWorkflowAttribute(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (SyntaxHelpers.FindType(root, diagnostic.Location.SourceSpan) is not { } reported
            || model.GetDeclaredSymbol(reported, cancellationToken) is not { } type)
        {
            return null;
        }

        return type.DeclaringSyntaxReferences
            .Where(part => part.SyntaxTree == root.SyntaxTree)
            .Select(part => part.GetSyntax(cancellationToken))
            .OfType<TypeDeclarationSyntax>()
            .SelectMany(part => part.AttributeLists.SelectMany(list => list.Attributes))
            .FirstOrDefault(attribute => FloxideAttributes.Is(model.GetSymbolInfo(attribute, cancellationToken).Symbol?.ContainingType, FloxideNames.Attributes.Workflow));
    }
}

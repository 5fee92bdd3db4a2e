using System.Collections.Immutable;
using System.Composition;
using System.Diagnostics.CodeAnalysis;
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
/// FLX0106: ends the workflow on an unrouted enum member, with <c>[EndOn(typeof(Step), Enum.Member)]</c> (the user can
/// then turn it into a route). One diagnostic at a time, with no Fix All: the run would fail loudly with
/// <c>UnroutedActionException</c> on that member, and ending there makes it succeed silently instead. That is a decision
/// about what the program does, for a person to make per member, not a cleanup <c>dotnet format</c> should apply
/// unattended (it applies only fixes with a Fix All, so it leaves this warning for the author).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnroutedActionCodeFixProvider)), Shared]
public sealed class UnroutedActionCodeFixProvider : DocumentFixer
{
    /// <summary>The key of the fix that ends the workflow on an unrouted enum member.</summary>
    public const string EndOnKey = "Floxide.FLX0106.EndOn";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnroutedAction.Id);

    /// <inheritdoc/>
    protected override bool OffersFixAll => false;

    /// <inheritdoc/>
    protected override async Task<ImmutableArray<FixOption>> GetFixesAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is not null && SyntaxHelpers.FindType(root, diagnostic.Location.SourceSpan) is not null
            && TryReadEndOn(diagnostic, out _, out _)
            && diagnostic.Properties.TryGetValue(WorkflowReader.ActionProperty, out var action)
            ? Offer(EndOnKey, $"End the workflow when the step returns {action}")
            : ImmutableArray<FixOption>.Empty;
    }

    /// <inheritdoc/>
    protected override Task<Document> FixAsync(Document document, ImmutableArray<(Diagnostic Diagnostic, string Key)> fixes, CancellationToken cancellationToken) =>
        EditEachAsync(document, fixes, Edit, cancellationToken);

    private static void Edit(SyntaxEditor editor, SyntaxNode root, Diagnostic diagnostic, string key)
    {
        if (key != EndOnKey || SyntaxHelpers.FindType(root, diagnostic.Location.SourceSpan) is not { } type || !TryReadEndOn(diagnostic, out var step, out var member))
        {
            return;
        }

        var arguments = SyntaxFactory.AttributeArgumentList(SyntaxFactory.SeparatedList(new[]
        {
            SyntaxFactory.AttributeArgument(SyntaxFactory.TypeOfExpression(SyntaxFactory.ParseTypeName(step).WithAdditionalAnnotations(Simplifier.Annotation))),
            SyntaxFactory.AttributeArgument(SyntaxFactory.ParseExpression(member).WithAdditionalAnnotations(Simplifier.Annotation)),
        }));
        var attribute = SyntaxFactory.Attribute(SyntaxHelpers.SimplifiedName("Floxide.EndOn"), arguments);
        var lineEnd = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: not 0 } found ? found : SyntaxFactory.LineFeed;
        editor.ReplaceNode(type, (current, _) =>
        {
            var declaration = (TypeDeclarationSyntax)current;
            var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute));
            if (declaration.AttributeLists.Count == 0)
            {
                // The part the diagnostic is on may have none (the workflow's attributes are on another part): the list
                // takes the declaration's place, its comments and indentation, on a line of its own.
                var leading = declaration.GetLeadingTrivia();
                var indentation = leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia) ? leading[leading.Count - 1] : default;
                return declaration
                    .WithLeadingTrivia(indentation.IsKind(SyntaxKind.WhitespaceTrivia) ? SyntaxFactory.TriviaList(indentation) : SyntaxFactory.TriviaList())
                    .WithAttributeLists(SyntaxFactory.SingletonList(list.WithLeadingTrivia(leading).WithTrailingTrivia(lineEnd)));
            }

            // Laid out like the attribute list above it: its indentation and its line end, not its comment.
            var last = declaration.AttributeLists.Last();
            return declaration.WithAttributeLists(declaration.AttributeLists.Add(
                list.WithLeadingTrivia(last.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)))
                    .WithTrailingTrivia(last.GetTrailingTrivia().Where(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))));
        });
    }

    /// <summary>The step and the enum member (both fully qualified) the analyzer gives an unrouted enum action.</summary>
    private static bool TryReadEndOn(Diagnostic diagnostic, [NotNullWhen(true)] out string? step, [NotNullWhen(true)] out string? member)
    {
        member = null;
        return diagnostic.Properties.TryGetValue(WorkflowReader.StepProperty, out step) && step is not null
            && diagnostic.Properties.TryGetValue(WorkflowReader.EnumMemberProperty, out member) && member is not null;
    }
}

using System.Collections.Generic;
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
/// FLX0028: moves a batch member attribute from a compiler-generated backing field to its property, by dropping the
/// <c>field:</c> target or, on a positional record parameter (where an untargeted attribute would apply to the
/// parameter), by making it <c>property:</c>. Other attributes of the same list keep their <c>field:</c> target: the
/// moved ones get a list of their own. An event has no such fix: no role fits it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BackingFieldAttributeCodeFixProvider)), Shared]
public sealed class BackingFieldAttributeCodeFixProvider : DocumentFixer
{
    /// <summary>The key of the fix.</summary>
    public const string OnPropertyKey = "Floxide.FLX0028.AttributeOnProperty";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.MemberAttributeOnBackingField.Id);

    /// <inheritdoc/>
    protected override async Task<ImmutableArray<FixOption>> GetFixesAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is not null && FindAttribute(root, diagnostic) is not null
            ? Offer(OnPropertyKey, "Put the attribute on the property")
            : ImmutableArray<FixOption>.Empty;
    }

    /// <inheritdoc/>
    protected override async Task<Document> FixAsync(Document document, ImmutableArray<(Diagnostic Diagnostic, string Key)> fixes, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var moved = new HashSet<AttributeSyntax>();
        foreach (var (diagnostic, _) in fixes)
        {
            if (FindAttribute(root, diagnostic) is { } attribute)
            {
                moved.Add(attribute);
            }
        }

        // One replacement per property or parameter, so several fixed lists of one declaration do not overlap.
        var editor = new SyntaxEditor(root, document.Project.Solution.Services);
        foreach (var owner in moved.Select(a => a.Parent!.Parent!).Distinct())
        {
            editor.ReplaceNode(owner, Retarget(owner, moved));
        }

        return document.WithSyntaxRoot(editor.GetChangedRoot());
    }

    /// <summary>The attribute the diagnostic points at, when it sits in a <c>field:</c> list of a property or a record parameter.</summary>
    private static AttributeSyntax? FindAttribute(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AttributeSyntax>() is
        {
            Parent: AttributeListSyntax { Target: { } target, Parent: PropertyDeclarationSyntax or ParameterSyntax },
        } attribute && target.Identifier.IsKind(SyntaxKind.FieldKeyword)
            ? attribute
            : null;

    private static SyntaxNode Retarget(SyntaxNode owner, HashSet<AttributeSyntax> moved)
    {
        // A parameter's untargeted attribute applies to the parameter, which the role attributes do not allow.
        var isParameter = owner is ParameterSyntax;
        var lists = new List<AttributeListSyntax>();
        var original = owner is ParameterSyntax parameter ? parameter.AttributeLists : ((PropertyDeclarationSyntax)owner).AttributeLists;
        foreach (var list in original)
        {
            var movedHere = list.Attributes.Where(moved.Contains).ToList();
            if (movedHere.Count == 0)
            {
                lists.Add(list);
            }
            else if (movedHere.Count == list.Attributes.Count)
            {
                lists.Add(isParameter ? list.WithTarget(list.Target!.WithIdentifier(Token(SyntaxKind.PropertyKeyword).WithTriviaFrom(list.Target.Identifier))) : list.WithTarget(null));
            }
            else
            {
                var kept = list.WithAttributes(Separated(list.Attributes.Where(a => !moved.Contains(a))));
                var target = isParameter ? SyntaxFactory.AttributeTargetSpecifier(Token(SyntaxKind.PropertyKeyword), Token(SyntaxKind.ColonToken, SyntaxFactory.Space)) : null;
                lists.Add(kept);
                lists.Add(SyntaxFactory.AttributeList(Token(SyntaxKind.OpenBracketToken), target, Separated(movedHere), Token(SyntaxKind.CloseBracketToken))
                    .WithLeadingTrivia(LineStart(list))
                    .WithTrailingTrivia(list.GetTrailingTrivia()));
            }
        }

        var result = SyntaxFactory.List(lists);
        return owner is ParameterSyntax fixedParameter ? fixedParameter.WithAttributeLists(result) : ((PropertyDeclarationSyntax)owner).WithAttributeLists(result);
    }

    private static SeparatedSyntaxList<AttributeSyntax> Separated(IEnumerable<AttributeSyntax> attributes)
    {
        var nodes = attributes.Select(a => a.WithoutTrivia()).ToList();
        return SyntaxFactory.SeparatedList(nodes, Enumerable.Repeat(Token(SyntaxKind.CommaToken, SyntaxFactory.Space), nodes.Count - 1));
    }

    /// <summary>A token with exactly the given trivia: <c>SyntaxFactory.Token(kind)</c>'s elastic trivia would let the cleanup re-space the lists.</summary>
    private static SyntaxToken Token(SyntaxKind kind, params SyntaxTrivia[] trailing) =>
        SyntaxFactory.Token(SyntaxFactory.TriviaList(), kind, SyntaxFactory.TriviaList(trailing));

    /// <summary>
    /// What goes before a list added after <paramref name="list"/>: when <paramref name="list"/> ends its line, the
    /// indentation it starts with (so the new list gets a line of its own); otherwise nothing (same line).
    /// </summary>
    private static SyntaxTriviaList LineStart(AttributeListSyntax list) =>
        list.GetTrailingTrivia().Any(SyntaxKind.EndOfLineTrivia)
            ? SyntaxFactory.TriviaList(list.GetLeadingTrivia().Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse())
            : SyntaxFactory.TriviaList();
}

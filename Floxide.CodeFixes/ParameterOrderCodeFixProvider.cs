using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Floxide.CodeFixes;

/// <summary>
/// FLX0017, for a process method that takes the CancellationToken before its context: swaps the two parameters, each
/// with its attributes, modifiers and default. Offered only where nothing else changes with them: not where another
/// signature depends on the method's (an override, a virtual or abstract method, an interface implementation, a
/// partial method), not where the code calls or names the method (its arguments would then be in the wrong order), not
/// where a call to another method could bind to it once swapped (a base type has a member of its name, or an extension
/// method of its name applies to its type), and not where the context has a default the token has not (an optional parameter before a required one). Every other
/// FLX0017 depends on what was meant, so it gets no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ParameterOrderCodeFixProvider)), Shared]
public sealed class ParameterOrderCodeFixProvider : DocumentFixer
{
    /// <summary>The key of the fix.</summary>
    public const string SwapKey = "Floxide.FLX0017.PutTheContextFirst";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnsupportedProcessMethod.Id);

    /// <inheritdoc/>
    protected override async Task<ImmutableArray<FixOption>> GetFixesAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || SyntaxHelpers.FindMethod(root, diagnostic.Location.SourceSpan) is not { ParameterList.Parameters: { Count: 2 } parameters } method
            || (parameters[1].Default is not null && parameters[0].Default is null)
            || DocumentsBoth(method, parameters))
        {
            return ImmutableArray<FixOption>.Empty;
        }

        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        // Swapped parameters break every reference, calls included.
        if (model?.GetDeclaredSymbol(method, cancellationToken) is not { } symbol
            || !ProcessMethodRules.HasTokenBeforeContext(symbol)
            || !await SignatureRules.MayChangeParametersAsync(symbol, document.Project, callsStillCompile: false, cancellationToken).ConfigureAwait(false))
        {
            return ImmutableArray<FixOption>.Empty;
        }

        return Offer(SwapKey, "Put the context first, then the CancellationToken");
    }

    /// <inheritdoc/>
    protected override Task<Document> FixAsync(Document document, ImmutableArray<(Diagnostic Diagnostic, string Key)> fixes, CancellationToken cancellationToken) =>
        EditEachAsync(document, fixes, Edit, cancellationToken);

    private static void Edit(SyntaxEditor editor, SyntaxNode root, Diagnostic diagnostic, string key)
    {
        if (SyntaxHelpers.FindMethod(root, diagnostic.Location.SourceSpan) is not { ParameterList.Parameters: { Count: 2 } parameters } method)
        {
            return;
        }

        var swapped = Swap(parameters);
        editor.ReplaceNode(method.ParameterList, method.ParameterList.WithParameters(swapped));
    }

    /// <summary>Whether the method's doc comment has a <c>&lt;param&gt;</c> element for each of the two parameters.</summary>
    private static bool DocumentsBoth(MethodDeclarationSyntax method, SeparatedSyntaxList<ParameterSyntax> parameters)
    {
        var documented = method.GetLeadingTrivia()
            .Select(t => t.GetStructure())
            .OfType<DocumentationCommentTriviaSyntax>()
            .SelectMany(d => d.DescendantNodes().OfType<XmlNameAttributeSyntax>())
            .Where(a => a.Parent is XmlElementStartTagSyntax { Name.LocalName.ValueText: "param" } or XmlEmptyElementSyntax { Name.LocalName.ValueText: "param" })
            .Select(a => a.Identifier.Identifier.ValueText)
            .ToImmutableHashSet();
        return parameters.All(p => documented.Contains(p.Identifier.ValueText));
    }

    /// <summary>
    /// The two parameters in each other's place. Each keeps its comments: the lines above it, and the comment at the end
    /// of its line (after the comma for the first, after the parameter for the second). The layout (indentation, line
    /// ends, spaces) stays with the position, so a layout over several lines stays as it was. An end-of-line comment
    /// moves only where the other position ends its line too; otherwise both stay where they are, since a <c>//</c>
    /// comment put before code on the same line would comment the code out.
    /// </summary>
    private static SeparatedSyntaxList<ParameterSyntax> Swap(SeparatedSyntaxList<ParameterSyntax> parameters)
    {
        var (first, second, comma) = (parameters[0], parameters[1], parameters.GetSeparator(0));
        var firstLeading = SplitLeading(first.GetLeadingTrivia());
        var secondLeading = SplitLeading(second.GetLeadingTrivia());
        var firstEnd = SplitLineEnd(comma.TrailingTrivia);
        var secondEnd = SplitLineEnd(second.GetTrailingTrivia());
        var moveEnds = CanTake(firstEnd, secondEnd.Comments) && CanTake(secondEnd, firstEnd.Comments);

        var newFirst = second
            .WithLeadingTrivia(Leading(secondLeading, firstLeading))
            .WithTrailingTrivia(moveEnds ? default : second.GetTrailingTrivia());
        var newComma = comma.WithTrailingTrivia(moveEnds ? LineEnd(firstEnd, secondEnd.Comments) : comma.TrailingTrivia);
        var newSecond = first
            .WithLeadingTrivia(Leading(firstLeading, secondLeading))
            .WithTrailingTrivia(moveEnds ? first.GetTrailingTrivia().AddRange(LineEnd(secondEnd, firstEnd.Comments)) : first.GetTrailingTrivia());
        return SyntaxFactory.SeparatedList(new[] { newFirst, newSecond }, new[] { newComma });
    }

    /// <summary>
    /// Leading trivia: the blank lines above (layout), then the lines from the first comment to the last line end (the
    /// parameter's own), then the indentation.
    /// </summary>
    private static (SyntaxTriviaList Blank, SyntaxTriviaList Notes, SyntaxTriviaList Indent) SplitLeading(SyntaxTriviaList leading)
    {
        var (lastLineEnd, lineEndBeforeComment, seenComment) = (-1, -1, false);
        for (var i = 0; i < leading.Count; i++)
        {
            seenComment |= IsComment(leading[i]);
            if (leading[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                lastLineEnd = i;
                lineEndBeforeComment = seenComment ? lineEndBeforeComment : i;
            }
        }

        var blank = seenComment ? lineEndBeforeComment + 1 : lastLineEnd + 1;
        return (SyntaxFactory.TriviaList(leading.Take(blank)), SyntaxFactory.TriviaList(leading.Skip(blank).Take(lastLineEnd + 1 - blank)), SyntaxFactory.TriviaList(leading.Skip(lastLineEnd + 1)));
    }

    /// <summary>A parameter's leading trivia at a position: the position's blank lines, the parameter's comment lines, the position's indentation.</summary>
    private static SyntaxTriviaList Leading((SyntaxTriviaList Blank, SyntaxTriviaList Notes, SyntaxTriviaList Indent) mover, (SyntaxTriviaList Blank, SyntaxTriviaList Notes, SyntaxTriviaList Indent) position) =>
        SyntaxFactory.TriviaList(position.Blank.Concat(mover.Notes).Concat(position.Indent));

    /// <summary>The trivia after a parameter's last token to the end of the line: the spaces, the comments, the rest (the line end).</summary>
    private static (SyntaxTriviaList Before, SyntaxTriviaList Comments, SyntaxTriviaList After) SplitLineEnd(SyntaxTriviaList trailing)
    {
        var start = 0;
        while (start < trailing.Count && trailing[start].IsKind(SyntaxKind.WhitespaceTrivia))
        {
            start++;
        }

        var end = start;
        for (var i = start; i < trailing.Count; i++)
        {
            if (IsComment(trailing[i]))
            {
                end = i + 1;
            }
        }

        return (SyntaxFactory.TriviaList(trailing.Take(start)), SyntaxFactory.TriviaList(trailing.Skip(start).Take(end - start)), SyntaxFactory.TriviaList(trailing.Skip(end)));
    }

    /// <summary>Whether a position's line end can take the comments of the other: none, or the position ends its line.</summary>
    private static bool CanTake((SyntaxTriviaList Before, SyntaxTriviaList Comments, SyntaxTriviaList After) position, SyntaxTriviaList comments) =>
        comments.Count == 0 || (position.After.Count > 0 && position.After[0].IsKind(SyntaxKind.EndOfLineTrivia));

    /// <summary>A position's line end with the other parameter's comments in place of its own.</summary>
    private static SyntaxTriviaList LineEnd((SyntaxTriviaList Before, SyntaxTriviaList Comments, SyntaxTriviaList After) position, SyntaxTriviaList comments)
    {
        if (comments.Count == 0)
        {
            // No comment left: the spaces that set one off go too, unless nothing follows on the line.
            return position.Comments.Count > 0 ? position.After : position.Before.AddRange(position.After);
        }

        var before = position.Before.Count > 0 ? position.Before : SyntaxFactory.TriviaList(SyntaxFactory.Space);
        return before.AddRange(comments).AddRange(position.After);
    }

    private static bool IsComment(SyntaxTrivia trivia) => !trivia.IsKind(SyntaxKind.WhitespaceTrivia) && !trivia.IsKind(SyntaxKind.EndOfLineTrivia);
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Floxide.Generators.Analyzers.Support;
using Floxide.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Floxide.CodeFixes;

/// <summary>FLX0001: adds <c>partial</c> to the type and to every containing type that lacks it.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFixProvider)), Shared]
public sealed class MakePartialCodeFixProvider : DocumentFixer
{
    /// <summary>The key of the fix.</summary>
    public const string MakePartialKey = "Floxide.FLX0001.MakePartial";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.TypeMustBePartial.Id);

    /// <inheritdoc/>
    protected override Task<ImmutableArray<FixOption>> GetFixesAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        Task.FromResult(Offer(MakePartialKey, "Make the type and its containing types partial"));

    /// <inheritdoc/>
    protected override async Task<Document> FixAsync(Document document, ImmutableArray<(Diagnostic Diagnostic, string Key)> fixes, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var targets = new HashSet<TypeDeclarationSyntax>();
        foreach (var (diagnostic, _) in fixes)
        {
            if (SyntaxHelpers.FindType(root, diagnostic.Location.SourceSpan) is not { } reported)
            {
                continue;
            }

            // The reported type may be a container: fix the chains down to the Floxide types it holds too,
            // so one click leaves nothing for the generator to trip on.
            var attributed = reported.DescendantNodesAndSelf().OfType<TypeDeclarationSyntax>().Where(d => IsFloxideType(d, model, cancellationToken)).ToList();
            if (attributed.Count == 0)
            {
                attributed.Add(reported);
            }

            foreach (var declaration in attributed.Append(reported).SelectMany(d => d.AncestorsAndSelf().OfType<TypeDeclarationSyntax>()))
            {
                if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    targets.Add(declaration);
                }
            }
        }

        var editor = new SyntaxEditor(root, document.Project.Solution.Services);
        foreach (var target in targets)
        {
            editor.ReplaceNode(target, (current, _) => AddPartial((TypeDeclarationSyntax)current));
        }

        return document.WithSyntaxRoot(editor.GetChangedRoot());
    }

    private static bool IsFloxideType(TypeDeclarationSyntax declaration, SemanticModel? model, CancellationToken cancellationToken) =>
        model?.GetDeclaredSymbol(declaration, cancellationToken) is INamedTypeSymbol type && FloxideSymbols.IsFloxideType(type);

    /// <summary>Puts <c>partial</c> last among the modifiers (C# requires it right before the keyword), keeping the layout.</summary>
    private static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax declaration)
    {
        if (declaration.Modifiers.Count == 0)
        {
            var keyword = declaration.Keyword;
            var partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
            return declaration.WithKeyword(keyword.WithLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(partial));
        }

        return declaration.WithModifiers(declaration.Modifiers.Add(
            SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space))));
    }
}

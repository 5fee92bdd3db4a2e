using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace Floxide.CodeFixes;

/// <summary>
/// The shape every Floxide fix shares: one function that fixes a set of diagnostics in one document.
/// A single fix calls it with one diagnostic; Fix All calls it once per document with all of them, so edits
/// that touch the same declaration (two members of one field, a type and its container) are made together
/// rather than merged as overlapping text changes.
/// </summary>
public abstract class DocumentFixer : CodeFixProvider
{
    /// <summary>Fixes <paramref name="diagnostics"/> in <paramref name="document"/> the way <paramref name="equivalenceKey"/> names.</summary>
    /// <param name="document">The document holding every diagnostic.</param>
    /// <param name="diagnostics">The diagnostics to fix.</param>
    /// <param name="equivalenceKey">Which of the provider's fixes to apply.</param>
    /// <param name="cancellationToken">Cancels the fix.</param>
    /// <returns>The fixed document.</returns>
    protected abstract Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string equivalenceKey, CancellationToken cancellationToken);

    /// <inheritdoc/>
    public sealed override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (context, document, diagnostics) =>
            diagnostics.IsEmpty ? document : await FixWithImportsAsync(document, diagnostics, context.CodeActionEquivalenceKey ?? string.Empty, context.CancellationToken).ConfigureAwait(false));

    /// <summary>Offers one fix for one diagnostic.</summary>
    /// <param name="context">The code-fix context.</param>
    /// <param name="diagnostic">The diagnostic it fixes.</param>
    /// <param name="title">The title the user sees.</param>
    /// <param name="equivalenceKey">The key Fix All groups by.</param>
    protected void Register(CodeFixContext context, Diagnostic diagnostic, string title, string equivalenceKey) =>
        context.RegisterCodeFix(
            CodeAction.Create(title, ct => FixWithImportsAsync(context.Document, ImmutableArray.Create(diagnostic), equivalenceKey, ct), equivalenceKey),
            diagnostic);

    /// <summary>Fixes, then adds the using directives the new, fully qualified names need (the cleanup then shortens them).</summary>
    private async Task<Document> FixWithImportsAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string equivalenceKey, CancellationToken cancellationToken)
    {
        var fixedDocument = await FixAsync(document, diagnostics, equivalenceKey, cancellationToken).ConfigureAwait(false);
        return await ImportAdder.AddImportsAsync(fixedDocument, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}

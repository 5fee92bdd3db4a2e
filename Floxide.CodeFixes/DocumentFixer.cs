using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace Floxide.CodeFixes;

/// <summary>
/// The shape every Floxide fix shares. A provider says which fixes it offers for one diagnostic, first the one a
/// host applies (<see cref="GetFixesAsync"/>), and applies chosen fixes to one document (<see cref="FixAsync"/>).
/// A single fix applies one; Fix All applies every diagnostic's fix of a document in one call, so edits that touch
/// the same declaration (two members of one field, a type and its container) are made together rather than merged
/// as overlapping text changes.
/// </summary>
/// <remarks>
/// Fix All decides per diagnostic, from the diagnostic's own ID: a host such as <c>dotnet format</c> takes the
/// equivalence key from whichever diagnostic it meets first, which may belong to another ID, or name a fix that
/// other diagnostics of the same ID do not have. Each diagnostic gets the fix the key names when it is offered for
/// it, else its own first fix, so a Fix All never skips a diagnostic it could fix.
/// </remarks>
public abstract class DocumentFixer : CodeFixProvider
{
    /// <summary>The fixes offered for <paramref name="diagnostic"/>, the one hosts apply first; empty when none applies.</summary>
    /// <param name="document">The document the diagnostic is in.</param>
    /// <param name="diagnostic">A diagnostic of one of <see cref="CodeFixProvider.FixableDiagnosticIds"/>.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The fixes, each with a key of the diagnostic's ID.</returns>
    protected abstract Task<ImmutableArray<FixOption>> GetFixesAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken);

    /// <summary>Applies, in <paramref name="document"/>, for each diagnostic the fix its key names.</summary>
    /// <param name="document">The document holding every diagnostic.</param>
    /// <param name="fixes">The diagnostics, each with the key of one of the fixes <see cref="GetFixesAsync"/> offered for it.</param>
    /// <param name="cancellationToken">Cancels the fix.</param>
    /// <returns>The fixed document.</returns>
    protected abstract Task<Document> FixAsync(Document document, ImmutableArray<(Diagnostic Diagnostic, string Key)> fixes, CancellationToken cancellationToken);

    /// <inheritdoc/>
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            // A host may hand over a diagnostic of another ID (dotnet format asks with the first one it found).
            if (!FixableDiagnosticIds.Contains(diagnostic.Id))
            {
                continue;
            }

            foreach (var option in await GetFixesAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false))
            {
                var fix = ImmutableArray.Create((diagnostic, option.Key));
                context.RegisterCodeFix(
                    CodeAction.Create(option.Title, ct => FixWithImportsAsync(context.Document, fix, ct), option.Key),
                    diagnostic);
            }
        }
    }

    /// <inheritdoc/>
    public sealed override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (context, document, diagnostics) =>
        {
            var fixes = ImmutableArray.CreateBuilder<(Diagnostic, string)>();
            foreach (var diagnostic in diagnostics)
            {
                if (!FixableDiagnosticIds.Contains(diagnostic.Id))
                {
                    continue;
                }

                var offered = await GetFixesAsync(document, diagnostic, context.CancellationToken).ConfigureAwait(false);
                if (Choose(offered, context.CodeActionEquivalenceKey) is { } option)
                {
                    fixes.Add((diagnostic, option.Key));
                }
            }

            return fixes.Count == 0 ? document : await FixWithImportsAsync(document, fixes.ToImmutable(), context.CancellationToken).ConfigureAwait(false);
        });

    /// <summary>The fix Fix All applies to one diagnostic: the one the key names when it is offered (keys are per ID), else the first.</summary>
    internal static FixOption? Choose(ImmutableArray<FixOption> offered, string? equivalenceKey) =>
        offered.FirstOrDefault(o => o.Key == equivalenceKey) ?? offered.FirstOrDefault();

    /// <summary>One option list with a single fix.</summary>
    /// <param name="key">The key.</param>
    /// <param name="title">The title.</param>
    /// <returns>The list.</returns>
    protected static ImmutableArray<FixOption> Offer(string key, string title) => ImmutableArray.Create(new FixOption(key, title));

    /// <summary>Fixes, then adds the using directives the new, fully qualified names need (the cleanup then shortens them).</summary>
    private async Task<Document> FixWithImportsAsync(Document document, ImmutableArray<(Diagnostic Diagnostic, string Key)> fixes, CancellationToken cancellationToken)
    {
        var fixedDocument = await FixAsync(document, fixes, cancellationToken).ConfigureAwait(false);
        return await ImportAdder.AddImportsAsync(fixedDocument, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}

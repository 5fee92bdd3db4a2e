using System;
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
/// it, else the same fix of its own ID when the provider names one (<see cref="CounterpartKey"/>), else its own first
/// fix, so a Fix All never skips a diagnostic it could fix.
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

    /// <summary>
    /// Whether the provider's fixes may be applied in bulk (Fix All, and so <c>dotnet format</c>, which applies only fixes
    /// with a Fix All in solution scope). False for a fix that decides what the program does, which a person should
    /// choose one diagnostic at a time rather than a host apply unattended.
    /// </summary>
    protected virtual bool OffersFixAll => true;

    /// <inheritdoc/>
    public sealed override FixAllProvider? GetFixAllProvider() => OffersFixAll ? FixAll : null;

    private FixAllProvider FixAll =>
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
                var key = context.CodeActionEquivalenceKey;
                if (Choose(offered, key, key is null ? null : CounterpartKey(key, diagnostic)) is { } option)
                {
                    fixes.Add((diagnostic, option.Key));
                }
            }

            return fixes.Count == 0 ? document : await FixWithImportsAsync(document, fixes.ToImmutable(), context.CancellationToken).ConfigureAwait(false);
        });

    /// <summary>
    /// The fix Fix All applies to one diagnostic: the one the key names when it is offered (keys are per ID), else its
    /// <paramref name="counterpart"/> (the same fix for this diagnostic's ID), else the first.
    /// </summary>
    internal static FixOption? Choose(ImmutableArray<FixOption> offered, string? equivalenceKey, string? counterpart = null) =>
        offered.FirstOrDefault(o => o.Key == equivalenceKey) ?? offered.FirstOrDefault(o => o.Key == counterpart) ?? offered.FirstOrDefault();

    /// <summary>
    /// For a provider that fixes several IDs the same ways: the key of the fix of <paramref name="diagnostic"/>'s ID that
    /// does what <paramref name="equivalenceKey"/>'s does for another ID, so a Fix All asked for "use -1" uses -1 for
    /// both; null when there is none (the diagnostic then gets its own first fix).
    /// </summary>
    /// <param name="equivalenceKey">The key Fix All was asked for.</param>
    /// <param name="diagnostic">A diagnostic of one of <see cref="CodeFixProvider.FixableDiagnosticIds"/>.</param>
    /// <returns>The key, or null.</returns>
    protected virtual string? CounterpartKey(string equivalenceKey, Diagnostic diagnostic) => null;

    /// <summary>One option list with a single fix.</summary>
    /// <param name="key">The key.</param>
    /// <param name="title">The title.</param>
    /// <returns>The list.</returns>
    protected static ImmutableArray<FixOption> Offer(string key, string title) => ImmutableArray.Create(new FixOption(key, title));

    /// <summary>
    /// The usual <see cref="FixAsync"/>: one <see cref="SyntaxEditor"/> over the document's root, and <paramref name="edit"/>
    /// called for each fix with the editor, the unedited root (to find the fix's nodes in), the diagnostic and its key.
    /// </summary>
    /// <param name="document">The document.</param>
    /// <param name="fixes">The diagnostics and their keys.</param>
    /// <param name="edit">Records one fix's edits; does nothing for a diagnostic whose nodes are gone.</param>
    /// <param name="cancellationToken">Cancels the fix.</param>
    /// <returns>The document with every edit.</returns>
    protected static async Task<Document> EditEachAsync(
        Document document, ImmutableArray<(Diagnostic Diagnostic, string Key)> fixes, Action<SyntaxEditor, SyntaxNode, Diagnostic, string> edit, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var editor = new SyntaxEditor(root, document.Project.Solution.Services);
        foreach (var (diagnostic, key) in fixes)
        {
            edit(editor, root, diagnostic, key);
        }

        return document.WithSyntaxRoot(editor.GetChangedRoot());
    }

    /// <summary>Fixes, then adds the using directives the new, fully qualified names need (the cleanup then shortens them).</summary>
    private async Task<Document> FixWithImportsAsync(Document document, ImmutableArray<(Diagnostic Diagnostic, string Key)> fixes, CancellationToken cancellationToken)
    {
        var fixedDocument = await FixAsync(document, fixes, cancellationToken).ConfigureAwait(false);
        return await ImportAdder.AddImportsAsync(fixedDocument, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}

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
using Microsoft.CodeAnalysis.FindSymbols;

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
            || (parameters[1].Default is not null && parameters[0].Default is null))
        {
            return ImmutableArray<FixOption>.Empty;
        }

        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model?.GetDeclaredSymbol(method, cancellationToken) is not { } symbol
            || !ProcessMethodRules.HasTokenBeforeContext(symbol)
            || SyntaxHelpers.IsBoundToAnotherSignature(symbol, cancellationToken))
        {
            return ImmutableArray<FixOption>.Empty;
        }

        // A call to another method of the same name (in a base type, or an extension) could bind to the swapped one.
        if (await SignatureRules.MayTakeCallsFromAnotherMethodAsync(symbol, document.Project, cancellationToken).ConfigureAwait(false))
        {
            return ImmutableArray<FixOption>.Empty;
        }

        var references = await SymbolFinder.FindReferencesAsync(symbol, document.Project.Solution, cancellationToken).ConfigureAwait(false);
        if (references.Any(r => r.Locations.Any()))
        {
            return ImmutableArray<FixOption>.Empty;
        }

        return Offer(SwapKey, "Put the context first, then the CancellationToken");
    }

    /// <inheritdoc/>
    protected override async Task<Document> FixAsync(Document document, ImmutableArray<(Diagnostic Diagnostic, string Key)> fixes, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var editor = new SyntaxEditor(root, document.Project.Solution.Services);
        foreach (var (diagnostic, _) in fixes)
        {
            if (SyntaxHelpers.FindMethod(root, diagnostic.Location.SourceSpan) is not { ParameterList.Parameters: { Count: 2 } parameters } method)
            {
                continue;
            }

            // Each parameter takes the other's place, trivia included, so a layout over several lines stays as it was.
            var swapped = SyntaxFactory.SeparatedList(
                new[] { parameters[1].WithTriviaFrom(parameters[0]), parameters[0].WithTriviaFrom(parameters[1]) },
                parameters.GetSeparators());
            editor.ReplaceNode(method.ParameterList, method.ParameterList.WithParameters(swapped));
        }

        return document.WithSyntaxRoot(editor.GetChangedRoot());
    }
}

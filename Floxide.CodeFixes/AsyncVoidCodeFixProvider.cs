using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Floxide.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Floxide.CodeFixes;

/// <summary>FLX0019: turns an <c>async void</c> process method into <c>async ValueTask</c>.</summary>
[ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(AsyncVoidCodeFixProvider)), Shared]
public sealed class AsyncVoidCodeFixProvider : DocumentFixer
{
    /// <summary>The key of the fix.</summary>
    public const string ValueTaskKey = "Floxide.FLX0019.ReturnValueTask";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.AsyncVoidProcessMethod.Id);

    /// <inheritdoc/>
    /// <remarks>Not offered where another declaration needs the method to return <c>void</c> (an interface, an override), or a
    /// reference that is no call would break (a method group given to an <c>Action</c>).</remarks>
    protected override async Task<ImmutableArray<FixOption>> GetFixesAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return root is not null && SyntaxHelpers.FindMethod(root, diagnostic.Location.SourceSpan) is { } method
            && model?.GetDeclaredSymbol(method, cancellationToken) is IMethodSymbol symbol
            && await SignatureRules.MayChangeReturnTypeAsync(symbol, document.Project, cancellationToken).ConfigureAwait(false)
            ? Offer(ValueTaskKey, "Return ValueTask")
            : ImmutableArray<FixOption>.Empty;
    }

    /// <inheritdoc/>
    protected override Task<Document> FixAsync(Document document, ImmutableArray<(Diagnostic Diagnostic, string Key)> fixes, CancellationToken cancellationToken) =>
        EditEachAsync(document, fixes, Edit, cancellationToken);

    private static void Edit(SyntaxEditor editor, SyntaxNode root, Diagnostic diagnostic, string key)
    {
        if (SyntaxHelpers.FindMethod(root, diagnostic.Location.SourceSpan) is { } method)
        {
            var valueTask = SyntaxHelpers.SimplifiedName("System.Threading.Tasks.ValueTask").WithTriviaFrom(method.ReturnType);
            editor.ReplaceNode(method.ReturnType, valueTask);
        }
    }
}

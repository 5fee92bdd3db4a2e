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
    protected override Task<ImmutableArray<FixOption>> GetFixesAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        Task.FromResult(Offer(ValueTaskKey, "Return ValueTask"));

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
            if (SyntaxHelpers.FindMethod(root, diagnostic.Location.SourceSpan) is { } method)
            {
                var valueTask = SyntaxHelpers.SimplifiedName("System.Threading.Tasks.ValueTask").WithTriviaFrom(method.ReturnType);
                editor.ReplaceNode(method.ReturnType, valueTask);
            }
        }

        return document.WithSyntaxRoot(editor.GetChangedRoot());
    }
}

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
    private const string Key = "Floxide.AsyncValueTask";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.AsyncVoidProcessMethod.Id);

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            Register(context, diagnostic, "Return ValueTask", Key);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    protected override async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string equivalenceKey, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var editor = new SyntaxEditor(root, document.Project.Solution.Services);
        foreach (var diagnostic in diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>() is { } method)
            {
                var valueTask = SyntaxHelpers.SimplifiedName("System.Threading.Tasks.ValueTask").WithTriviaFrom(method.ReturnType);
                editor.ReplaceNode(method.ReturnType, valueTask);
            }
        }

        return document.WithSyntaxRoot(editor.GetChangedRoot());
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Floxide.Generators.BatchContext;
using Floxide.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace Floxide.CodeFixes;

/// <summary>
/// FLX0014: says what a mutable member of a batch context is: <c>[Shared]</c> (one instance on purpose) or,
/// when its type can be created with <c>new()</c>, <c>[PerItem]</c> (a fresh one per item).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SharedMemberCodeFixProvider)), Shared]
public sealed class SharedMemberCodeFixProvider : DocumentFixer
{
    /// <summary>The key of the fix that adds [Shared].</summary>
    public const string SharedKey = "Floxide.MarkShared";

    /// <summary>The key of the fix that adds [PerItem].</summary>
    public const string PerItemKey = "Floxide.MarkPerItem";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.SharedMutableMember.Id);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root is null || SyntaxHelpers.FindMember(root, diagnostic.Location.SourceSpan) is not { } member)
            {
                continue;
            }

            Register(context, diagnostic, "Mark as [Shared] (one thread-safe instance for every item)", SharedKey);
            if (CanBePerItem(model, member, context.CancellationToken))
            {
                Register(context, diagnostic, "Mark as [PerItem] (a new instance for each item)", PerItemKey);
            }
        }
    }

    /// <inheritdoc/>
    protected override async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string equivalenceKey, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var perItem = equivalenceKey == PerItemKey;
        var targets = new List<SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            if (SyntaxHelpers.FindMember(root, diagnostic.Location.SourceSpan) is { } member && (!perItem || CanBePerItem(model, member, cancellationToken)))
            {
                targets.Add(member);
            }
        }

        var editor = new SyntaxEditor(root, document.Project.Solution.Services);
        SyntaxHelpers.AddAttribute(editor, targets, perItem ? "PerItem" : "Shared");
        return document.WithSyntaxRoot(editor.GetChangedRoot());
    }

    /// <summary>[PerItem] only where it would be valid (FLX0009): the type has an accessible parameterless constructor.</summary>
    private static bool CanBePerItem(SemanticModel? model, SyntaxNode member, CancellationToken cancellationToken)
    {
        var symbol = model?.GetDeclaredSymbol(member, cancellationToken);
        var type = symbol switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };

        return type is not null && symbol!.ContainingType is { } owner && model is not null
            && TypeRules.HasAccessibleParameterlessConstructor(type, owner, model.Compilation);
    }
}

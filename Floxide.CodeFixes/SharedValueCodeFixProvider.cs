using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Floxide.Generators.BatchContext;
using Floxide.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Floxide.CodeFixes;

/// <summary>
/// FLX0034: removes <c>[Shared]</c> from a member of a value type that nothing can assign after the context is built
/// (a readonly field, a get-only or init-only property, a positional record parameter). Such a value is copied into
/// every item context with or without the attribute, so removing it changes nothing but the promise it made.
/// </summary>
/// <remarks>
/// No fix for a member that can be assigned (a field that is not readonly, a property with a setter, private ones
/// included): what items write to it is lost, and the fix is a thread-safe object holding the value, which only the
/// author can design. Removing <c>[Shared]</c> there would only silence the warning, and a host such as
/// <c>dotnet format</c> applies a fix unattended.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SharedValueCodeFixProvider)), Shared]
public sealed class SharedValueCodeFixProvider : DocumentFixer
{
    /// <summary>The key of the fix that removes [Shared].</summary>
    public const string RemoveSharedKey = "Floxide.FLX0034.RemoveShared";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.SharedValueTypeMember.Id);

    /// <inheritdoc/>
    protected override async Task<ImmutableArray<FixOption>> GetFixesAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return root is not null && model is not null && FindReadOnlyShared(root, model, diagnostic, cancellationToken) is not null
            ? Offer(RemoveSharedKey, "Remove [Shared] (a value that is only read is copied into every item context anyway)")
            : ImmutableArray<FixOption>.Empty;
    }

    /// <inheritdoc/>
    protected override async Task<Document> FixAsync(Document document, ImmutableArray<(Diagnostic Diagnostic, string Key)> fixes, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return document;
        }

        // The variables of one field declaration share its attribute: remove it once.
        var removed = new HashSet<AttributeSyntax>();
        return await EditEachAsync(
            document,
            fixes,
            (editor, root, diagnostic, _) =>
            {
                if (FindReadOnlyShared(root, model, diagnostic, cancellationToken) is { } attribute && removed.Add(attribute))
                {
                    Remove(editor, attribute);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The <c>[Shared]</c> attribute of the member the diagnostic points at, when nothing can assign the member after construction.</summary>
    private static AttributeSyntax? FindReadOnlyShared(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (SyntaxHelpers.FindMember(root, diagnostic.Location.SourceSpan) is not { } member)
        {
            return null;
        }

        var symbol = SyntaxHelpers.MemberSymbol(model, member, cancellationToken); // a positional record's property is init-only

        var assignable = symbol switch
        {
            IFieldSymbol field => !field.IsReadOnly && !field.IsConst,
            IPropertySymbol property => property.SetMethod is { IsInitOnly: false },
            _ => true,
        };
        if (assignable)
        {
            return null;
        }

        var lists = member switch
        {
            PropertyDeclarationSyntax property => property.AttributeLists,
            ParameterSyntax positional => positional.AttributeLists,
            VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax field } => field.AttributeLists,
            _ => default,
        };
        return lists.SelectMany(list => list.Attributes).FirstOrDefault(attribute =>
            BatchMemberRoles.Of(model.GetSymbolInfo(attribute, cancellationToken).Symbol?.ContainingType) == BatchMemberRole.Shared);
    }

    /// <summary>
    /// Removes <paramref name="attribute"/>, with its list when it is alone in it. A declaration's first list carries the
    /// declaration's leading trivia (its indentation, a doc comment): that moves to what now comes first, so no blank
    /// line or doubled indentation is left where the list was.
    /// </summary>
    private static void Remove(SyntaxEditor editor, AttributeSyntax attribute)
    {
        var list = (AttributeListSyntax)attribute.Parent!;
        if (list.Attributes.Count > 1)
        {
            editor.ReplaceNode(list, list.WithAttributes(list.Attributes.Remove(attribute)));
            return;
        }

        var owner = list.Parent!;
        if (owner.GetFirstToken() != list.GetFirstToken())
        {
            editor.RemoveNode(list, SyntaxRemoveOptions.KeepNoTrivia);
            return;
        }

        var without = owner.RemoveNode(list, SyntaxRemoveOptions.KeepNoTrivia)!;
        editor.ReplaceNode(owner, without.WithLeadingTrivia(owner.GetLeadingTrivia()));
    }
}

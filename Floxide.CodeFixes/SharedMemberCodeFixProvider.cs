using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Floxide.Generators.Analyzers.Support;
using Floxide.Generators.BatchContext;
using Floxide.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Simplification;

namespace Floxide.CodeFixes;

/// <summary>
/// FLX0014: says what a mutable member of a batch context is. First, when the context has no <c>[BatchItems]</c>
/// member and this is the one member that could be it, <c>[BatchItems]</c>; then <c>[Shared]</c> (one instance on
/// purpose); <c>[PerItem]</c> (a fresh one per item) when its type can be created with <c>new()</c>, which an array
/// cannot; and for a one-dimensional array, its type as <c>IReadOnlyList&lt;T&gt;</c>, offered only when every use
/// of the member still compiles.
/// </summary>
/// <remarks>
/// <c>[Shared]</c> stays before <c>[PerItem]</c>: a host such as <c>dotnet format</c> applies the first fix unattended,
/// and <c>[Shared]</c> is the one that keeps the program's meaning (the item contexts share the instance already),
/// where <c>[PerItem]</c> would hand every item an empty instance and silently break a lookup the parent fills.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SharedMemberCodeFixProvider)), Shared]
public sealed class SharedMemberCodeFixProvider : DocumentFixer
{
    /// <summary>The key of the fix that marks the member [BatchItems].</summary>
    public const string BatchItemsKey = "Floxide.FLX0014.BatchItems";

    /// <summary>The key of the fix that adds [Shared].</summary>
    public const string SharedKey = "Floxide.FLX0014.Shared";

    /// <summary>The key of the fix that adds [PerItem].</summary>
    public const string PerItemKey = "Floxide.FLX0014.PerItem";

    /// <summary>The key of the fix that makes an array member an IReadOnlyList&lt;T&gt;.</summary>
    public const string ReadOnlyListKey = "Floxide.FLX0014.ReadOnlyList";

    /// <summary>Property of an FLX0014 diagnostic: "true" when the member is an array. Without it the fix reads the member's type.</summary>
    public const string IsArrayProperty = "IsArray";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.SharedMutableMember.Id);

    /// <inheritdoc/>
    protected override async Task<ImmutableArray<FixOption>> GetFixesAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || SyntaxHelpers.FindMember(root, diagnostic.Location.SourceSpan) is not { } member
            || Read(model, member, cancellationToken) is not { } read)
        {
            return ImmutableArray<FixOption>.Empty;
        }

        var options = ImmutableArray.CreateBuilder<FixOption>();
        if (read.IsItemsCandidate)
        {
            options.Add(new FixOption(BatchItemsKey, "Mark as [BatchItems] (the items the batch runs over)"));
        }

        options.Add(new FixOption(SharedKey, "Mark as [Shared] (one thread-safe instance for every item)"));
        var isArray = diagnostic.Properties.TryGetValue(IsArrayProperty, out var flag) && flag is not null
            ? flag == "true"
            : read.Type is IArrayTypeSymbol;
        if (!isArray && TypeRules.HasAccessibleParameterlessConstructor(read.Type, read.Owner, model.Compilation))
        {
            options.Add(new FixOption(PerItemKey, "Mark as [PerItem] (a new instance for each item)"));
        }

        if (read.Type is IArrayTypeSymbol { Rank: 1 } array && TypeSyntaxOf(member) is { } type
            && await StillCompilesAsync(document, read.Symbol, type, ReadOnlyList(array), cancellationToken).ConfigureAwait(false))
        {
            options.Add(new FixOption(ReadOnlyListKey, $"Make it IReadOnlyList<{array.ElementType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}> (read-only, safe to share)"));
        }

        return options.ToImmutable();
    }

    /// <inheritdoc/>
    protected override async Task<Document> FixAsync(Document document, ImmutableArray<(Diagnostic Diagnostic, string Key)> fixes, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var editor = new SyntaxEditor(root, document.Project.Solution.Services);
        var marked = new Dictionary<string, List<SyntaxNode>>();
        foreach (var (diagnostic, key) in fixes)
        {
            if (SyntaxHelpers.FindMember(root, diagnostic.Location.SourceSpan) is not { } member)
            {
                continue;
            }

            if (key == ReadOnlyListKey)
            {
                if (Read(model, member, cancellationToken)?.Type is IArrayTypeSymbol array && TypeSyntaxOf(member) is { } type)
                {
                    editor.ReplaceNode(type, ReadOnlyList(array).WithTriviaFrom(type));
                }

                continue;
            }

            var attribute = key switch
            {
                BatchItemsKey => "BatchItems",
                PerItemKey => "PerItem",
                _ => "Shared",
            };
            if (!marked.TryGetValue(attribute, out var targets))
            {
                marked[attribute] = targets = new List<SyntaxNode>();
            }

            targets.Add(member);
        }

        foreach (var pair in marked)
        {
            SyntaxHelpers.AddAttribute(editor, pair.Value, pair.Key);
        }

        return document.WithSyntaxRoot(editor.GetChangedRoot());
    }

    private static MemberRead? Read(SemanticModel model, SyntaxNode member, CancellationToken cancellationToken)
    {
        var symbol = SyntaxHelpers.MemberSymbol(model, member, cancellationToken);

        var type = symbol switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };
        if (type is null || symbol!.ContainingType is not { } owner || FloxideSymbols.Create(model.Compilation) is null)
        {
            return null;
        }

        var candidate = AddBatchMemberCodeFixProvider.FindItemsCandidate(BatchMember.GetMembers(owner), null, model.Compilation);
        return new MemberRead(symbol, type, owner, candidate is not null && SymbolEqualityComparer.Default.Equals(candidate.Symbol, symbol));
    }

    /// <summary>The type the member's declaration names, when it names it for this member alone.</summary>
    private static TypeSyntax? TypeSyntaxOf(SyntaxNode member) => member switch
    {
        PropertyDeclarationSyntax property => property.Type,
        ParameterSyntax parameter => parameter.Type,
        VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1 } declaration } => declaration.Type,
        _ => null,
    };

    /// <summary>The list type for <paramref name="array"/>, nullable when the array is (<c>int[]?</c> becomes <c>IReadOnlyList&lt;int&gt;?</c>).</summary>
    private static TypeSyntax ReadOnlyList(IArrayTypeSymbol array)
    {
        var element = array.ElementType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier));
        var nullable = array.NullableAnnotation == NullableAnnotation.Annotated ? "?" : "";
        return SyntaxFactory.ParseTypeName($"global::System.Collections.Generic.IReadOnlyList<{element}>{nullable}")
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
    }

    /// <summary>
    /// Whether the documents that use the member (and the one declaring it) have no more errors with its type
    /// replaced: an array member written to, or passed where an array is expected, stays an array.
    /// </summary>
    private static async Task<bool> StillCompilesAsync(Document document, ISymbol member, TypeSyntax type, TypeSyntax replacement, CancellationToken cancellationToken)
    {
        var solution = document.Project.Solution;
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return false;
        }

        var references = await SymbolFinder.FindReferencesAsync(member, solution, cancellationToken).ConfigureAwait(false);
        var documents = references.SelectMany(r => r.Locations).Select(l => l.Document.Id).Append(document.Id).Distinct().ToList();
        var changed = solution.WithDocumentSyntaxRoot(document.Id, root.ReplaceNode(type, replacement.WithTriviaFrom(type)));
        foreach (var id in documents)
        {
            if (await ErrorCountAsync(changed.GetDocument(id), cancellationToken).ConfigureAwait(false)
                > await ErrorCountAsync(solution.GetDocument(id), cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<int> ErrorCountAsync(Document? document, CancellationToken cancellationToken) =>
        document is not null && await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is { } model
            ? model.GetDiagnostics(cancellationToken: cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error)
            : 0;

    private sealed class MemberRead
    {
        public MemberRead(ISymbol symbol, ITypeSymbol type, INamedTypeSymbol owner, bool isItemsCandidate)
        {
            Symbol = symbol;
            Type = type;
            Owner = owner;
            IsItemsCandidate = isItemsCandidate;
        }

        public ISymbol Symbol { get; }

        public ITypeSymbol Type { get; }

        public INamedTypeSymbol Owner { get; }

        /// <summary>The context has no [BatchItems] member and this is the one that could be it (FLX0002's fix would mark it).</summary>
        public bool IsItemsCandidate { get; }
    }
}

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
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Floxide.CodeFixes;

/// <summary>
/// Adds what a batch context is missing. FLX0002 and FLX0005: marks the one existing member that fits as
/// <c>[BatchItems]</c> / <c>[BatchItem]</c>, or else adds a property of the right type. FLX0007: adds the
/// <c>[ItemOutput]</c> member the <c>[BatchOutputs]</c> collection collects. FLX0026: adds a <c>[BatchOutputs]</c>
/// list for an <c>[ItemOutput]</c> member. A context declared without a body (a positional record) gets one.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddBatchMemberCodeFixProvider)), Shared]
public sealed class AddBatchMemberCodeFixProvider : DocumentFixer
{
    /// <summary>The key of the FLX0002 fix: mark the member that holds the items, or add one.</summary>
    public const string BatchItemsKey = "Floxide.FLX0002.BatchItems";

    /// <summary>The key of the FLX0005 fix: mark the member that takes the item, or add one.</summary>
    public const string BatchItemKey = "Floxide.FLX0005.BatchItem";

    /// <summary>The key of the FLX0007 fix: add the [ItemOutput] member.</summary>
    public const string ItemOutputKey = "Floxide.FLX0007.ItemOutput";

    /// <summary>The key of the FLX0026 fix: add a [BatchOutputs] list.</summary>
    public const string BatchOutputsKey = "Floxide.FLX0026.BatchOutputs";

    /// <summary>
    /// Property of an FLX0002 diagnostic: the name of the one member that could hold the items. Without it the fix
    /// looks for that member itself.
    /// </summary>
    public const string CandidateProperty = BatchContextReader.CandidateProperty;

    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.MissingBatchItems.Id,
        DiagnosticDescriptors.MissingBatchItem.Id,
        DiagnosticDescriptors.BatchOutputsWithoutItemOutput.Id,
        DiagnosticDescriptors.ItemOutputNotCollected.Id);

    /// <inheritdoc/>
    protected override async Task<ImmutableArray<FixOption>> GetFixesAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        await PlanAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } plan
            ? Offer(plan.Key, plan.Title)
            : ImmutableArray<FixOption>.Empty;

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
            if (await PlanAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is not { } plan)
            {
                continue;
            }

            if (plan.Mark is { } mark)
            {
                SyntaxHelpers.AddAttribute(editor, new[] { mark }, plan.Attribute);
            }
            else if (plan.NewMember is { } member)
            {
                if (plan.After is { } after)
                {
                    editor.InsertAfter(after, member);
                }
                else
                {
                    SyntaxHelpers.AddMember(editor, plan.Type, member);
                }
            }
        }

        return document.WithSyntaxRoot(editor.GetChangedRoot());
    }

    /// <summary>
    /// The member a context without <c>[BatchItems]</c> most likely meant as its items: the diagnostic's
    /// <see cref="CandidateProperty"/>, else the reader's own candidate (<see cref="BatchContextReader.FindItemsCandidate"/>),
    /// so the fix and FLX0014 agree on it.
    /// </summary>
    internal static BatchMember? FindItemsCandidate(ImmutableArray<BatchMember> members, Diagnostic? diagnostic, Compilation compilation)
    {
        if (diagnostic is not null && diagnostic.Properties.TryGetValue(CandidateProperty, out var name) && name is not null
            && members.FirstOrDefault(m => m.Name == name && m.Roles == BatchMemberRole.None) is { } named)
        {
            return named;
        }

        return BatchContextReader.FindItemsCandidate(members, compilation);
    }

    private static async Task<Plan?> PlanAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || FloxideSymbols.Create(model.Compilation) is null)
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } declaration
            || model.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol type)
        {
            return null;
        }

        var members = BatchMember.GetMembers(type);
        var items = members.FirstOrDefault(m => m.Roles == BatchMemberRole.BatchItems);
        var slot = members.FirstOrDefault(m => m.Roles == BatchMemberRole.BatchItem);
        var output = members.FirstOrDefault(m => m.Roles == BatchMemberRole.ItemOutput);
        var outputs = members.FirstOrDefault(m => m.Roles == BatchMemberRole.BatchOutputs);

        switch (diagnostic.Id)
        {
            case "FLX0002":
            {
                if (FindItemsCandidate(members, diagnostic, model.Compilation) is { } candidate)
                {
                    return MarkPlan(declaration, candidate, BatchItemsKey, "BatchItems", cancellationToken);
                }

                if (slot is null)
                {
                    return null;
                }

                var text = $"[global::Floxide.BatchItems] public global::System.Collections.Generic.IReadOnlyList<{slot.Type.ToDisplayString(TypeFormat)}> {FreeName(type, "Items")} {{ get; set; }} = [];";
                return AddPlan(declaration, Syntax(slot, cancellationToken), BatchItemsKey, text, "Add a [BatchItems] property");
            }

            case "FLX0005":
            {
                if (items is null || TypeRules.GetSequenceElementType(items.Type, model.Compilation) is not { } element)
                {
                    return null;
                }

                var candidates = members
                    .Where(m => m.Roles == BatchMemberRole.None && m.IsAssignable(type.IsRecord, cancellationToken)
                        && TypeRules.SlotAccepts(m.Type, element, model.Compilation))
                    .ToList();
                if (candidates.Count == 1)
                {
                    return MarkPlan(declaration, candidates[0], BatchItemKey, "BatchItem", cancellationToken);
                }

                var text = $"[global::Floxide.BatchItem] public {element.ToDisplayString(TypeFormat)} {FreeName(type, "Item")} {{ get; set; }}{Initializer(element)}";
                return AddPlan(declaration, Syntax(items, cancellationToken), BatchItemKey, text, "Add a [BatchItem] property");
            }

            case "FLX0007" when outputs is not null:
            {
                // R9's element type, as the reader reads it: an outputs member it would refuse (an array, say) gets no fix.
                if (TypeRules.GetOutputElementType(outputs.Type) is not { } element)
                {
                    return null;
                }

                var text = $"[global::Floxide.ItemOutput] public {element.ToDisplayString(TypeFormat)} {FreeName(type, "Output")} {{ get; set; }}{Initializer(element)}";
                return AddPlan(declaration, Syntax(outputs, cancellationToken), ItemOutputKey, text, "Add the [ItemOutput] member it collects");
            }

            case "FLX0026" when output is not null:
            {
                var elementType = output.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : output.Type;
                var text = $"[global::Floxide.BatchOutputs] public global::System.Collections.Generic.List<{elementType.ToDisplayString(TypeFormat)}> {FreeName(type, "Outputs")} {{ get; }} = new();";
                return AddPlan(declaration, Syntax(output, cancellationToken), BatchOutputsKey, text, "Add a [BatchOutputs] list that collects the outputs");
            }

            default:
                return null;
        }
    }

    private static Plan? MarkPlan(TypeDeclarationSyntax declaration, BatchMember member, string key, string attribute, CancellationToken cancellationToken)
    {
        // The fix edits the document of the diagnostic; a member declared in another part of the type is left alone.
        var syntax = member.Symbol.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken);
        return syntax is VariableDeclaratorSyntax or PropertyDeclarationSyntax or ParameterSyntax && syntax.SyntaxTree == declaration.SyntaxTree
            ? new Plan(declaration, key, $"Mark '{member.Name}' as [{attribute}]", attribute, syntax, null, null)
            : null;
    }

    private static Plan AddPlan(TypeDeclarationSyntax declaration, MemberDeclarationSyntax? after, string key, string text, string title)
    {
        var member = SyntaxFactory.ParseMemberDeclaration(text)!
            .WithLeadingTrivia(SyntaxFactory.ElasticMarker)
            .WithTrailingTrivia(SyntaxFactory.ElasticMarker)
            .WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        return new Plan(declaration, key, title, string.Empty, null, member, after?.SyntaxTree == declaration.SyntaxTree ? after : null);
    }

    /// <summary>The declaration to insert after: the property, or the whole field declaration of a declarator.</summary>
    private static MemberDeclarationSyntax? Syntax(BatchMember member, CancellationToken cancellationToken) =>
        member.Symbol.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) switch
        {
            PropertyDeclarationSyntax property => property,
            VariableDeclaratorSyntax declarator => declarator.FirstAncestorOrSelf<FieldDeclarationSyntax>(),
            _ => null,
        };

    /// <summary><c> = default!;</c> for a non-nullable reference type, so the new member compiles warning-free under nullable.</summary>
    private static string Initializer(ITypeSymbol type) =>
        !type.IsValueType && type.NullableAnnotation == NullableAnnotation.NotAnnotated ? " = default!;" : string.Empty;

    private static string FreeName(INamedTypeSymbol type, string name)
    {
        var candidate = name;
        for (var i = 2; type.GetMembers(candidate).Length > 0 || type.Name == candidate; i++)
        {
            candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    private sealed class Plan
    {
        public Plan(TypeDeclarationSyntax type, string key, string title, string attribute, SyntaxNode? mark, MemberDeclarationSyntax? newMember, MemberDeclarationSyntax? after)
        {
            Type = type;
            Key = key;
            Title = title;
            Attribute = attribute;
            Mark = mark;
            NewMember = newMember;
            After = after;
        }

        public TypeDeclarationSyntax Type { get; }

        public string Key { get; }

        public string Title { get; }

        public string Attribute { get; }

        public SyntaxNode? Mark { get; }

        public MemberDeclarationSyntax? NewMember { get; }

        public MemberDeclarationSyntax? After { get; }
    }
}

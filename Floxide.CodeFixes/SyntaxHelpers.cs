using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace Floxide.CodeFixes;

/// <summary>Syntax edits the fixes share: Floxide attributes on members, simplified type names.</summary>
internal static class SyntaxHelpers
{
    /// <summary>
    /// A fully qualified name the cleanup after the fix shortens, adding a using directive when needed
    /// (<c>global::Floxide.Shared</c> becomes <c>Shared</c>).
    /// </summary>
    public static NameSyntax SimplifiedName(string fullyQualified) =>
        SyntaxFactory.ParseName("global::" + fullyQualified).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    /// <summary>The field declarator or property a member diagnostic points at.</summary>
    public static SyntaxNode? FindMember(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        return (SyntaxNode?)node.FirstAncestorOrSelf<VariableDeclaratorSyntax>() ?? node.FirstAncestorOrSelf<PropertyDeclarationSyntax>();
    }

    /// <summary>
    /// Adds <c>[Floxide.<paramref name="attribute"/>]</c> to each target (property or field declarator). A field
    /// declaration that declares other, untargeted variables too is split so only the targets get the attribute.
    /// </summary>
    public static void AddAttribute(SyntaxEditor editor, IEnumerable<SyntaxNode> targets, string attribute)
    {
        var distinct = targets.Distinct().ToList();
        foreach (var property in distinct.OfType<PropertyDeclarationSyntax>())
        {
            editor.ReplaceNode(property, (current, _) => WithAttribute((MemberDeclarationSyntax)current, attribute));
        }

        foreach (var group in distinct.OfType<VariableDeclaratorSyntax>().GroupBy(v => v.FirstAncestorOrSelf<FieldDeclarationSyntax>()))
        {
            if (group.Key is not { } field)
            {
                continue;
            }

            var flagged = new HashSet<VariableDeclaratorSyntax>(group);
            if (flagged.Count == field.Declaration.Variables.Count)
            {
                editor.ReplaceNode(field, (current, _) => WithAttribute((MemberDeclarationSyntax)current, attribute));
                continue;
            }

            var kept = field.Declaration.Variables.Where(v => !flagged.Contains(v)).Select(v => v.WithoutTrivia());
            var moved = field.Declaration.Variables.Where(flagged.Contains).Select(v => v.WithoutTrivia());
            var rest = field.WithDeclaration(field.Declaration.WithVariables(SyntaxFactory.SeparatedList(kept)));
            var split = field.WithDeclaration(field.Declaration.WithVariables(SyntaxFactory.SeparatedList(moved)));
            editor.InsertBefore(field, WithAttribute(split, attribute));
            editor.ReplaceNode(field, rest);
        }
    }

    /// <summary>Puts a new attribute list first; the cleanup after the fix formats it onto its own line, as the IDE does.</summary>
    public static MemberDeclarationSyntax WithAttribute(MemberDeclarationSyntax member, string attribute)
    {
        var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SimplifiedName("Floxide." + attribute))))
            .WithLeadingTrivia(member.GetLeadingTrivia())
            .WithTrailingTrivia(SyntaxFactory.Space);
        var stripped = member.WithoutLeadingTrivia();
        return stripped.WithAttributeLists(stripped.AttributeLists.Insert(0, list));
    }
}

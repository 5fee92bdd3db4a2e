using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Floxide.CodeFixes;

/// <summary>Syntax edits the fixes share (Floxide attributes on members, new members, simplified type names).</summary>
internal static class SyntaxHelpers
{
    /// <summary>
    /// A fully qualified name the cleanup after the fix shortens, adding a using directive when needed
    /// (<c>global::Floxide.Shared</c> becomes <c>Shared</c>).
    /// </summary>
    public static NameSyntax SimplifiedName(string fullyQualified) =>
        SyntaxFactory.ParseName("global::" + fullyQualified).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    /// <summary>The field declarator, property or positional record parameter a member diagnostic points at.</summary>
    public static SyntaxNode? FindMember(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        return (SyntaxNode?)node.FirstAncestorOrSelf<VariableDeclaratorSyntax>()
            ?? (SyntaxNode?)node.FirstAncestorOrSelf<PropertyDeclarationSyntax>()
            ?? node.FirstAncestorOrSelf<ParameterSyntax>(p => p.Parent is ParameterListSyntax { Parent: RecordDeclarationSyntax });
    }

    /// <summary>
    /// The field or property <paramref name="member"/> (what <see cref="FindMember"/> found) declares: for a positional
    /// record parameter, the property the record declares for it.
    /// </summary>
    public static ISymbol? MemberSymbol(SemanticModel model, SyntaxNode member, System.Threading.CancellationToken cancellationToken) =>
        model.GetDeclaredSymbol(member, cancellationToken) is IParameterSymbol parameter
            ? parameter.ContainingType?.GetMembers(parameter.Name).OfType<IPropertySymbol>().FirstOrDefault()
            : model.GetDeclaredSymbol(member, cancellationToken);

    /// <summary>The type a diagnostic points at (its name, an attribute on it, or anywhere in it).</summary>
    public static TypeDeclarationSyntax? FindType(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span) =>
        root.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<TypeDeclarationSyntax>();

    /// <summary>The method a process-method diagnostic points at (its name, or anywhere in it).</summary>
    public static MethodDeclarationSyntax? FindMethod(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span) =>
        root.FindNode(span).FirstAncestorOrSelf<MethodDeclarationSyntax>();

    /// <summary>The value a diagnostic points at: the expression itself, or the expression of the (attribute) argument it spans.</summary>
    public static ExpressionSyntax? DiagnosedValue(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: false) switch
        {
            ArgumentSyntax argument => argument.Expression,
            AttributeArgumentSyntax argument => argument.Expression,
            ExpressionSyntax expression => expression,
            _ => null,
        };

    /// <summary>Removes an attribute's argument; the last one takes its parentheses with it (<c>[X]</c>, not <c>[X()]</c>).</summary>
    public static void RemoveAttributeArgument(SyntaxEditor editor, AttributeArgumentSyntax argument)
    {
        if (argument.Parent is AttributeArgumentListSyntax { Arguments.Count: 1, Parent: AttributeSyntax attribute })
        {
            editor.ReplaceNode(attribute, attribute.WithArgumentList(null));
        }
        else
        {
            editor.RemoveNode(argument);
        }
    }

    /// <summary>
    /// Adds <paramref name="member"/> first in the type's body. A type declared without one (<c>record R(int X);</c>)
    /// gets a body in place of its <c>;</c>, so the member lands inside it. Safe to call several times for one type:
    /// each call edits the type as the previous ones left it.
    /// </summary>
    public static void AddMember(SyntaxEditor editor, TypeDeclarationSyntax type, MemberDeclarationSyntax member) =>
        editor.ReplaceNode(type, (current, _) =>
        {
            var declaration = WithBody((TypeDeclarationSyntax)current);
            return declaration.WithMembers(declaration.Members.Insert(0, member));
        });

    /// <summary>The type with braces instead of a closing <c>;</c>; the same type when it has a body already.</summary>
    private static TypeDeclarationSyntax WithBody(TypeDeclarationSyntax type)
    {
        if (!type.OpenBraceToken.IsKind(SyntaxKind.None) && !type.OpenBraceToken.IsMissing)
        {
            return type;
        }

        // The ';' keeps its trivia (a trailing comment, the line end) on the closing brace.
        var semicolon = type.SemicolonToken;
        var open = SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithAdditionalAnnotations(Formatter.Annotation);
        var close = SyntaxFactory.Token(SyntaxFactory.TriviaList(SyntaxFactory.ElasticMarker), SyntaxKind.CloseBraceToken, semicolon.TrailingTrivia)
            .WithAdditionalAnnotations(Formatter.Annotation);
        var withoutSemicolon = type.WithSemicolonToken(default).WithTrailingTrivia(SyntaxFactory.ElasticMarker);
        return withoutSemicolon.WithOpenBraceToken(open).WithCloseBraceToken(close);
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

        // A positional record's parameter: an untargeted attribute would apply to the parameter, not the property.
        foreach (var parameter in distinct.OfType<ParameterSyntax>())
        {
            editor.ReplaceNode(parameter, (current, _) =>
            {
                var target = SyntaxFactory.AttributeTargetSpecifier(SyntaxFactory.Token(SyntaxKind.PropertyKeyword), SyntaxFactory.Token(SyntaxKind.ColonToken).WithTrailingTrivia(SyntaxFactory.Space));
                var list = SyntaxFactory.AttributeList(target, SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SimplifiedName("Floxide." + attribute))))
                    .WithTrailingTrivia(SyntaxFactory.Space);
                var node = (ParameterSyntax)current;
                var stripped = node.WithoutLeadingTrivia();
                return stripped.WithAttributeLists(stripped.AttributeLists.Insert(0, list.WithLeadingTrivia(node.GetLeadingTrivia())));
            });
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

using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Floxide.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace Floxide.CodeFixes;

/// <summary>
/// FLX0159: adds a <c>CancellationToken cancellationToken</c> parameter to a process method under a <c>[Timeout]</c>; the
/// generated node then passes it the token the timeout cancels. Passing it on to the calls that wait stays the user's
/// work. Not offered where another signature depends on the method's (an override, a virtual or abstract method, an
/// interface implementation, a partial method), since adding a parameter there would break the code, nor where code
/// refers to it other than by calling it (a method group, a <c>nameof</c>), nor where a call to another method could bind
/// to it once it takes a token (a base type has a member of its name, or an extension method of its name applies to its
/// type).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CancellationTokenCodeFixProvider)), Shared]
public sealed class CancellationTokenCodeFixProvider : DocumentFixer
{
    /// <summary>The key of the fix.</summary>
    public const string AddParameterKey = "Floxide.FLX0159.AddCancellationToken";

    private const string ParameterName = "cancellationToken";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.TimeoutWithoutCancellationToken.Id);

    /// <inheritdoc/>
    protected override async Task<ImmutableArray<FixOption>> GetFixesAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || SyntaxHelpers.FindMethod(root, diagnostic.Location.SourceSpan) is not { } method)
        {
            return ImmutableArray<FixOption>.Empty;
        }

        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model?.GetDeclaredSymbol(method, cancellationToken) is not { } symbol
            || !await SignatureRules.MayChangeParametersAsync(symbol, document.Project, callsStillCompile: true, cancellationToken).ConfigureAwait(false))
        {
            return ImmutableArray<FixOption>.Empty;
        }

        return Offer(AddParameterKey, "Add a CancellationToken parameter");
    }

    /// <inheritdoc/>
    protected override Task<Document> FixAsync(Document document, ImmutableArray<(Diagnostic Diagnostic, string Key)> fixes, CancellationToken cancellationToken) =>
        EditEachAsync(document, fixes, Edit, cancellationToken);

    private static void Edit(SyntaxEditor editor, SyntaxNode root, Diagnostic diagnostic, string key)
    {
        if (SyntaxHelpers.FindMethod(root, diagnostic.Location.SourceSpan) is not { ParameterList.Parameters.Count: 1 } method)
        {
            return;
        }

        // Optional, so code that calls the method directly (a unit test) still compiles; a method group or nameof
        // reference would not, and gets no fix (see GetFixesAsync).
        var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(FreeName(method)))
            .WithType(SyntaxHelpers.SimplifiedName("System.Threading.CancellationToken"))
            .WithDefault(SyntaxFactory.EqualsValueClause(SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression)))
            .WithLeadingTrivia(SyntaxFactory.Space);
        var parameters = method.ParameterList.WithParameters(method.ParameterList.Parameters.Add(parameter));
        editor.ReplaceNode(method.ParameterList, parameters.WithAdditionalAnnotations(Formatter.Annotation));
    }

    /// <summary>
    /// <c>cancellationToken</c>, unless the method already uses that name (its context parameter, a local, a field it
    /// reads, which the parameter would hide): then <c>cancellationToken1</c>, <c>cancellationToken2</c>, ...
    /// </summary>
    private static string FreeName(MethodDeclarationSyntax method)
    {
        var used = method.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText).ToImmutableHashSet();
        var name = ParameterName;
        for (var i = 1; used.Contains(name); i++)
        {
            name = ParameterName + i;
        }

        return name;
    }
}

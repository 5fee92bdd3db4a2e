using System.Threading;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.BatchContext;

/// <summary>
/// Turns a <c>[BatchContext]</c> type into a <see cref="BatchContextModel"/>, or into null when
/// <see cref="BatchContextReader"/> finds an error (the analyzers report it), so an invalid type generates
/// nothing and never cascades into compiler errors in generated code.
/// </summary>
internal static class BatchContextParser
{
    /// <summary>Parses the context, or returns null when it is invalid.</summary>
    public static BatchContextModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        // Below C# 9 nothing is generated: LanguageVersionAnalyzer reports FLX0200 instead.
        if (context.TargetSymbol is not INamedTypeSymbol type || context.Attributes.Length == 0 || !Helpers.LanguageSupport.IsSupported(context.TargetNode.SyntaxTree))
        {
            return null;
        }

        var definition = BatchContextReader.Read(type, context.Attributes[0], context.SemanticModel.Compilation, includeWarnings: false, cancellationToken);
        return definition.IsValid ? definition.ToModel(cancellationToken) : null;
    }
}

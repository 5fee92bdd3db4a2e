using System.Threading;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Workflows;

/// <summary>
/// Turns a <c>[Workflow]</c> class into a <see cref="WorkflowModel"/>, or into null when
/// <see cref="WorkflowReader"/> finds an error (the analyzer reports the same problems), so an invalid
/// workflow generates nothing and never cascades into compiler errors in generated code.
/// </summary>
internal static class WorkflowParser
{
    /// <summary>Parses the workflow, or returns null when it is invalid.</summary>
    public static WorkflowModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        // Below C# 9 nothing is generated: LanguageVersionAnalyzer reports FLX0200 instead.
        if (context.TargetSymbol is not INamedTypeSymbol type || context.Attributes.Length == 0 || !Helpers.LanguageSupport.IsSupported(context.TargetNode.SyntaxTree))
        {
            return null;
        }

        var definition = WorkflowReader.Read(type, context.Attributes[0], context.SemanticModel.Compilation, cancellationToken);
        return definition.IsValid ? definition.ToModel() : null;
    }
}

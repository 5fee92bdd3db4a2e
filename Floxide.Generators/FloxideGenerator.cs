using Floxide.Generators.BatchContext;
using Floxide.Generators.Helpers;
using Floxide.Generators.Nodes;
using Floxide.Generators.Workflows;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Floxide.Generators;

/// <summary>
/// The Floxide incremental generator: implements the runtime contracts for <c>[BatchContext]</c>,
/// <c>[Node]</c> and <c>[Workflow]</c> partial types.
/// </summary>
/// <remarks>
/// Each feature is one pipeline: <c>ForAttributeWithMetadataName</c> finds the annotated types, its
/// parser reduces each to a small equatable model (or null when the type is invalid: nothing is
/// generated for it and the analyzers report why), and its emitter turns each model into one file,
/// named after the type (with a suffix only for names that differ from another's in case alone).
/// No model holds a symbol, syntax node, location or the compilation, and nothing is combined with
/// the compilation, so an edit elsewhere leaves every step cached and regenerates nothing.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class FloxideGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var batchContexts = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                GeneratorInfo.BatchContextAttribute,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                BatchContextParser.Parse)
            .WithTrackingName(TrackingNames.BatchContextModels)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.ValidBatchContexts);

        var batchContextCollisions = batchContexts
            .Select(static (model, _) => model.Hierarchy.MetadataName)
            .Collect()
            .Select(static (names, _) => HintNameCollisions.Find(names))
            .WithTrackingName(TrackingNames.BatchContextHintCollisions);

        context.RegisterSourceOutput(batchContexts.Combine(batchContextCollisions), static (output, pair) =>
            output.AddSource(pair.Left.Hierarchy.HintName("BatchContext", pair.Right), BatchContextEmitter.Emit(pair.Left)));

        var nodes = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                GeneratorInfo.NodeAttribute,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                NodeParser.Parse)
            .WithTrackingName(TrackingNames.NodeModels)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.ValidNodes);

        var nodeCollisions = nodes
            .Select(static (model, _) => model.Hierarchy.MetadataName)
            .Collect()
            .Select(static (names, _) => HintNameCollisions.Find(names))
            .WithTrackingName(TrackingNames.NodeHintCollisions);

        context.RegisterSourceOutput(nodes.Combine(nodeCollisions), static (output, pair) =>
            output.AddSource(pair.Left.Hierarchy.HintName("Node", pair.Right), NodeEmitter.Emit(pair.Left)));

        var workflows = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                GeneratorInfo.WorkflowAttribute,
                static (node, _) => node is ClassDeclarationSyntax,
                WorkflowParser.Parse)
            .WithTrackingName(TrackingNames.WorkflowModels)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.ValidWorkflows);

        var workflowCollisions = workflows
            .Select(static (model, _) => model.Hierarchy.MetadataName)
            .Collect()
            .Select(static (names, _) => HintNameCollisions.Find(names))
            .WithTrackingName(TrackingNames.WorkflowHintCollisions);

        context.RegisterSourceOutput(workflows.Combine(workflowCollisions), static (output, pair) =>
            output.AddSource(pair.Left.Hierarchy.HintName("Workflow", pair.Right), WorkflowEmitter.Emit(pair.Left)));
    }
}

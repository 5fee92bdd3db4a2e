using Floxide.Generators.BatchContext;
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
/// generated for it and the analyzers report why), and its emitter turns each model into one file.
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

        context.RegisterSourceOutput(batchContexts, static (output, model) =>
            output.AddSource(model.Hierarchy.HintName("BatchContext"), BatchContextEmitter.Emit(model)));

        var nodes = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                GeneratorInfo.NodeAttribute,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                NodeParser.Parse)
            .WithTrackingName(TrackingNames.NodeModels)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.ValidNodes);

        context.RegisterSourceOutput(nodes, static (output, model) =>
            output.AddSource(model.Hierarchy.HintName("Node"), NodeEmitter.Emit(model)));

        var workflows = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                GeneratorInfo.WorkflowAttribute,
                static (node, _) => node is ClassDeclarationSyntax,
                WorkflowParser.Parse)
            .WithTrackingName(TrackingNames.WorkflowModels)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.ValidWorkflows);

        context.RegisterSourceOutput(workflows, static (output, model) =>
            output.AddSource(model.Hierarchy.HintName("Workflow"), WorkflowEmitter.Emit(model)));
    }
}

using System;
using System.Linq;
using Floxide.Generators.BatchContext;
using Floxide.Generators.DependencyInjection;
using Floxide.Generators.Helpers;
using Floxide.Generators.Models;
using Floxide.Generators.Names;
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
                FloxideNames.Attributes.BatchContext,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                BatchContextParser.Parse)
            .WithTrackingName(TrackingNames.BatchContextModels)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.ValidBatchContexts);

        RegisterFiles(context, batchContexts, "BatchContext", TrackingNames.BatchContextHintCollisions, static model => model.Hierarchy, BatchContextEmitter.Emit);

        var nodes = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                FloxideNames.Attributes.Node,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                NodeParser.Parse)
            .WithTrackingName(TrackingNames.NodeModels)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.ValidNodes);

        RegisterFiles(context, nodes, "Node", TrackingNames.NodeHintCollisions, static model => model.Hierarchy, NodeEmitter.Emit);

        var workflows = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                FloxideNames.Attributes.Workflow,
                static (node, _) => node is ClassDeclarationSyntax,
                WorkflowParser.Parse)
            .WithTrackingName(TrackingNames.WorkflowModels)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.ValidWorkflows);

        RegisterFiles(context, workflows, "Workflow", TrackingNames.WorkflowHintCollisions, static model => model.Hierarchy, WorkflowEmitter.Emit);

        // Dependency injection: the compilation is reduced to two flags first, so an edit leaves this step cached.
        var support = context.CompilationProvider
            .Select(static (compilation, _) => DependencyInjectionSupport.From(compilation))
            .WithTrackingName(TrackingNames.DependencyInjectionSupport);
        // A workflow brings its own registration and its closed generic steps' (Step<int>), once however many name them.
        var registrations = nodes.Select(static (model, _) => model.Service)
            .Collect()
            .Combine(workflows.Select(static (model, _) => (model.Service, model.StepServices)).Collect())
            .Select(static (pair, _) => new EquatableArray<ServiceModel>(pair.Left
                .Concat(pair.Right.SelectMany(static workflow => workflow.StepServices.Prepend(workflow.Service)))
                .Where(s => s is not null).Select(s => s!)
                .Distinct()
                .ToArray()))
            .Combine(support)
            .WithTrackingName(TrackingNames.ServiceRegistrations);

        // The method's name, from an MSBuild property (read as a string: the options change only when the project's do).
        var methodName = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => RegistrationMethodName.Resolve(RegistrationMethodName.Configured(options.GlobalOptions)))
            .WithTrackingName(TrackingNames.ServiceRegistrationMethodName);

        context.RegisterSourceOutput(registrations.Combine(methodName), static (output, pair) =>
        {
            var ((services, support), name) = pair;

            // An invalid name generates nothing: ServiceRegistrationAnalyzer reports FLX0202.
            if (support.HasServiceCollection && services.Count > 0 && name is not null)
            {
                output.AddSource(ServiceRegistrationEmitter.HintName, ServiceRegistrationEmitter.Emit(services, support, name));
            }
        });
    }

    /// <summary>
    /// Adds one file per model, named after its type. The feature's metadata names are collected (a small step,
    /// cached unless a type is added, removed or renamed) so that only names equal to another ignoring case,
    /// as Roslyn compares hint names, get a suffix.
    /// </summary>
    private static void RegisterFiles<TModel>(
        IncrementalGeneratorInitializationContext context,
        IncrementalValuesProvider<TModel> models,
        string feature,
        string collisionsTrackingName,
        Func<TModel, HierarchyInfo> hierarchyOf,
        Func<TModel, string> emit)
    {
        var collisions = models
            .Select((model, _) => hierarchyOf(model).MetadataName)
            .Collect()
            .Select(static (names, _) => HintNameCollisions.Find(names))
            .WithTrackingName(collisionsTrackingName);

        context.RegisterSourceOutput(models.Combine(collisions), (output, pair) =>
            output.AddSource(hierarchyOf(pair.Left).HintName(feature, pair.Right), emit(pair.Left)));
    }
}

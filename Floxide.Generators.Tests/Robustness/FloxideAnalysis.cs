using System.Collections.Concurrent;
using System.Collections.Immutable;
using Floxide.Generators.Analyzers;
using Floxide.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Tests.Robustness;

/// <summary>
/// Runs the generator and then every Floxide analyzer over the compilation that includes the generated
/// code (as the compiler and the IDE do), collecting any exception either of them throws.
/// </summary>
internal static class FloxideAnalysis
{
    /// <summary>Every analyzer in the Floxide analyzer assembly, found by its attribute, so one added later runs here too.</summary>
    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers =
    [
        .. typeof(NodeAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), inherit: false))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!),
    ];

    /// <summary>
    /// An empty compilation whose references are bound once: compilations derived from it share that work,
    /// which is most of the cost of compiling a small file against the whole framework.
    /// </summary>
    /// <remarks>
    /// Only the framework assemblies the inputs use: every name lookup walks the merged namespaces of all
    /// references, built anew per compilation, so a small reference set keeps thousands of runs fast.
    /// </remarks>
    private static readonly Lazy<Compilation> Template = new(() =>
    {
        var template = CSharpCompilation.Create(
            "Consumer",
            [],
            [
                Basic.Reference.Assemblies.Net100.References.SystemRuntime,
                Basic.Reference.Assemblies.Net100.References.SystemCollections,
                Basic.Reference.Assemblies.Net100.References.SystemThreading,
                Basic.Reference.Assemblies.Net100.References.SystemLinq,
                MetadataReference.CreateFromFile(typeof(NodeAction).Assembly.Location),

                // The DI abstractions come with the runtime's package, so the generated AddFloxideNodes() meets every input too.
                Basic.Reference.Assemblies.Net100.References.SystemComponentModel,
                MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location),

                // What generated workflows use, which every consumer has: spans (System.Diagnostics.Activity, in the
                // shared framework) and the logger factory of their batch steps (the runtime's logging abstractions).
                Basic.Reference.Assemblies.Net100.References.SystemDiagnosticsDiagnosticSource,
                MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILoggerFactory).Assembly.Location),

                // The runtime package's own dependencies, which code generated for [Retry], [Timeout], [RateLimit] and [ConcurrencyLimit] uses.
                MetadataReference.CreateFromFile(typeof(Polly.ResiliencePipeline).Assembly.Location),
                MetadataReference.CreateFromFile(typeof(System.Threading.RateLimiting.RateLimiter).Assembly.Location),
            ],
            // Not concurrent: the sweeps already keep every core busy with one input each.
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false));
        _ = template.GetTypeByMetadataName("Floxide.NodeAction");
        return template;
    });

    /// <summary>Generates, then analyzes. <paramref name="source"/> may be any text at all.</summary>
    public static async Task<AnalysisResult> RunAsync(string source, bool includeCompilerDiagnostics = false)
    {
        var compilation = Template.Value.AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path: "Input.cs"));
        var driver = CSharpGeneratorDriver.Create([new FloxideGenerator().AsSourceGenerator()], parseOptions: GeneratorHarness.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var failures = new List<string>();
        if (driver.GetRunResult().Results.Single().Exception is { } generatorException)
        {
            failures.Add("generator threw " + generatorException);
        }

        // CS8785: the compiler's report of a generator that threw.
        failures.AddRange(generatorDiagnostics.Where(d => d.Id == "CS8785").Select(d => d.ToString()));

        var analyzerExceptions = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            (exception, analyzer, diagnostic) => analyzerExceptions.Enqueue(analyzer.GetType().Name + " threw " + exception),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var withAnalyzers = output.WithAnalyzers(Analyzers, options);
        var diagnostics = includeCompilerDiagnostics
            ? await withAnalyzers.GetAllDiagnosticsAsync()
            : await withAnalyzers.GetAnalyzerDiagnosticsAsync();

        failures.AddRange(analyzerExceptions);

        // AD0001: an analyzer that threw, as the compiler reports it.
        failures.AddRange(diagnostics.Where(d => d.Id == "AD0001").Select(d => d.ToString()));
        var perType = driver.GetRunResult().Results.Single().GeneratedSources.Count(s => s.HintName != Floxide.Generators.DependencyInjection.ServiceRegistrationEmitter.HintName);
        return new AnalysisResult(diagnostics, failures, perType);
    }
}

/// <summary>What one generator-plus-analyzers run produced.</summary>
/// <param name="Diagnostics">The analyzers' diagnostics (and the compiler's, when asked for).</param>
/// <param name="Failures">Exceptions thrown by the generator or an analyzer; empty when all is well.</param>
/// <param name="GeneratedFiles">How many files the generator added for annotated types (the assembly's service registration aside).</param>
internal sealed record AnalysisResult(ImmutableArray<Diagnostic> Diagnostics, List<string> Failures, int GeneratedFiles)
{
    /// <summary>The Floxide diagnostics outside generated code.</summary>
    public IEnumerable<Diagnostic> Floxide => Diagnostics.Where(d => d.Id.StartsWith("FLX", StringComparison.Ordinal));
}

using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Floxide.Generators.Tests.Infrastructure;

/// <summary>Runs <see cref="FloxideGenerator"/> in memory over C# sources, the way the compiler does.</summary>
internal static class GeneratorHarness
{
    /// <summary>Latest C#, with XML documentation comments checked (bad crefs and missing docs are reported).</summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview, DocumentationMode.Diagnose);

    /// <summary>
    /// An empty compilation over the whole framework, the runtime and its dependencies, with the references bound once:
    /// compilations derived from it share that binding, which is most of the cost of compiling a small
    /// file against 170 reference assemblies.
    /// </summary>
    private static readonly Lazy<CSharpCompilation> Template = new(() =>
    {
        var template = CSharpCompilation.Create(
            "Consumer",
            [],
            [
                .. Net100.References.All,
                MetadataReference.CreateFromFile(typeof(NodeAction).Assembly.Location),

                // The runtime's own dependencies, which code generated for [Retry], [Timeout] and [RateLimit] uses.
                MetadataReference.CreateFromFile(typeof(Polly.ResiliencePipeline).Assembly.Location),
                MetadataReference.CreateFromFile(typeof(System.Threading.RateLimiting.RateLimiter).Assembly.Location),

                // Generated workflows with batch steps take an ILoggerFactory for them.
                MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILoggerFactory).Assembly.Location),
            ],
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                warningLevel: 9999));
        _ = template.GetTypeByMetadataName("Floxide.NodeAction");
        return template;
    });

    /// <summary>Creates a compilation of <paramref name="sources"/> (file name, text) with strict settings: nullable on, warnings as errors.</summary>
    /// <remarks>The trees are parsed into an array first: AddSyntaxTrees enumerates its argument more than once.</remarks>
    public static CSharpCompilation Compile(params (string Path, string Text)[] sources) =>
        Template.Value.AddSyntaxTrees([.. sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, path: s.Path))]);

    /// <summary>Creates a driver with step tracking on.</summary>
    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new FloxideGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once over <paramref name="sources"/>.</summary>
    public static GeneratorOutput Run(params (string Path, string Text)[] sources) => Run(Compile(sources));

    /// <summary>Runs the generator once over <paramref name="compilation"/> (one made by <see cref="Compile"/>, its options changed where needed).</summary>
    public static GeneratorOutput Run(CSharpCompilation compilation)
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return new GeneratorOutput(compilation, output, driver.GetRunResult(), generatorDiagnostics);
    }

    /// <summary>Runs the generator over one source file.</summary>
    public static GeneratorOutput Run(string source) => Run(("Input.cs", source));
}

/// <summary>What one generator run produced.</summary>
internal sealed record GeneratorOutput(
    Compilation Input, Compilation Output, GeneratorDriverRunResult RunResult, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    /// <summary>The generated files, by hint name.</summary>
    public IReadOnlyDictionary<string, string> Files =>
        RunResult.Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);

    /// <summary>
    /// Every diagnostic of the compilation that includes the generated code (hidden ones aside), except
    /// missing XML docs in the test's own sources: generated code must document everything public.
    /// </summary>
    public IReadOnlyList<Diagnostic> CompilationDiagnostics =>
        Output.GetDiagnostics()
            .Where(d => d.Severity != DiagnosticSeverity.Hidden)
            .Where(d => !(d.Id == "CS1591" && Input.SyntaxTrees.Contains(d.Location.SourceTree)))
            .ToList();

    /// <summary>Asserts the generator did not throw and everything compiles without a single warning.</summary>
    public GeneratorOutput AssertCompilesCleanly()
    {
        Assert.Null(RunResult.Results.Single().Exception);
        Assert.Empty(GeneratorDiagnostics);
        var diagnostics = CompilationDiagnostics;
        Assert.True(diagnostics.Count == 0, "Diagnostics:\n" + string.Join("\n", diagnostics) + "\n\nGenerated:\n" + string.Join("\n", Files.Values));
        return this;
    }
}

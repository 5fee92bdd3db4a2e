using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Tests.Robustness;

/// <summary>
/// Checks the product's promise on one valid program: the generator does not throw, generates a file for
/// every annotated type, and its code compiles with no error and no warning (nullable on, every warning
/// wave); the analyzers report nothing; and a batch over the context runs and collects every output in
/// input order.
/// </summary>
internal static class ProgramChecker
{
    /// <summary>
    /// An empty compilation with the references bound once (compilations derived from it share that work):
    /// the framework assemblies a program uses (System.Linq.Expressions and Microsoft.CSharp for <c>dynamic</c>), the runtime,
    /// and the dependency injection abstractions and Polly the runtime's package brings along, so every program's generated
    /// <c>AddFloxideNodes()</c> and resilience pipelines must compile too.
    /// </summary>
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
                Basic.Reference.Assemblies.Net100.References.SystemLinqExpressions,
                Basic.Reference.Assemblies.Net100.References.MicrosoftCSharp,
                Basic.Reference.Assemblies.Net100.References.SystemComponentModel, // IServiceProvider, for the DI abstractions
                MetadataReference.CreateFromFile(typeof(NodeAction).Assembly.Location),
                MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location),

                // What code generated for [Retry], [Timeout], [RateLimit] and [ConcurrencyLimit] uses, which the runtime's package brings along.
                MetadataReference.CreateFromFile(typeof(Polly.ResiliencePipeline).Assembly.Location),
                MetadataReference.CreateFromFile(typeof(System.Threading.RateLimiting.RateLimiter).Assembly.Location),

                // What generated workflows use, which every consumer has: spans (System.Diagnostics.Activity, in the
                // shared framework) and the logger factory of their batch steps (the runtime's logging abstractions).
                Basic.Reference.Assemblies.Net100.References.SystemDiagnosticsDiagnosticSource,
                MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILoggerFactory).Assembly.Location),
            ],
            // Not concurrent: the sweep already keeps every core busy with one program each.
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999, concurrentBuild: false));
        _ = template.GetTypeByMetadataName("Floxide.NodeAction");
        return template;
    });

    /// <summary>Checks <paramref name="program"/>, running a batch over it too; throws with what went wrong.</summary>
    public static Task CheckAsync(ValidProgram program) => CheckAsync(program, run: true);

    /// <summary>Checks <paramref name="program"/>; <paramref name="run"/> also emits it and runs a batch (about half the cost).</summary>
    public static async Task CheckAsync(ValidProgram program, bool run)
    {
        var written = ProgramWriter.Write(program);
        var failure = await FindFailureAsync(written, run);
        if (failure is not null)
        {
            throw new InvalidOperationException(failure);
        }
    }

    private static async Task<string?> FindFailureAsync(WrittenProgram written, bool run)
    {
        var tree = CSharpSyntaxTree.ParseText(written.Program, GeneratorHarness.ParseOptions, path: "Program.cs");
        var input = Template.Value.AddSyntaxTrees(tree);

        // 1. The program is valid C# on its own: otherwise ValidPrograms is wrong, not the generator.
        var own = input.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (own.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return "the program itself does not compile (a bug in ValidPrograms):\n" + string.Join("\n", own.Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        // 2. The generator does not throw (CS8785 is how the compiler reports it), and every annotated type gets its file.
        // The runner is there from the start (a partial part of the context with static methods only, which changes
        // nothing the generator reads), so the program, the runner and the generated code compile once.
        var runner = CSharpSyntaxTree.ParseText(written.Runner, GeneratorHarness.ParseOptions, path: "Runner.cs");
        var driver = CSharpGeneratorDriver.Create([new FloxideGenerator().AsSourceGenerator()], parseOptions: GeneratorHarness.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(input.AddSyntaxTrees(runner), out var output, out var generatorDiagnostics);
        var result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null || !generatorDiagnostics.IsEmpty)
        {
            return $"the generator threw or reported: {result.Exception}\n{string.Join("\n", generatorDiagnostics)}";
        }

        // One file per annotated type, besides the assembly's service registration (none when no type can be registered).
        var perType = result.GeneratedSources.Count(s => s.HintName != Floxide.Generators.DependencyInjection.ServiceRegistrationEmitter.HintName);
        if (perType != written.AnnotatedTypes)
        {
            return $"{result.GeneratedSources.Length} generated files for {written.AnnotatedTypes} annotated types: {string.Join(", ", result.GeneratedSources.Select(s => s.HintName))}";
        }

        // 3, 4. With the generated code: no error anywhere, no warning in generated code, no warning the program did not
        // have already, and no Floxide diagnostic (the analyzers agree the program is valid) or analyzer crash.
        var crashes = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            (exception, analyzer, _) => crashes.Enqueue(analyzer.GetType().Name + " threw " + exception),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var withAnalyzers = output.WithAnalyzers(FloxideAnalysis.Analyzers, options);
        using var image = new MemoryStream();
        var diagnostics = run
            ? output.Emit(image).Diagnostics.AddRange(await withAnalyzers.GetAnalyzerDiagnosticsAsync())
            : await withAnalyzers.GetAllDiagnosticsAsync();

        // A private field the generated code reads or writes changes warning: CS0169 (never used) becomes CS0649 (never
        // assigned), CS0649 becomes CS0414 (never read). Those are about the user's field, as they would be without Floxide.
        // The runner is the test's own code: only its errors count.
        var known = own.Select(Key).ToHashSet();
        var problems = diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error ||
                (d.Severity == DiagnosticSeverity.Warning && !known.Contains(Key(d)) && d.Id is not ("CS0649" or "CS0414") && d.Location.SourceTree != runner))
            .Select(d => d.ToString())
            .Concat(crashes)
            .ToList();
        if (problems.Count > 0)
        {
            var generated = string.Join("\n", result.GeneratedSources.Select(s => $"// {s.HintName}\n{s.SourceText}"));
            return "with the generated code:\n" + string.Join("\n", problems) + "\n\nGenerated:\n" + generated;
        }

        // 5. One batch, end to end.
        image.Position = 0;
        return run ? Run(image) : null;
    }

    private static string Key(Diagnostic diagnostic) => $"{diagnostic.Id} {diagnostic.Location.SourceSpan} {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";

    private static string? Run(MemoryStream image)
    {
        // Not collectible: unloading collectible contexts crashed the test host now and then (in the finalizer that frees
        // an unloaded context, while other programs were compiling). Each program's assembly is small; a sweep loads under a hundred.
        var runner = new AssemblyLoadContext("FloxideProgram").LoadFromStream(image).GetTypes()
            .Single(t => t.GetMethod("RunFloxideProgram", BindingFlags.NonPublic | BindingFlags.Static) is not null);
        if (runner.IsGenericTypeDefinition)
        {
            // The runner names closed types itself: any arguments that satisfy the constraints do.
            runner = runner.MakeGenericType([.. runner.GetGenericArguments().Select(a =>
                a.GenericParameterAttributes.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint) ? typeof(int) : typeof(object))]);
        }

        var failure = (string)runner.GetMethod("RunFloxideProgram", BindingFlags.NonPublic | BindingFlags.Static)!.Invoke(null, null)!;
        return failure.Length == 0 ? null : "the batch run failed: " + failure;
    }
}

using Floxide.Generators.Tests.Infrastructure;
using Floxide.Generators.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Tests;

/// <summary>
/// The generated code compiles at the oldest C# the generator accepts (9), and below it the generator emits nothing and
/// the analyzer says why (FLX0200): no error ever points into generated code, whatever the project's <c>LangVersion</c>.
/// </summary>
public sealed class LanguageVersionTests
{
    /// <summary>C# 9 only: block namespaces, no collection expressions, no raw strings; every kind of node result and awaitable.</summary>
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Floxide;

        namespace Nine
        {
            public enum Verdict { Ok, Bad }

            [BatchContext(MaxDegreeOfParallelism = 2)]
            [Retry(MaxAttempts = 2)]
            public partial class Orders
            {
                [BatchItems] public IReadOnlyList<int> Items { get; init; } = new List<int>();
                [BatchItem] public int Item { get; set; }
                [ItemOutput] public int Out { get; set; }
                [BatchOutputs] public List<int> Outs { get; } = new List<int>();
            }

            [Node] public partial class Price { public async Task<Verdict> ProcessAsync(Orders context, CancellationToken cancellationToken) { await Task.Delay(0, cancellationToken); context.Out = context.Item; return Verdict.Ok; } }
            [Node] public partial class Check { public async ValueTask<bool> ProcessAsync(Orders context) { await Task.Yield(); return true; } }
            [Node] public partial class Note { public async Task ProcessAsync(Orders context) { await Task.Yield(); } }
            [Node] public partial class Emit { public void Process(Orders context) { } }
            [Node] public partial class Reject { public NodeAction Process(Orders context) => NodeAction.Default; }

            [Workflow(typeof(Orders))]
            [Start(typeof(Price))]
            [Route(typeof(Price), Verdict.Ok, typeof(Check))]
            [Route(typeof(Price), Verdict.Bad, typeof(Reject))]
            [Route(typeof(Check), typeof(Note))]
            [Route(typeof(Note), typeof(Emit))]
            public partial class OrderFlow { }

            public static class Program
            {
                public static async Task<long> RunAsync()
                {
                    var batch = new Orders { Items = new List<int> { 1, 2, 3 } };
                    var report = await Orders.CreateBatchFlow(new OrderFlow()).RunAsync(batch);
                    return report.Succeeded;
                }
            }
        }
        """;

    [Theory]
    [InlineData(LanguageVersion.CSharp9)]
    [InlineData(LanguageVersion.CSharp10)]
    public async Task AtCSharp9AndLaterTheGeneratedCodeCompilesCleanly(LanguageVersion version)
    {
        var output = Run(version).AssertCompilesCleanly();

        Assert.Contains(output.Files.Keys, name => name.Contains("OrderFlow", StringComparison.Ordinal));
        Assert.Contains(ServiceRegistrationHint, output.Files.Keys);
        Assert.Empty(await Analyze(output));

        // The pooled builder is named where C# allows it (10), and left to the default below.
        var price = output.Files.Single(f => f.Key.Contains("Price", StringComparison.Ordinal)).Value;
        Assert.Equal(version >= LanguageVersion.CSharp10, price.Contains("PoolingAsyncValueTaskMethodBuilder", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(LanguageVersion.CSharp8)]
    [InlineData(LanguageVersion.CSharp7_3)]
    public async Task BelowCSharp9NothingIsGeneratedAndEachTypeGetsFLX0200(LanguageVersion version)
    {
        var output = Run(version);

        Assert.Null(output.RunResult.Results.Single().Exception);
        Assert.Empty(output.Files);
        var diagnostics = await Analyze(output);
        Assert.All(diagnostics, d => Assert.Equal("FLX0200", d.Id));
        Assert.Equal(
            ["Check", "Emit", "Note", "OrderFlow", "Orders", "Price", "Reject"],
            diagnostics.Select(d => d.Location.SourceTree!.GetRoot().FindToken(d.Location.SourceSpan.Start).ValueText).Order(StringComparer.Ordinal));
        var message = diagnostics.Single(d => d.GetMessage().StartsWith("'Orders'", StringComparison.Ordinal)).GetMessage();
        Assert.Equal(
            $"'Orders' is a [BatchContext], whose generated code needs C# 9 or later, but this project compiles C# {version.ToDisplayString()}; set <LangVersion> to 9.0 or later (or remove it: net10.0 defaults to the latest)",
            message);

        // The only errors left are the user's calls to what was not generated, in the user's file.
        Assert.All(output.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), d => Assert.Equal("Input.cs", d.Location.SourceTree?.FilePath));
    }

    private const string ServiceRegistrationHint = "FloxideNodes.ServiceRegistration.g.cs";

    private static GeneratorOutput Run(LanguageVersion version)
    {
        var parse = GeneratorHarness.ParseOptions.WithLanguageVersion(version);
        var compilation = CSharpCompilation.Create(
            "Consumer",
            [CSharpSyntaxTree.ParseText(Source, parse, path: "Input.cs")],
            GeneratorHarness.Compile().References.Append(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location)),
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: version >= LanguageVersion.CSharp8 ? NullableContextOptions.Enable : NullableContextOptions.Disable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                warningLevel: 9999));
        var driver = CSharpGeneratorDriver.Create([new FloxideGenerator().AsSourceGenerator()], parseOptions: parse)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorOutput(compilation, output, driver.GetRunResult(), diagnostics);
    }

    private static async Task<IReadOnlyList<Diagnostic>> Analyze(GeneratorOutput output) =>
        (await output.Output.WithAnalyzers(FloxideAnalysis.Analyzers).GetAnalyzerDiagnosticsAsync())
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .ToList();
}

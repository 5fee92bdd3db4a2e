using System.Diagnostics;
using System.Globalization;
using Basic.Reference.Assemblies;
using Floxide.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Floxide.Benchmarks.Generator;

/// <summary>
/// Measures the Floxide generator the way an IDE feels it: a cold run over a synthetic project of
/// 500 <c>[BatchContext]</c> and 500 <c>[Node]</c> types, and an incremental re-run after a one-line
/// edit (a process method body). Prints <c>generator cold=&lt;ms&gt; incremental=&lt;ms&gt; ratio=&lt;x&gt;</c> with
/// medians over many iterations, and the same two figures for a minimal generator that only finds the
/// same attributed types with <c>ForAttributeWithMetadataName</c> and emits a one-line file each: that
/// is the floor any attribute-driven generator pays, since Roslyn re-binds every attributed
/// declaration against each new compilation before a pipeline can report its outputs unchanged.
/// </summary>
/// <remarks>
/// A stopwatch harness rather than BenchmarkDotNet: the incremental case needs a driver that has
/// already seen the previous compilation, which is state BenchmarkDotNet's per-invocation model
/// makes awkward, and one cold run costs long enough that a median of a few dozen is stable.
/// Arguments: <c>--types N</c> (per kind, default 500), <c>--iterations N</c> (default 20).
/// </remarks>
public static class GeneratorBenchmark
{
    /// <summary>Runs the measurement and prints one result line.</summary>
    /// <param name="args">Optional <c>--types N</c> and <c>--iterations N</c>.</param>
    /// <returns>0 on success; 1 when the generator failed or produced the wrong number of files.</returns>
    public static int Run(string[] args)
    {
        var types = Option(args, "--types", 500);
        var iterations = Option(args, "--iterations", 20);
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = Enumerable.Range(0, types)
            .SelectMany(i => new[]
            {
                CSharpSyntaxTree.ParseText(ContextSource(i), parseOptions, path: $"Context{i}.cs"),
                CSharpSyntaxTree.ParseText(NodeSource(i, 0), parseOptions, path: $"Node{i}.cs"),
            })
            .ToArray();
        var references = Net100.References.All.Append(MetadataReference.CreateFromFile(typeof(NodeAction).Assembly.Location)).ToArray();
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
        CSharpCompilation NewCompilation() => CSharpCompilation.Create("Synthetic", trees, references, options);
        GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create([new FloxideGenerator().AsSourceGenerator()], parseOptions: parseOptions);

        // Sanity: the synthetic project compiles and the generator produces one file per type.
        var check = NewDriver().RunGenerators(NewCompilation()).GetRunResult();
        if (check.Results.Single().Exception is { } exception || check.GeneratedTrees.Length != 2 * types)
        {
            Console.Error.WriteLine($"generator: expected {2 * types} files, got {check.GeneratedTrees.Length}; {check.Results.Single().Exception}");
            return 1;
        }

        var (cold, incremental) = Measure(new FloxideGenerator(), NewCompilation, parseOptions, trees, types, iterations);
        var (floorCold, floorIncremental) = Measure(new MinimalAttributeGenerator(), NewCompilation, parseOptions, trees, types, iterations);

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"generator cold={cold:F1} incremental={incremental:F1} ratio={incremental / cold:F3} (types={types}+{types}, iterations={iterations}, medians in ms)"));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"generator-floor cold={floorCold:F1} incremental={floorIncremental:F1} (minimal ForAttributeWithMetadataName generator, same project)"));
        return 0;
    }

    /// <summary>Returns the median cold and incremental run times of <paramref name="generator"/>, in ms.</summary>
    private static (double Cold, double Incremental) Measure(
        IIncrementalGenerator generator, Func<CSharpCompilation> NewCompilation, CSharpParseOptions parseOptions, SyntaxTree[] trees, int types, int iterations)
    {
        GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], parseOptions: parseOptions);

        // Cold and incremental runs alternate, so a change in machine load affects both alike.
        // Cold: a fresh compilation (nothing bound yet) and a fresh driver, as on a first build.
        // Incremental: the long-lived driver re-runs after a one-line edit in one node's body.
        var cold = new List<double>();
        var incremental = new List<double>();
        var current = NewCompilation();
        var driver = NewDriver().RunGenerators(current);
        var edited = Array.FindIndex(trees, t => t.FilePath == $"Node{types / 2}.cs");
        const int Warmup = 3;
        for (var i = 1; i <= iterations + Warmup; i++)
        {
            var fresh = NewCompilation();
            var started = Stopwatch.GetTimestamp();
            NewDriver().RunGenerators(fresh);
            var coldTime = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            var next = current.ReplaceSyntaxTree(
                current.SyntaxTrees.ElementAt(edited),
                CSharpSyntaxTree.ParseText(NodeSource(types / 2, i), parseOptions, path: $"Node{types / 2}.cs"));
            started = Stopwatch.GetTimestamp();
            driver = driver.RunGenerators(next);
            var incrementalTime = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            current = next;

            if (i > Warmup)
            {
                cold.Add(coldTime);
                incremental.Add(incrementalTime);
            }
        }

        return (Median(cold), Median(incremental));
    }

    private static string ContextSource(int i) => $$"""
        using System.Collections.Generic;
        using Floxide;

        namespace Synthetic.Contexts{{i % 10}};

        public sealed class Output{{i}}
        {
            public int Value { get; set; }
        }

        [BatchContext(MaxDegreeOfParallelism = 4)]
        public partial class Batch{{i}}
        {
            [BatchItems] public IReadOnlyList<string> Items { get; init; } = [];
            [BatchItem] public string Item { get; set; } = "";
            [Shared] public object Gate { get; init; } = new();
            [PerItem] public List<string> Log { get; set; } = new();
            public int Quality { get; set; }
            public string Name { get; init; } = "batch";
            [ItemOutput] public Output{{i}}? Result { get; set; }
            [BatchOutputs] public List<Output{{i}}> Results { get; } = new();
        }
        """;

    private static string NodeSource(int i, int edit) => $$"""
        using System.Threading;
        using System.Threading.Tasks;
        using Floxide;
        using Synthetic.Contexts{{i % 10}};

        namespace Synthetic.Nodes{{i % 10}};

        [Node(Id = "node-{{i}}")]
        public partial class Node{{i}}
        {
            public async ValueTask<bool> ProcessAsync(Batch{{i}} context, CancellationToken cancellationToken)
            {
                await Task.Yield();
                context.Result = new Output{{i}} { Value = context.Item.Length + {{edit}} };
                return true;
            }
        }
        """;

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }

    /// <summary>The floor: finds the same attributed types and emits one line per type, nothing else.</summary>
    private sealed class MinimalAttributeGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            foreach (var attribute in new[] { "Floxide.BatchContextAttribute", "Floxide.NodeAttribute" })
            {
                var names = context.SyntaxProvider.ForAttributeWithMetadataName(
                    attribute,
                    static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
                    static (syntax, _) => syntax.TargetSymbol.ToDisplayString());
                var suffix = attribute.Split('.')[1];
                context.RegisterSourceOutput(names, (output, name) => output.AddSource($"{name}.{suffix}.g.cs", "// " + name));
            }
        }
    }
}

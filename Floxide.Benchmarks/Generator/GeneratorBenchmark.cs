using System.Diagnostics;
using System.Globalization;
using Basic.Reference.Assemblies;
using Floxide.Benchmarks.Compare;
using Floxide.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Floxide.Benchmarks.Generator;

/// <summary>
/// Measures the Floxide generator the way an IDE feels it: a cold run over a synthetic project of
/// 500 <c>[BatchContext]</c> and 500 <c>[Node]</c> types, and an incremental re-run after a one-line
/// edit (a process method body). Prints medians of time and of bytes allocated for both, and the same
/// for two floors measured alongside: a minimal generator that only finds the same attributed types
/// with <c>ForAttributeWithMetadataName</c>, and one that also reads each type's members, their
/// attributes and their types (what any member-attribute DSL must read). Roslyn re-binds all of that
/// against each new compilation before a pipeline can report its outputs unchanged, so the floors
/// show how much of a re-run no generator of this kind can avoid.
/// </summary>
/// <remarks>
/// A stopwatch harness rather than BenchmarkDotNet: the incremental case needs a driver that has
/// already seen the previous compilation, which is state BenchmarkDotNet's per-invocation model
/// makes awkward, and one cold run costs long enough that a median of a few dozen is stable.
/// Arguments: <c>--types N</c> (per kind, default 500), <c>--iterations N</c> (default 20).
/// </remarks>
public static class GeneratorBenchmark
{
    /// <summary>Runs the measurement and prints the result lines.</summary>
    /// <param name="args">Optional <c>--types N</c> and <c>--iterations N</c>.</param>
    /// <returns>0 on success; 1 when the generator failed or produced the wrong number of files.</returns>
    public static int Run(string[] args)
    {
        var types = CommandOptions.Int(args, "--types") ?? 500;
        var iterations = CommandOptions.Int(args, "--iterations") ?? 20;
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

        var generators = new IIncrementalGenerator[] { new FloxideGenerator(), new MinimalAttributeGenerator(readMembers: false), new MinimalAttributeGenerator(readMembers: true) };
        var results = Measure(generators, NewCompilation, parseOptions, trees, types, iterations);
        var floxide = results[0];
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"generator cold={floxide.Cold:F1} incremental={floxide.Incremental:F1} ratio={floxide.Incremental / floxide.Cold:F3} (types={types}+{types}, iterations={iterations}, medians in ms)"));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"generator-alloc cold={floxide.ColdMegabytes:F1} incremental={floxide.IncrementalMegabytes:F1} ratio={floxide.IncrementalMegabytes / floxide.ColdMegabytes:F3} (MB allocated per run)"));
        Print("generator-floor", results[1], "ForAttributeWithMetadataName only: finds the same types, reads nothing else");
        Print("generator-reads", results[2], "the same, plus each type's members, their attributes and types: what any member-attribute DSL reads");
        return 0;
    }

    private static void Print(string label, Measurement measurement, string what) =>
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{label} cold={measurement.Cold:F1} incremental={measurement.Incremental:F1} ratio={measurement.Incremental / measurement.Cold:F3} alloc={measurement.ColdMegabytes:F1}/{measurement.IncrementalMegabytes:F1} MB ({what})"));

    /// <summary>Median cold and incremental run times (ms) and allocations (MB) of each generator.</summary>
    private static Measurement[] Measure(
        IIncrementalGenerator[] generators, Func<CSharpCompilation> NewCompilation, CSharpParseOptions parseOptions, SyntaxTree[] trees, int types, int iterations)
    {
        GeneratorDriver NewDriver(IIncrementalGenerator generator) => CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], parseOptions: parseOptions);

        // The generators take turns within each iteration, so a change in machine load affects all alike.
        // Cold: a fresh compilation (nothing bound yet) and a fresh driver, as on a first build.
        // Incremental: each generator's long-lived driver re-runs after a one-line edit in one node's body.
        // Allocations are counted too: unlike times they do not depend on what else the machine is doing.
        var samples = generators.Select(_ => (Cold: new List<double>(), Incremental: new List<double>(), ColdMegabytes: new List<double>(), IncrementalMegabytes: new List<double>())).ToArray();
        var current = NewCompilation();
        var drivers = generators.Select(g => NewDriver(g).RunGenerators(current)).ToArray();
        var edited = Array.FindIndex(trees, t => t.FilePath == $"Node{types / 2}.cs");
        const int Warmup = 3;
        var edit = 0;
        for (var i = 1; i <= iterations + Warmup; i++)
        {
            for (var g = 0; g < generators.Length; g++)
            {
                var fresh = NewCompilation();
                var (coldTime, coldBytes) = Time(() => NewDriver(generators[g]).RunGenerators(fresh));

                var next = current.ReplaceSyntaxTree(
                    current.SyntaxTrees.ElementAt(edited),
                    CSharpSyntaxTree.ParseText(NodeSource(types / 2, ++edit), parseOptions, path: $"Node{types / 2}.cs"));
                var (incrementalTime, incrementalBytes) = Time(() => drivers[g] = drivers[g].RunGenerators(next));
                current = next;

                if (i > Warmup)
                {
                    samples[g].Cold.Add(coldTime);
                    samples[g].Incremental.Add(incrementalTime);
                    samples[g].ColdMegabytes.Add(coldBytes / 1e6);
                    samples[g].IncrementalMegabytes.Add(incrementalBytes / 1e6);
                }
            }
        }

        return samples.Select(s => new Measurement(CompareCommand.Median(s.Cold), CompareCommand.Median(s.Incremental), CompareCommand.Median(s.ColdMegabytes), CompareCommand.Median(s.IncrementalMegabytes))).ToArray();
    }

    private static (double Milliseconds, long Bytes) Time(Action run)
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        run();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return (elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocated);
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

    /// <summary>One generator's medians.</summary>
    private sealed record Measurement(double Cold, double Incremental, double ColdMegabytes, double IncrementalMegabytes);

    /// <summary>
    /// A floor: finds the same attributed types and emits one line per type. With <c>readMembers</c> it
    /// also reads what a member-attribute DSL cannot do without (each member, its attributes and its
    /// type; a method's return and parameter types), but applies no rule and builds no model.
    /// </summary>
    private sealed class MinimalAttributeGenerator(bool readMembers) : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            foreach (var attribute in new[] { "Floxide.BatchContextAttribute", "Floxide.NodeAttribute" })
            {
                var names = context.SyntaxProvider.ForAttributeWithMetadataName(
                    attribute,
                    static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
                    (syntax, _) => Read(syntax.TargetSymbol, readMembers));
                var suffix = attribute.Split('.')[1];
                context.RegisterSourceOutput(names, (output, name) => output.AddSource($"{name}.{suffix}.g.cs", "// " + name));
            }
        }

        private static string Read(ISymbol type, bool readMembers)
        {
            var name = type.ToDisplayString();
            if (!readMembers || type is not INamedTypeSymbol named)
            {
                return name;
            }

            foreach (var member in named.GetMembers())
            {
                _ = member.GetAttributes();
                switch (member)
                {
                    case IPropertySymbol property:
                        _ = property.Type;
                        break;
                    case IFieldSymbol field:
                        _ = field.Type;
                        break;
                    case IMethodSymbol method:
                        _ = method.ReturnType;
                        foreach (var parameter in method.Parameters)
                        {
                            _ = parameter.Type;
                        }

                        break;
                }
            }

            return name;
        }
    }
}

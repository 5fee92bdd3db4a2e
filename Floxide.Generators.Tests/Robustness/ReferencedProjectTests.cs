using System.Collections.Immutable;
using Floxide.Generators.Analyzers;
using Floxide.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Tests.Robustness;

/// <summary>
/// Another project referenced as a compilation, as the IDE references one C# project from another: its types have source
/// locations, but their trees are not the consumer's, and binding them throws (CS8785 for the generator, which then
/// generates nothing, and AD0001 for an analyzer).
/// </summary>
public sealed class ReferencedProjectTests
{
    private const string Library = """
        #pragma warning disable CS1591
        using System;
        using System.Collections.Generic;
        using Floxide;

        public static class Signals
        {
            public static bool IsBusy(Exception error) => error is TimeoutException;
        }

        [BatchContext]
        [AdaptiveConcurrency(IsThrottled = nameof(Signals.IsBusy))]
        public partial class Lots
        {
            [BatchItems] public List<int> Items { get; set; } = new();
            [BatchItem] public int Item { get; set; }
        }

        public class Order
        {
            public string Id { get; set; } = "";

            [field: NonSerialized] public event Action? Changed;

            public void Change() => Changed?.Invoke();
        }
        """;

    [Fact]
    public async Task ABatchContextOfAReferencedProjectIsTheSameErrorAsInABuildWithoutAnException()
    {
        // A nameof(Type.M) reader on a context of another project: the workflow's reading used to bind its tree.
        var consumer = Consumer("""
            using Floxide;

            [Node] public partial class OnLots { public void Process(Lots l) { } }
            [Workflow(typeof(Lots))] [Start(typeof(OnLots))] [BatchStep(typeof(OnLots))] public partial class W { }
            """);

        var output = GeneratorHarness.Run(consumer);

        Assert.Null(output.RunResult.Results.Single().Exception);
        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Contains("OnLots.Node.g.cs", output.Files.Keys);
        var diagnostics = await Analyze(output.Input);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");

        // As in a build, which references the project's assembly (InvalidWorkflowTests): the context must be this project's.
        var diagnostic = Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("FLX0111", diagnostic.Id);
        Assert.Contains("'Lots' comes from the referenced assembly 'Library'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADurableItemOfAReferencedProjectWithAnAttributedEventIsReadWithoutAnException()
    {
        // The item's [field: ...] events are read from syntax, looking for a misplaced [ItemKey]: its tree is another project's.
        var consumer = Consumer("""
            using System.Collections.Generic;
            using System.Text.Json.Serialization;
            using Floxide;

            /// <summary>Orders, durable.</summary>
            [BatchContext(DurableJson = typeof(OrderJson))]
            public partial class Orders
            {
                /// <summary>The orders.</summary>
                [BatchItems] public List<Order> Items { get; set; } = new();

                /// <summary>One order.</summary>
                [BatchItem] public Order Item { get; set; } = new();
            }

            /// <summary>The orders' JSON.</summary>
            [JsonSerializable(typeof(Order))]
            public abstract class OrderJson : JsonSerializerContext
            {
                /// <summary>Made by the JSON generator, which this test does not run.</summary>
                protected OrderJson() : base(null) { }

                /// <summary>The context.</summary>
                public static OrderJson Default => null!;
            }
            """);

        var output = GeneratorHarness.Run(consumer).AssertCompilesCleanly();

        Assert.Contains(output.Files.Keys, name => name.StartsWith("Orders.", StringComparison.Ordinal));
        Assert.Empty(await Analyze(output.Output));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AContextDerivedFromAnotherAssemblysContextIsOneErrorForItsOneCause(bool asBuilt)
    {
        // The base's items, slot and generated streaming contract are inherited: FLX0002, FLX0005 and FLX0027 used to
        // follow FLX0023, all for the one cause of deriving from another [BatchContext].
        var library = GeneratorHarness.Run(GeneratorHarness.Compile(("Library.cs", Library)).WithAssemblyName("Library")).AssertCompilesCleanly();
        var reference = asBuilt ? Built(library.Output) : library.Output.ToMetadataReference();
        var consumer = GeneratorHarness.Compile(("Input.cs", """
            using Floxide;

            [BatchContext]
            public partial class MoreLots : Lots
            {
                public int More { get; set; }
            }
            """)).AddReferences(reference);

        var output = GeneratorHarness.Run(consumer);
        var diagnostics = await output.Output.WithAnalyzers(FloxideAnalysis.Analyzers).GetAnalyzerDiagnosticsAsync();

        var diagnostic = Assert.Single(diagnostics, d => d.Id.StartsWith("FLX", StringComparison.Ordinal));
        Assert.Equal("FLX0023", diagnostic.Id);
        Assert.Contains("'MoreLots' declares or inherits 'Lots'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(output.Files.Keys, name => name.StartsWith("MoreLots", StringComparison.Ordinal));
    }

    /// <summary>A consumer of <see cref="Library"/>, its generated code included, referenced as a compilation.</summary>
    private static Microsoft.CodeAnalysis.CSharp.CSharpCompilation Consumer(string source)
    {
        var library = GeneratorHarness.Run(GeneratorHarness.Compile(("Library.cs", Library)).WithAssemblyName("Library")).AssertCompilesCleanly();
        var reference = library.Output.ToMetadataReference();
        Assert.IsAssignableFrom<CompilationReference>(reference);
        return GeneratorHarness.Compile(("Input.cs", source)).AddReferences(reference);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ANodeDerivedFromAnotherAssemblysNodeIsOneErrorForItsOneCause(bool asBuilt)
    {
        // The base's process method is inherited: FLX0015 (no process method) used to follow FLX0023.
        var library = GeneratorHarness.Run(GeneratorHarness.Compile(("Library.cs", Library + """

            [Node] public partial class Emit { public void Process(Lots context) { } }
            """)).WithAssemblyName("Library")).AssertCompilesCleanly();
        var reference = asBuilt ? Built(library.Output) : library.Output.ToMetadataReference();
        var consumer = GeneratorHarness.Compile(("Input.cs", """
            using Floxide;

            [Node(Id = "derived")] public partial class DerivedEmit : Emit { }
            """)).AddReferences(reference);

        var output = GeneratorHarness.Run(consumer);
        var diagnostics = await output.Output.WithAnalyzers(FloxideAnalysis.Analyzers).GetAnalyzerDiagnosticsAsync();

        var diagnostic = Assert.Single(diagnostics, d => d.Id.StartsWith("FLX", StringComparison.Ordinal));
        Assert.Equal("FLX0023", diagnostic.Id);
        Assert.Contains("'DerivedEmit' declares or inherits 'Emit'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    /// <summary>A reference to <paramref name="compilation"/>'s assembly, as a build references another project's.</summary>
    internal static MetadataReference Built(Compilation compilation)
    {
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }

    private static async Task<ImmutableArray<Diagnostic>> Analyze(Compilation compilation) =>
        await compilation.WithAnalyzers([new WorkflowAnalyzer(), new BatchContextAnalyzer(), new NodeAnalyzer()]).GetAnalyzerDiagnosticsAsync();
}

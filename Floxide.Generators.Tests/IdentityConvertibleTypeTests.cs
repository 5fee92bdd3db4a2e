using Floxide.Generators.Analyzers;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Tests;

/// <summary>
/// Types C# converts by identity though their symbols differ (<c>dynamic</c> and <c>object</c>, <c>nint</c> and
/// <c>IntPtr</c>, tuple element names), anywhere in the items', slot's, output's and outputs' types, and a dynamic
/// [ItemOutput] or [ItemKey] of a durable context: the rules accept them (no analyzer diagnostic), and the generated
/// code compiles without binding anything at run time: the compilation has no Microsoft.CSharp, so a dynamic call in
/// generated code would be CS0656.
/// </summary>
public sealed class IdentityConvertibleTypeTests
{
    [Fact]
    public async Task ContextsWhoseMembersDifferOnlyByIdentityConversionsAreAcceptedAndCompile()
    {
        var compilation = GeneratorHarness.Compile(("Input.cs", """
        using System;
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using Floxide;
        namespace S;

        [BatchContext(DurableJson = typeof(DynamicJson))]
        public partial class DurableDynamics
        {
            [BatchItems] public List<dynamic> Items { get; set; } = new();
            [BatchItem] public object Item { get; set; } = null!;
            [ItemOutput] public dynamic Output { get; set; } = 0;
            [BatchOutputs] public List<object> Outputs { get; } = new();
        }

        public sealed class Keyed
        {
            [ItemKey] public dynamic Key { get; set; } = "";
        }

        [BatchContext(DurableJson = typeof(KeyedJson))]
        public partial class KeyedDynamics
        {
            [BatchItems] public List<Keyed> Items { get; set; } = new();
            [BatchItem] public Keyed Item { get; set; } = null!;
        }

        [JsonSerializable(typeof(Keyed))]
        public abstract class KeyedJson : JsonSerializerContext
        {
            protected KeyedJson() : base(null) { }

            public static KeyedJson Default => null!;
        }

        [JsonSerializable(typeof(object))]
        public abstract class DynamicJson : JsonSerializerContext
        {
            protected DynamicJson() : base(null) { }

            public static DynamicJson Default => null!;
        }

        [BatchContext]
        public partial class Dynamics
        {
            [BatchItems] public List<dynamic> Items { get; set; } = new();
            [BatchItem] public object Item { get; set; } = null!;
            [ItemOutput] public Dictionary<string, object>? Output { get; set; }
            [BatchOutputs] public List<Dictionary<string, dynamic>> Outputs { get; } = new();
        }

        [BatchContext]
        public partial class Objects
        {
            [BatchItems] public List<(object A, List<object> B)> Items { get; set; } = new();
            [BatchItem] public (dynamic X, List<dynamic> Y) Item { get; set; }
            [ItemOutput] public dynamic? Output { get; set; }
            [BatchOutputs] public List<object> Outputs { get; } = new();
        }

        [BatchContext]
        public partial class Handles
        {
            [BatchItems] public List<nint> Items { get; set; } = new();
            [BatchItem] public IntPtr Item { get; set; }
            [ItemOutput] public nuint[]? Output { get; set; }
            [BatchOutputs] public List<UIntPtr[]> Outputs { get; } = new();
        }
        """));
        var withoutBinder = compilation.RemoveReferences(compilation.References.Where(r => r.Display?.StartsWith("Microsoft.CSharp ", StringComparison.Ordinal) == true));
        Assert.Equal(compilation.References.Count() - 1, withoutBinder.References.Count());
        var output = GeneratorHarness.Run(withoutBinder)
            .AssertCompilesCleanly();
        // Binding a dynamic call needs Microsoft.CSharp's binder, which only emitting the code looks for (CS0656).
        var emitted = output.Output.Emit(Stream.Null);
        Assert.Empty(emitted.Diagnostics.Where(d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true));

        Assert.Equal(5, output.Files.Keys.Count(name => name.EndsWith(".BatchContext.g.cs", StringComparison.Ordinal)));
        Assert.Empty(await output.Output.WithAnalyzers([new BatchContextAnalyzer()]).GetAnalyzerDiagnosticsAsync());
    }
}

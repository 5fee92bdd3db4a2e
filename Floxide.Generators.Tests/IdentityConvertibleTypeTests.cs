using Floxide.Generators.Analyzers;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Tests;

/// <summary>
/// Types C# converts by identity though their symbols differ (<c>dynamic</c> and <c>object</c>, <c>nint</c> and
/// <c>IntPtr</c>, tuple element names), anywhere in the items', slot's, output's and outputs' types: the rules accept
/// them (no analyzer diagnostic), and the generated code compiles.
/// </summary>
public sealed class IdentityConvertibleTypeTests
{
    [Fact]
    public async Task ContextsWhoseMembersDifferOnlyByIdentityConversionsAreAcceptedAndCompile()
    {
        var output = GeneratorHarness.Run("""
        using System;
        using System.Collections.Generic;
        using Floxide;
        namespace S;
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
        """).AssertCompilesCleanly();

        Assert.Equal(3, output.Files.Keys.Count(name => name.EndsWith(".BatchContext.g.cs", StringComparison.Ordinal)));
        Assert.Empty(await output.Output.WithAnalyzers([new BatchContextAnalyzer()]).GetAnalyzerDiagnosticsAsync());
    }
}

using Floxide.Generators.Analyzers;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Tests;

/// <summary>
/// [Shared] on members of a plain value type (FLX0034, a warning): the generator does not refuse the context, and its
/// item-context factory copies each such member as it copies any other, in a class, a record and a generic class,
/// with code that compiles cleanly. The analyzer reports exactly those members.
/// </summary>
public sealed class SharedValueTypeTests
{
    [Fact]
    public async Task ContextsWithSharedValuesGenerateCodeThatCompilesAndAreWarnedAbout()
    {
        var output = GeneratorHarness.Run("""
        using System;
        using System.Collections.Generic;
        using Floxide;
        namespace S;

        public enum Mode { Fast, Slow }

        public struct Totals { public int Count; }

        [BatchContext]
        public sealed partial class Counts
        {
            [BatchItems] public List<int> Items { get; init; } = [];
            [BatchItem] public int Item { get; init; }
            [Shared] public int Counter { get; set; }
            [Shared] public Mode Speed { get; init; }
            [Shared] public Totals Sums { get; }
            [Shared] public int? Best;
            [Shared] public readonly DateTime Started = DateTime.UnixEpoch;
            [Shared] private long _seen;

            public long Seen => _seen;
        }

        [BatchContext]
        public partial record Limits([property: Shared] int Max)
        {
            [BatchItems] public List<string> Ids { get; init; } = [];
            [BatchItem] public string Id { get; init; } = "";
            [Shared] public decimal Rate { get; set; }
        }

        [BatchContext]
        public partial class Generic<TValue> where TValue : unmanaged
        {
            [BatchItems] public List<string> Ids { get; set; } = [];
            [BatchItem] public string Id { get; set; } = "";
            [Shared] public TValue Value { get; set; }
            [Shared] public TValue? Maybe;
        }
        """).AssertCompilesCleanly();

        Assert.Equal(3, output.Files.Keys.Count(name => name.EndsWith(".BatchContext.g.cs", StringComparison.Ordinal)));
        var reported = (await output.Output.WithAnalyzers([new BatchContextAnalyzer()]).GetAnalyzerDiagnosticsAsync())
            .Select(d => d.Id + " " + d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan))
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            new[] { "Best", "Counter", "Max", "Maybe", "Rate", "Sums", "Speed", "Started", "Value", "_seen" }.Select(name => "FLX0034 " + name).Order(StringComparer.Ordinal),
            reported);
    }
}

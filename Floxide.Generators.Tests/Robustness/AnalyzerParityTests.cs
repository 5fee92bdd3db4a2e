using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Tests.Robustness;

/// <summary>
/// The analyzers and the generator apply the same rules: every type the generator refuses (and so emits
/// nothing for) gets an error that says why, and the valid scenarios get no Floxide error at all.
/// </summary>
public sealed class AnalyzerParityTests
{
    /// <summary>The sweeps and the README check run every analyzer: each ID the catalog describes is supported by one of them.</summary>
    [Fact]
    public void TheAnalysisRunsAnAnalyzerForEveryDescribedDiagnostic()
    {
        var supported = FloxideAnalysis.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var described = typeof(Floxide.Generators.Diagnostics.DiagnosticDescriptors)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id)
            .ToList();

        Assert.NotEmpty(described);
        Assert.All(described, id => Assert.Contains(id, supported));
    }

    [Theory]
    [MemberData(nameof(InvalidTypeTests.InvalidContexts), MemberType = typeof(InvalidTypeTests))]
    [MemberData(nameof(InvalidTypeTests.InvalidNodes), MemberType = typeof(InvalidTypeTests))]
    public async Task EveryRefusedTypeGetsAnError(string rule, string declaration)
    {
        var source = $$"""
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Floxide;

            [Node] public partial class Anchor { public void Process(ValidBatch c) { } }
            [BatchContext] public partial class ValidBatch { [BatchItems] public int[] Items = []; [BatchItem] public int Item; }

            {{declaration}}
            """;

        var result = await FloxideAnalysis.RunAsync(source, includeCompilerDiagnostics: true);

        Assert.Empty(result.Failures);
        var errors = result.Diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error && !d.Location.SourceTree!.FilePath.EndsWith(".g.cs", StringComparison.Ordinal))
            .ToList();

        // A struct cannot carry [BatchContext]/[Node] (AttributeTargets.Class): the compiler's CS0592 explains it;
        // an unresolved type is the compiler's CS0246, a file-local type in a member signature its CS9051, and
        // a role attribute repeated on two partial declarations its CS0579, which Floxide deliberately does not
        // repeat; everything else is explained by a Floxide error.
        var explained = rule.EndsWith("struct", StringComparison.Ordinal) ? errors.Any(d => d.Id == "CS0592")
            : rule.Contains("unresolved", StringComparison.Ordinal) ? errors.Any(d => d.Id == "CS0246") && !result.Floxide.Any()
            : rule.Contains("file-local item", StringComparison.Ordinal) ? errors.Any(d => d.Id == "CS9051") && !result.Floxide.Any()
            : rule.Contains("repeated", StringComparison.Ordinal) ? errors.Any(d => d.Id == "CS0579")
            : errors.Any(d => d.Id.StartsWith("FLX", StringComparison.Ordinal));
        Assert.True(explained, rule + ": no error explains why nothing is generated. Diagnostics:\n" + string.Join("\n", result.Diagnostics));

        // The valid siblings still generate (with the declaration's own annotated base class B, where it
        // has one), so the refused type's code is what is missing.
        var validSiblings = declaration.Contains("partial class B ", StringComparison.Ordinal) ? 3 : 2;
        Assert.Equal(validSiblings, result.GeneratedFiles);
    }

    public static TheoryData<string> ValidScenarios => new()
    {
        Scenarios.ClassContext, Scenarios.RecordContext, Scenarios.StreamContext, Scenarios.NestedGenericContext,
        Scenarios.Nodes, Scenarios.MemberKinds, Scenarios.SameNameA, Scenarios.SameNameB,
        Scenarios.LessAccessibleTypes, Scenarios.UnusualNames, Scenarios.NamesDifferingInCase,
    };

    [Theory]
    [MemberData(nameof(ValidScenarios))]
    public async Task ValidScenarioGetsNoFloxideError(string source)
    {
        var result = await FloxideAnalysis.RunAsync(source);

        Assert.Empty(result.Failures);
        Assert.True(result.GeneratedFiles > 0);
        var errors = result.Floxide.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}

using CsCheck;
using Floxide.Generators.Tests.Robustness;
using Floxide.Generators.Tests.Workflows;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Floxide.Generators.Tests;

/// <summary>
/// Every feature's model stays equal across an edit that does not touch it: for each baseline scenario, and for
/// programs of the robustness sweep (which between them use every attribute and setting), an edit to an unrelated
/// file leaves every tracked step Cached or Unchanged and regenerates no file. The parsers run again on each edit,
/// so a model that holds something compared by reference (an array, a dictionary, a location) shows as Modified here.
/// </summary>
public sealed class IncrementalScenarioTests
{
    private const string Unrelated = "namespace Elsewhere; public static class Helper { public static int Twice(int value) => value * 2; }";

    public static TheoryData<string> ScenarioNames => new(Scenarios().Keys);

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void AnUnrelatedEditRegeneratesNothing(string scenario) => AssertUnrelatedEditRegeneratesNothing(scenario, Scenarios()[scenario]);

    [Fact]
    public void AnUnrelatedEditRegeneratesNothingInProgramsOfTheRobustnessSweep()
    {
        // Enough programs that each dimension (resilience, adaptive concurrency, grace periods, batch steps...) shows.
        var seeds = new PCG(1, 20261203);
        for (var i = 0; i < 60; i++)
        {
            var program = ValidPrograms.All.Generate(new PCG(seeds.Next(), seeds.Next64()), null, out _);
            AssertUnrelatedEditRegeneratesNothing($"sweep program {i}:\n{program}", [("Program.cs", ProgramWriter.Write(program).Program)]);
        }
    }

    private static Dictionary<string, (string Path, string Text)[]> Scenarios() => new(StringComparer.Ordinal)
    {
        ["ClassContext"] = [("A.cs", Tests.Scenarios.ClassContext)],
        ["RecordContext"] = [("A.cs", Tests.Scenarios.RecordContext)],
        ["StreamContext"] = [("A.cs", Tests.Scenarios.StreamContext)],
        ["NestedGenericContext"] = [("A.cs", Tests.Scenarios.NestedGenericContext)],
        ["SameName"] = [("A.cs", Tests.Scenarios.SameNameA), ("B.cs", Tests.Scenarios.SameNameB)],
        ["Partial"] = [("A.cs", Tests.Scenarios.PartialPart1), ("B.cs", Tests.Scenarios.PartialPart2)],
        ["MemberKinds"] = [("A.cs", Tests.Scenarios.MemberKinds)],
        ["DurableContext"] = [("A.cs", Tests.Scenarios.DurableContext)],
        ["StreamingContext"] = [("A.cs", Tests.Scenarios.StreamingContext)],
        ["LessAccessibleTypes"] = [("A.cs", Tests.Scenarios.LessAccessibleTypes)],
        ["UnusualNames"] = [("A.cs", Tests.Scenarios.UnusualNames)],
        ["NamesDifferingInCase"] = [("A.cs", Tests.Scenarios.NamesDifferingInCase)],
        ["LowerCaseNames"] = [("A.cs", Tests.Scenarios.LowerCaseNames)],
        ["ExplicitInterfaceState"] = [("A.cs", Tests.Scenarios.ExplicitInterfaceState)],
        ["QualifiedReaders"] = [("A.cs", Tests.Scenarios.QualifiedReaders), ("B.cs", Tests.Scenarios.ReaderTypes)],
        ["Resilience"] = [("A.cs", Tests.Scenarios.Resilience)],
        ["GracePeriods"] = [("A.cs", Tests.Scenarios.GracePeriods)],
        ["WorkflowOrders"] = [("A.cs", WorkflowScenarios.Orders)],
        ["WorkflowLinear"] = [("A.cs", WorkflowScenarios.Linear)],
        ["WorkflowOverNodes"] = [("A.cs", Tests.Scenarios.Nodes), ("B.cs", WorkflowScenarios.OverNodes)],
        ["WorkflowKeywordNames"] = [("A.cs", WorkflowScenarios.KeywordNames)],
        ["WorkflowPrivateContext"] = [("A.cs", WorkflowScenarios.PrivateContext)],
    };

    private static void AssertUnrelatedEditRegeneratesNothing(string name, (string Path, string Text)[] sources)
    {
        var compilation = GeneratorHarness.Compile([.. sources, ("Unrelated.cs", Unrelated)]);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        Assert.Null(first.Exception);
        Assert.True(first.GeneratedSources.Length > 0, $"{name}: nothing generated");

        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "Unrelated.cs");
        var edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(Unrelated.Replace("value * 2", "value + value", StringComparison.Ordinal), GeneratorHarness.ParseOptions, path: "Unrelated.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Null(result.Exception);
        foreach (var (step, runs) in result.TrackedSteps.Where(s => s.Key.StartsWith("Floxide.", StringComparison.Ordinal)))
        {
            foreach (var output in runs.SelectMany(r => r.Outputs))
            {
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}\nstep {step}: {output.Reason} for {output.Value}");
            }
        }

        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.True(o.Reason == IncrementalStepRunReason.Cached, $"{name}\nsource output {o.Reason} for {o.Value}"));
    }
}

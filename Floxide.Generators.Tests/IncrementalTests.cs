using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Floxide.Generators.Tests;

/// <summary>
/// The generator's incrementality: with step tracking on, edits that do not touch an annotated type
/// leave every tracked step Cached or Unchanged and regenerate nothing, while an edit to an annotated
/// type does regenerate; and no step output holds a symbol, syntax node or compilation.
/// </summary>
public sealed class IncrementalTests
{
    private static readonly string[] TrackedStepNames =
        typeof(TrackingNames).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToArray();

    private const string Unrelated = """
        namespace Shop.Other;

        public static class Helper
        {
            public static int Twice(int value) => value * 2;
        }
        """;

    [Fact]
    public void AddingAnUnrelatedFileRegeneratesNothing()
    {
        var (driver, compilation) = RunInitial();

        var next = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("public class Unrelated2 { }", GeneratorHarness.ParseOptions, path: "Unrelated2.cs"));
        var result = driver.RunGenerators(next).GetRunResult().Results.Single();

        AssertNothingRegenerated(result);
    }

    [Fact]
    public void ChangingAMethodBodyElsewhereRegeneratesNothing()
    {
        var (driver, compilation) = RunInitial();

        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "Unrelated.cs");
        var edited = CSharpSyntaxTree.ParseText(Unrelated.Replace("value * 2", "value + value"), GeneratorHarness.ParseOptions, path: "Unrelated.cs");
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(old, edited)).GetRunResult().Results.Single();

        AssertNothingRegenerated(result);
    }

    [Fact]
    public void ChangingAProcessMethodBodyRegeneratesNothing()
    {
        var (driver, compilation) = RunInitial();

        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "Nodes.cs");
        var edited = CSharpSyntaxTree.ParseText(Scenarios.Nodes.Replace("order.Id > 0", "order.Id > 1"), GeneratorHarness.ParseOptions, path: "Nodes.cs");
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(old, edited)).GetRunResult().Results.Single();

        AssertNothingRegenerated(result);
    }

    [Fact]
    public void WithDependencyInjectionAnEditElsewhereRegeneratesNothingAndANewNodeRegeneratesTheRegistration()
    {
        var compilation = GeneratorHarness.Compile(
                ("ImageBatch.cs", Scenarios.ClassContext),
                ("Nodes.cs", Scenarios.Nodes),
                ("Workflow.cs", Workflows.WorkflowScenarios.OverNodes),
                ("Unrelated.cs", Unrelated))
            .AddReferences(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location));
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Assert.Contains(driver.GetRunResult().GeneratedTrees, t => t.FilePath.EndsWith(Floxide.Generators.DependencyInjection.ServiceRegistrationEmitter.HintName, StringComparison.Ordinal));

        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "Unrelated.cs");
        var edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(Unrelated.Replace("value * 2", "value + value"), GeneratorHarness.ParseOptions, path: "Unrelated.cs"));
        driver = driver.RunGenerators(edited);
        AssertNothingRegenerated(driver.GetRunResult().Results.Single());

        var added = edited.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Shop.Nodes; [Floxide.Node] public partial class ExtraNode { public void Process(Order order) { } }", GeneratorHarness.ParseOptions, path: "Extra.cs"));
        var result = driver.RunGenerators(added).GetRunResult().Results.Single();
        var registration = result.GeneratedSources.Single(s => s.HintName == Floxide.Generators.DependencyInjection.ServiceRegistrationEmitter.HintName).SourceText.ToString();
        Assert.Contains("global::Shop.Nodes.ExtraNode", registration, StringComparison.Ordinal);
        Assert.Contains(IncrementalStepRunReason.Modified, result.TrackedSteps[TrackingNames.ServiceRegistrations].SelectMany(s => s.Outputs).Select(o => o.Reason));
    }

    [Fact]
    public void ChangingAContextRegeneratesItsFileOnly()
    {
        var (driver, compilation) = RunInitial();

        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "ImageBatch.cs");
        var edited = CSharpSyntaxTree.ParseText(
            Scenarios.ClassContext.Replace("public int Quality { get; set; } = 80;", "public int Quality { get; set; } = 80;\n    public int Width { get; set; }"),
            GeneratorHarness.ParseOptions,
            path: "ImageBatch.cs");
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(old, edited)).GetRunResult().Results.Single();

        var valid = result.TrackedSteps[TrackingNames.ValidBatchContexts].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Contains(IncrementalStepRunReason.Modified, valid);
        Assert.Contains("this.Width = parent.Width;", result.GeneratedSources.Single(s => s.HintName == "Shop.Images.ImageBatch.BatchContext.g.cs").SourceText.ToString());
        var nodes = result.TrackedSteps[TrackingNames.ValidNodes].SelectMany(s => s.Outputs).Select(o => o.Reason);
        Assert.All(nodes, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString()));
    }

    [Fact]
    public void AReaderOfAnotherTypeStaysCachedWhenThatTypeChangesAndIsReadAgainWhenItStopsFitting()
    {
        const string Prompts = "Shop.Calls.Prompts.BatchContext.g.cs";
        var compilation = GeneratorHarness.Compile(
            ("Readers.cs", Scenarios.QualifiedReaders),
            ("ReaderTypes.cs", Scenarios.ReaderTypes),
            ("Nodes.cs", Scenarios.Nodes),
            ("Workflow.cs", Workflows.WorkflowScenarios.OverNodes));
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Assert.Contains(
            "IsThrottled = global::Shop.Signals.Quota.IsExhausted, RetryAfter = global::Floxide.ThrottlingSignals.RetryAfterOf",
            driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName == Prompts).SourceText.ToString());
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "ReaderTypes.cs");

        // The readers' type changes, but not what the model keeps of it (two strings per reader): nothing is regenerated.
        var bodyEdited = CSharpSyntaxTree.ParseText(
            Scenarios.ReaderTypes.Replace("error is TimeoutException;", "error is TimeoutException or OperationCanceledException;"), GeneratorHarness.ParseOptions, path: "ReaderTypes.cs");
        Assert.NotEqual(Scenarios.ReaderTypes, bodyEdited.ToString());
        AssertNothingRegenerated(driver.RunGenerators(compilation.ReplaceSyntaxTree(old, bodyEdited)).GetRunResult().Results.Single());

        // The classifier no longer fits: the context, read again, generates nothing (its analyzer says why, FLX0164).
        var signatureEdited = CSharpSyntaxTree.ParseText(
            Scenarios.ReaderTypes.Replace("IsExhausted(Exception error)", "IsExhausted(Exception error, int attempt)"), GeneratorHarness.ParseOptions, path: "ReaderTypes.cs");
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(old, signatureEdited)).GetRunResult().Results.Single();
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName == Prompts);
        Assert.Contains(result.GeneratedSources, s => s.HintName == "Shop.Calls.Shards`1+Keys.BatchContext.g.cs");
    }

    [Fact]
    public void DeclaredGracePeriodsStayCachedAfterAnUnrelatedEditAndAChangedOneRegenerates()
    {
        var compilation = GeneratorHarness.Compile(("Draining.cs", Scenarios.GracePeriods), ("Unrelated.cs", Unrelated));
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var unrelated = compilation.SyntaxTrees.Single(t => t.FilePath == "Unrelated.cs");
        var draining = compilation.SyntaxTrees.Single(t => t.FilePath == "Draining.cs");

        // The periods are plain values in the models: an edit elsewhere leaves every step cached.
        AssertNothingRegenerated(driver.RunGenerators(compilation.ReplaceSyntaxTree(
            unrelated, CSharpSyntaxTree.ParseText(Unrelated.Replace("value * 2", "value + value"), GeneratorHarness.ParseOptions, path: "Unrelated.cs"))).GetRunResult().Results.Single());

        // A changed period is a changed model: the context's and the workflow's files are written again with it.
        var changed = Scenarios.GracePeriods
            .Replace("CancellationGracePeriodMs = 10_000)", "CancellationGracePeriodMs = 20_000)", StringComparison.Ordinal)
            .Replace("CancellationGracePeriodMs = 30_000)", "CancellationGracePeriodMs = 45_000)", StringComparison.Ordinal);
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(
            draining, CSharpSyntaxTree.ParseText(changed, GeneratorHarness.ParseOptions, path: "Draining.cs"))).GetRunResult().Results.Single();
        Assert.Contains(IncrementalStepRunReason.Modified, result.TrackedSteps[TrackingNames.ValidBatchContexts].SelectMany(s => s.Outputs).Select(o => o.Reason));
        Assert.Contains(IncrementalStepRunReason.Modified, result.TrackedSteps[TrackingNames.ValidWorkflows].SelectMany(s => s.Outputs).Select(o => o.Reason));
        Assert.Contains(
            "CancellationGracePeriod = global::System.TimeSpan.FromMilliseconds(20000)",
            result.GeneratedSources.Single(s => s.HintName == "Shop.Draining.Charges.BatchContext.g.cs").SourceText.ToString(), StringComparison.Ordinal);
        Assert.Contains(
            "CancellationGracePeriod = global::System.TimeSpan.FromMilliseconds(45000)",
            result.GeneratedSources.Single(s => s.HintName == "Shop.Draining.ChargeFlow.Workflow.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NoStepOutputHoldsSymbolsSyntaxOrCompilation()
    {
        var (driver, compilation) = RunInitial();
        var results = new[]
        {
            driver.GetRunResult().Results.Single(),
            driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class X { }", GeneratorHarness.ParseOptions))).GetRunResult().Results.Single(),
        };

        foreach (var result in results)
        {
            foreach (var name in TrackedStepNames)
            {
                var steps = result.TrackedSteps[name];
                Assert.NotEmpty(steps);
                foreach (var output in steps.SelectMany(s => s.Outputs))
                {
                    AssertPlainData(output.Value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
                }
            }

            foreach (var output in result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs))
            {
                AssertPlainData(output.Value, "output", new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    [Fact]
    public void TheObjectGraphWalkFindsBuriedSymbols()
    {
        // Guards the walk itself: a symbol inside a record inside a tuple must be found.
        var compilation = GeneratorHarness.Compile(("A.cs", "class A { }"));
        var buried = (1, new Holder(compilation.GetTypeByMetadataName("A")!));
        Assert.ThrowsAny<Exception>(() => AssertPlainData(buried, "test", new HashSet<object>(ReferenceEqualityComparer.Instance)));
    }

    private sealed record Holder(object Value);

    private static (GeneratorDriver Driver, Compilation Compilation) RunInitial()
    {
        var compilation = GeneratorHarness.Compile(
            ("ImageBatch.cs", Scenarios.ClassContext),
            ("Nodes.cs", Scenarios.Nodes),
            ("Workflow.cs", Workflows.WorkflowScenarios.OverNodes),
            ("Unrelated.cs", Unrelated));
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Assert.Equal(13, driver.GetRunResult().GeneratedTrees.Length);
        return (driver, compilation);
    }

    private static void AssertNothingRegenerated(GeneratorRunResult result)
    {
        Assert.Null(result.Exception);
        foreach (var name in TrackedStepNames)
        {
            var reasons = result.TrackedSteps[name].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, reason => Assert.True(
                reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {reason}"));
        }

        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    /// <summary>Walks an object graph (fields, collections, tuples) and fails on any Roslyn object that would keep a compilation alive.</summary>
    private static void AssertPlainData(object? value, string step, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !visited.Add(value))
        {
            return;
        }

        Assert.False(value is ISymbol, $"{step} holds a symbol: {value}");
        Assert.False(value is SyntaxNode, $"{step} holds a syntax node: {value}");
        Assert.False(value is Compilation, $"{step} holds a compilation");
        Assert.False(value is SemanticModel, $"{step} holds a semantic model");
        Assert.False(value is Location, $"{step} holds a location");

        // Structs (ImmutableArray, EquatableArray) are walked through their fields, which also copes with default instances.
        if (value is IEnumerable sequence && !value.GetType().IsValueType)
        {
            foreach (var element in sequence)
            {
                AssertPlainData(element, step, visited);
            }
        }

        for (var type = value.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                AssertPlainData(field.GetValue(value), step, visited);
            }
        }
    }
}

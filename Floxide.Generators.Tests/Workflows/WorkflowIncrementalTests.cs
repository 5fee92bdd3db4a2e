using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Floxide.Generators.Tests.Workflows;

/// <summary>
/// The workflow pipeline's incrementality (the unrelated-edit cases are covered for every pipeline
/// by <see cref="IncrementalTests"/>): an edit to a workflow's graph regenerates that workflow only,
/// and an edit to a step that changes how it is called regenerates the workflows using it.
/// </summary>
public sealed class WorkflowIncrementalTests
{
    [Fact]
    public void EditingTheGraphRegeneratesTheWorkflowOnly()
    {
        var (driver, compilation) = RunInitial();

        var result = Edit(driver, compilation, "Workflow.cs", WorkflowScenarios.OverNodes.Replace("[EndOn(typeof(RouteNode), Route.Hold)]", "[Route(typeof(RouteNode), Route.Hold, typeof(LogNode))]"));

        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.ValidWorkflows));
        Assert.All(Reasons(result, TrackingNames.ValidNodes), reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString()));
        Assert.Contains("this._logNode.Process(context, cancellationToken);", Source(result, "Shop.Nodes.ShippingFlow.Workflow.g.cs"));
    }

    [Fact]
    public void ChangingHowAStepIsCalledRegeneratesTheWorkflowsUsingIt()
    {
        var (driver, compilation) = RunInitial();

        // ValidateNode's process method becomes public: the workflow now calls it directly instead of through its adapter.
        var result = Edit(driver, compilation, "Nodes.cs", Scenarios.Nodes.Replace("private bool Process(Order order)", "public bool Process(Order order)"));

        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.ValidWorkflows));
        Assert.Contains("proceed = this._validateNode.Process(context);", Source(result, "Shop.Nodes.ShippingFlow.Workflow.g.cs"));
    }

    [Fact]
    public void ChangingAStepsBodyRegeneratesNothing()
    {
        var (driver, compilation) = RunInitial();

        var result = Edit(driver, compilation, "Nodes.cs", Scenarios.Nodes.Replace("order.Id % 2 == 0", "order.Id % 3 == 0"));

        Assert.All(Reasons(result, TrackingNames.WorkflowModels).Concat(Reasons(result, TrackingNames.ValidWorkflows)), reason =>
            Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString()));
    }

    private static (GeneratorDriver Driver, Compilation Compilation) RunInitial()
    {
        var compilation = GeneratorHarness.Compile(("Nodes.cs", Scenarios.Nodes), ("Workflow.cs", WorkflowScenarios.OverNodes));
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Assert.Contains(driver.GetRunResult().Results.Single().GeneratedSources, s => s.HintName == "Shop.Nodes.ShippingFlow.Workflow.g.cs");
        return (driver, compilation);
    }

    private static GeneratorRunResult Edit(GeneratorDriver driver, Compilation compilation, string path, string text)
    {
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        var edited = CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, path: path);
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(old, edited)).GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return result;
    }

    private static List<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string step) =>
        result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();

    private static string Source(GeneratorRunResult result, string hintName) =>
        result.GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();
}

namespace Floxide.Generators.Tests.Workflows;

/// <summary>
/// The generated executors, compared exactly with <c>Baselines/&lt;scenario&gt;/</c> (rewrite with
/// <c>FLOXIDE_UPDATE_BASELINES=1</c>); each scenario also compiles cleanly under nullable and warnings-as-errors.
/// </summary>
public sealed class WorkflowBaselineTests
{
    [Fact]
    public void WorkflowOrders() => Check(nameof(WorkflowOrders), ("Orders.cs", WorkflowScenarios.Orders));

    [Fact]
    public void WorkflowLinear() => Check(nameof(WorkflowLinear), ("Linear.cs", WorkflowScenarios.Linear));

    [Fact]
    public void WorkflowKeywordNames() => Check(nameof(WorkflowKeywordNames), ("Keywords.cs", WorkflowScenarios.KeywordNames));

    [Fact]
    public void WorkflowPrivateContext() => Check(nameof(WorkflowPrivateContext), ("Shipping.cs", WorkflowScenarios.PrivateContext));

    private static void Check(string scenario, params (string Path, string Text)[] sources)
    {
        var output = GeneratorHarness.Run(sources).AssertCompilesCleanly();
        Baseline.AssertMatches(scenario, output.Files.Where(f => f.Key.EndsWith(".Workflow.g.cs", StringComparison.Ordinal)).ToDictionary());
    }
}

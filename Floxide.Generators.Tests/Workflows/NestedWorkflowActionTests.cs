using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Floxide.Generators.Analyzers;
using Floxide.Generators.Workflows;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Tests.Workflows;

/// <summary>
/// FLX0106 on a nested <c>[Workflow]</c> step: the step returns the action its run ended on (an <c>[EndOn]</c> action,
/// the <c>Default</c> of a step with no routes, or <c>Stop</c>), so each of those needs a route or an end in the outer
/// workflow, as for a node. A user audit met the first case: the nested workflow ended on <c>Default</c>, the outer one
/// ended only on its <c>Held</c>, the build was clean and the run threw <see cref="UnroutedActionException"/>.
/// </summary>
public sealed class NestedWorkflowActionTests
{
    private const string Common = """
        using Floxide;

        public sealed class Order { }
        public enum ShipResult { Sent, Held }
        [System.Flags] public enum F { None = 0, A = 1, B = 2 }

        [Node] public partial class Ship { public ShipResult Process(Order o) => ShipResult.Sent; }
        [Node] public partial class Label { public void Process(Order o) { } }
        [Node] public partial class Notify { public void Process(Order o) { } }
        [Node] public partial class Check { public bool Process(Order o) => true; }
        [Node] public partial class Decide { public NodeAction Process(Order o) => "anything"; }
        [Node] public partial class Fl { public F Process(Order o) => F.A | F.B; }

        // Ends with Held (its [EndOn]) or, after Label, which has no routes, with Default.
        [Workflow(typeof(Order))]
        [Start(typeof(Ship))]
        [Route(typeof(Ship), ShipResult.Sent, typeof(Label))]
        [EndOn(typeof(Ship), ShipResult.Held)]
        public partial class ShippingFlow { }

        """;

    // The audit's case.
    [Fact]
    public async Task ANestedDefaultEndWithoutARouteWarns()
    {
        var diagnostic = Assert.Single(await Diagnostics("""
            [Workflow(typeof(Order))]
            [Start(typeof(ShippingFlow))]
            [EndOn(typeof(ShippingFlow), ShipResult.Held)]
            public partial class OrderFlow { }
            """));

        Assert.Equal("FLX0106", diagnostic.Id);
        Assert.Equal("The step 'ShippingFlow' of the workflow 'OrderFlow' can return 'default', which has no route and is not terminal; the run would fail with UnroutedActionException",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));

        // No enum member to end on: the code fix is not offered.
        Assert.Null(diagnostic.Properties[WorkflowReader.EnumMemberProperty]);
        Assert.Equal("global::ShippingFlow", diagnostic.Properties[WorkflowReader.StepProperty]);
    }

    // What the warning stands for: the run fails exactly there, and routing the action makes it go through.
    [Theory]
    [InlineData("[EndOn(typeof(ShippingFlow), ShipResult.Held)]", true)]
    [InlineData("[EndOn(typeof(ShippingFlow), ShipResult.Held)] [Route(typeof(ShippingFlow), typeof(Notify))]", false)]
    public async Task TheWarningIsWhereTheRunFails(string outerRoutes, bool warns)
    {
        var source = Common + $$"""
            [Workflow(typeof(Order))]
            [Start(typeof(ShippingFlow))]
            {{outerRoutes}}
            public partial class OrderFlow { }

            internal static class Runner
            {
                internal static string Run()
                {
                    try
                    {
                        return new OrderFlow().RunAsync(new Order(), System.Threading.CancellationToken.None).AsTask().GetAwaiter().GetResult().Name;
                    }
                    catch (UnroutedActionException e)
                    {
                        return "unrouted " + e.Message;
                    }
                }
            }
            """;
        var output = GeneratorHarness.Run(("Input.cs", source)).AssertCompilesCleanly();
        var diagnostics = await Analyze(output.Output);
        using var image = new MemoryStream();

        // The test's public types have no documentation comments, which the harness's options would report as errors.
        var compilation = output.Output.WithOptions(output.Output.Options.WithSpecificDiagnosticOptions([new("CS1591", ReportDiagnostic.Suppress)]));
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        var runner = new AssemblyLoadContext("NestedWorkflowActionTests").LoadFromStream(image).GetType("Runner")!;

        var result = (string)runner.GetMethod("Run", BindingFlags.NonPublic | BindingFlags.Static)!.Invoke(null, null)!;

        Assert.Equal(warns, diagnostics.Any(d => d.Id == "FLX0106"));
        Assert.Equal(warns, result.StartsWith("unrouted ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[Route(typeof(ShippingFlow), typeof(Notify))]")]
    [InlineData("[Route(typeof(ShippingFlow), typeof(Notify))] [EndOn(typeof(ShippingFlow), \"Sent\")]")]
    public async Task ANestedEnumEndWithoutARouteWarns(string outerRoutes)
    {
        var diagnostic = Assert.Single(await Diagnostics($"""
            [Workflow(typeof(Order))]
            [Start(typeof(ShippingFlow))]
            {outerRoutes}
            public partial class OrderFlow {"{ }"}
            """));

        Assert.Equal("FLX0106", diagnostic.Id);
        Assert.Contains("'ShippingFlow' of the workflow 'OrderFlow' can return 'Held'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    // An [EndOn] by the member's string spelling, and a workflow-wide one, end the nested run too.
    [Fact]
    public async Task ANestedStringAndGlobalEndWithoutARouteWarns()
    {
        var diagnostics = await Diagnostics("""
            [Workflow(typeof(Order))]
            [Start(typeof(Ship))]
            [Route(typeof(Ship), "Sent", typeof(Label))]
            [EndOn(typeof(Ship), "Held")]
            [Route(typeof(Label), typeof(Check))]
            public partial class StringEnds { }

            [Workflow(typeof(Order))]
            [Start(typeof(Fl))]
            [EndOn(F.B)]
            [Fallback(typeof(Fl), typeof(Label))]
            public partial class GlobalEnds { }

            [Workflow(typeof(Order))]
            [Start(typeof(StringEnds))]
            [Route(typeof(StringEnds), typeof(GlobalEnds))]
            [Route(typeof(GlobalEnds), typeof(Label))]
            public partial class OrderFlow { }
            """);

        Assert.All(diagnostics, d => Assert.Equal("FLX0106", d.Id));
        Assert.Equal(
            ["The step 'GlobalEnds' of the workflow 'OrderFlow' can return 'B'", "The step 'StringEnds' of the workflow 'OrderFlow' can return 'Held'"],
            diagnostics.Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Split(',')[0]).Order(StringComparer.Ordinal));
    }

    // A [Flags] step's combination that the nested workflow ends on is an action like any other (named as Enum.ToString names it).
    [Fact]
    public async Task ANestedFlagCombinationEndWithoutARouteWarns()
    {
        var diagnostic = Assert.Single(await Diagnostics("""
            [Workflow(typeof(Order))]
            [Start(typeof(Fl))]
            [EndOn(typeof(Fl), F.A | F.B)]
            [Fallback(typeof(Fl), typeof(Label))]
            public partial class FlagFlow { }

            [Workflow(typeof(Order))]
            [Start(typeof(FlagFlow))]
            [Route(typeof(FlagFlow), typeof(Notify))]
            public partial class OrderFlow { }
            """));

        Assert.Contains("'FlagFlow' of the workflow 'OrderFlow' can return 'A, B'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    // Every end routed, or ended, one way or another.
    [InlineData("[Route(typeof(ShippingFlow), typeof(Notify))] [EndOn(typeof(ShippingFlow), ShipResult.Held)]")]
    [InlineData("[Route(typeof(ShippingFlow), typeof(Notify))] [EndOn(ShipResult.Held)]")]
    [InlineData("[Route(typeof(ShippingFlow), ShipResult.Held, typeof(Notify))] [Route(typeof(ShippingFlow), typeof(Label))]")]
    // No routes at all: Default ends the run, and Held is a workflow-wide end.
    [InlineData("[EndOn(ShipResult.Held)]")]
    // A fallback takes whatever has no route (once the step has a route, Default no longer ends the run by itself:
    // ANestedDefaultEndWithoutARouteWarns).
    [InlineData("[Fallback(typeof(ShippingFlow), typeof(Notify))]")]
    [InlineData("[EndOn(typeof(ShippingFlow), ShipResult.Held)] [Fallback(typeof(ShippingFlow), typeof(Notify))]")]
    public async Task EveryNestedEndRouted_NoDiagnostic(string outerRoutes) =>
        Assert.Empty(await Diagnostics($"""
            [Workflow(typeof(Order))]
            [Start(typeof(ShippingFlow))]
            {outerRoutes}
            public partial class OrderFlow {"{ }"}
            """));

    // Stop ends the nested run and then the outer one: it needs no route.
    [Fact]
    public async Task ANestedStopEnd_NoDiagnostic() =>
        Assert.Empty(await Diagnostics("""
            [Workflow(typeof(Order))]
            [Start(typeof(Check))]
            [Route(typeof(Check), typeof(Label))]
            public partial class Checked { }

            [Workflow(typeof(Order))]
            [Start(typeof(Checked))]
            [Route(typeof(Checked), typeof(Notify))]
            public partial class OrderFlow { }
            """));

    // A NodeAction step can return anything, so the nested workflow can end with anything: nothing to check, at any depth.
    [Fact]
    public async Task ANestedNodeActionStep_NoDiagnostic() =>
        Assert.Empty(await Diagnostics("""
            [Workflow(typeof(Order))]
            [Start(typeof(Ship))]
            [Route(typeof(Ship), ShipResult.Sent, typeof(Decide))]
            [EndOn(typeof(Ship), ShipResult.Held)]
            [EndOn(typeof(Decide), "done")]
            public partial class Decided { }

            [Workflow(typeof(Order))]
            [Start(typeof(Decided))]
            [Route(typeof(Decided), typeof(Notify))]
            public partial class OrderFlow { }

            [Workflow(typeof(Order))]
            [Start(typeof(OrderFlow))]
            [Route(typeof(OrderFlow), typeof(Notify))]
            public partial class Outermost { }
            """));

    // The middle workflow passes the inner one's Held on ([EndOn] of its step), and ends on Default after Label.
    [Theory]
    [InlineData("[Route(typeof(Middle), typeof(Notify))]", "Held")]
    [InlineData("[EndOn(typeof(Middle), ShipResult.Held)]", "default")]
    [InlineData("[EndOn(typeof(Middle), ShipResult.Held)] [Route(typeof(Middle), typeof(Notify))]", null)]
    public async Task ANestedWorkflowInANestedWorkflow(string outerRoutes, string? unrouted)
    {
        var diagnostics = await Diagnostics($"""
            [Workflow(typeof(Order))]
            [Start(typeof(ShippingFlow))]
            [Route(typeof(ShippingFlow), typeof(Label))]
            [EndOn(typeof(ShippingFlow), ShipResult.Held)]
            public partial class Middle {"{ }"}

            [Workflow(typeof(Order))]
            [Start(typeof(Middle))]
            {outerRoutes}
            public partial class OrderFlow {"{ }"}
            """);

        if (unrouted is null)
        {
            Assert.Empty(diagnostics);
        }
        else
        {
            var diagnostic = Assert.Single(diagnostics);
            Assert.Contains($"'Middle' of the workflow 'OrderFlow' can return '{unrouted}'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }
    }

    // Only the steps a run can reach count: Label, reached only by a route on an action Ship never returns (FLX0119 in
    // the nested workflow), never ends it with Default.
    [Fact]
    public async Task AStepOnlyADeadRouteReaches_DoesNotCount()
    {
        var diagnostics = await Diagnostics("""
            [Workflow(typeof(Order))]
            [Start(typeof(Ship))]
            [Route(typeof(Ship), "Lost", typeof(Label))]
            [EndOn(typeof(Ship), ShipResult.Sent)]
            [EndOn(typeof(Ship), ShipResult.Held)]
            public partial class Dead { }

            [Workflow(typeof(Order))]
            [Start(typeof(Dead))]
            [Route(typeof(Dead), ShipResult.Sent, typeof(Notify))]
            [EndOn(typeof(Dead), ShipResult.Held)]
            public partial class OrderFlow { }
            """);

        Assert.Equal("FLX0119", Assert.Single(diagnostics).Id);
    }

    // FLX0119 is not extended to nested steps: a route for an action the nested workflow never ends with was never
    // reported, and reporting it now would break builds that treat warnings as errors.
    [Fact]
    public async Task ARouteOnAnActionTheNestedWorkflowNeverEndsWith_StillNoDiagnostic() =>
        Assert.Empty(await Diagnostics("""
            [Workflow(typeof(Order))]
            [Start(typeof(ShippingFlow))]
            [Route(typeof(ShippingFlow), typeof(Notify))]
            [Route(typeof(ShippingFlow), "Lost", typeof(Label))]
            [EndOn(typeof(ShippingFlow), ShipResult.Held)]
            [EndOn(typeof(ShippingFlow), ShipResult.Sent)]
            [EndOn("never")]
            public partial class OrderFlow { }
            """));

    // A workflow run per item is a batch step: it returns Default or its FailureAction, whatever its items end with, and
    // FLX0119 holds its routes to those as before.
    [Fact]
    public async Task AWorkflowRunPerItemReturnsABatchStepsActions()
    {
        var diagnostics = await Diagnostics("""
            [BatchContext] public partial class Lots { [BatchItems] public int[] Items = []; [BatchItem] public int Item; }
            [Node] public partial class OnLot { public ShipResult Process(Lots l) => ShipResult.Sent; }
            [Node] public partial class LotsDone { public void Process(Lots l) { } }

            [Workflow(typeof(Lots))]
            [Start(typeof(OnLot))]
            [EndOn(typeof(OnLot), ShipResult.Sent)]
            [EndOn(typeof(OnLot), ShipResult.Held)]
            public partial class LotFlow { }

            [Workflow(typeof(Lots))]
            [Start(typeof(LotFlow))]
            [BatchStep(typeof(LotFlow), FailureAction = "partial")]
            [Route(typeof(LotFlow), typeof(LotsDone))]
            [EndOn(typeof(LotFlow), "Held")]
            public partial class Batch { }
            """);

        Assert.Equal(2, diagnostics.Length);
        Assert.Contains(diagnostics, d => d.Id == "FLX0106" && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("can return 'partial'", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Id == "FLX0119" && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("the action 'Held'", StringComparison.Ordinal));
    }

    // A generic nested workflow, used closed: its ends are those of its declaration, which every construction shares.
    [Fact]
    public async Task AGenericNestedWorkflow()
    {
        var diagnostic = Assert.Single(await Diagnostics("""
            [Workflow(typeof(Order))]
            [Start(typeof(Ship))]
            [EndOn(typeof(Ship), ShipResult.Held)]
            [Route(typeof(Ship), ShipResult.Sent, typeof(Label))]
            public partial class Generic<T> { }

            [Workflow(typeof(Order))]
            [Start(typeof(Generic<int>))]
            [Route(typeof(Generic<int>), typeof(Notify))]
            public partial class OrderFlow { }
            """));

        Assert.Contains("can return 'Held'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    /// <summary>The analyzer's diagnostics on <paramref name="source"/>, after the generator (which must emit every workflow) ran.</summary>
    private static async Task<ImmutableArray<Diagnostic>> Diagnostics(string source)
    {
        var output = GeneratorHarness.Run(("Input.cs", Common + source)).AssertCompilesCleanly();
        return await Analyze(output.Output);
    }

    private static async Task<ImmutableArray<Diagnostic>> Analyze(Compilation compilation) =>
        await compilation.WithAnalyzers([new WorkflowAnalyzer()]).GetAnalyzerDiagnosticsAsync();
}

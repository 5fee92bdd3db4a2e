using Parallelism = Floxide.CodeFixes.Tests.Verifiers.CodeFixVerifier<Floxide.Generators.Analyzers.WorkflowAnalyzer, Floxide.CodeFixes.BatchSettingCodeFixProvider>;
using ParallelismChecked = Floxide.CodeFixes.Tests.Verifiers.AllAnalyzersCodeFixVerifier<Floxide.CodeFixes.BatchSettingCodeFixProvider>;
using static Floxide.CodeFixes.Tests.CodeFixes.BatchStepSource;

namespace Floxide.CodeFixes.Tests.CodeFixes;

/// <summary>
/// FLX0111 on a <c>[BatchStep]</c>'s parallelism below 1, FLX0013's mistake: the same two fixes, under FLX0111's own
/// keys, and removing the argument leaves the step on its context's limit. FLX0111's other causes get neither.
/// </summary>
public sealed class BatchStepParallelismCodeFixTests
{
    [Fact]
    public Task Zero_FirstFixRemovesTheArgument() => ParallelismChecked.VerifyAsync(
        Head + "[BatchStep(typeof(Charge), {|FLX0111:MaxDegreeOfParallelism = 0|}, CancellationGracePeriodMs = 5_000)]" + Tail,
        Head + "[BatchStep(typeof(Charge), CancellationGracePeriodMs = 5_000)]" + Tail);

    [Fact]
    public Task Only_named_argument_Removed() => ParallelismChecked.VerifyAsync(
        Head + "[BatchStep(typeof(Charge), {|FLX0111:MaxDegreeOfParallelism = -4|})]" + Tail,
        Head + "[BatchStep(typeof(Charge))]" + Tail,
        BatchSettingCodeFixProvider.StepParallelismRemoveKey);

    [Fact]
    public Task Negative_SetToOne_KeepsTrivia() => ParallelismChecked.VerifyAsync(
        Head + "[BatchStep(typeof(Charge), Id = \"charge\", {|FLX0111:MaxDegreeOfParallelism = /* serial */ -1|} /* for now */)]" + Tail,
        Head + "[BatchStep(typeof(Charge), Id = \"charge\", MaxDegreeOfParallelism = /* serial */ 1 /* for now */)]" + Tail,
        BatchSettingCodeFixProvider.StepParallelismOneKey);

    [Fact]
    public Task Argument_on_its_own_line_Removed_KeepsTheOthers() => ParallelismChecked.VerifyAsync(
        Head + """
        [BatchStep(
            typeof(Charge),
            {|FLX0111:MaxDegreeOfParallelism = 0|},
            CancellationGracePeriodMs = 5_000)] // drains
        public partial class Billing { }
        """,
        Head + """
        [BatchStep(
            typeof(Charge),
            CancellationGracePeriodMs = 5_000)] // drains
        public partial class Billing { }
        """);

    // Keys are per ID: FLX0013's fixes are not offered under their keys for an FLX0111.
    [Theory]
    [InlineData(BatchSettingCodeFixProvider.UseProcessorCountKey)]
    [InlineData(BatchSettingCodeFixProvider.UseOneKey)]
    public Task ContextKeys_NotOfferedForABatchStep(string key) => Parallelism.VerifyNoFixAsync(
        Head + "[BatchStep(typeof(Charge), {|FLX0111:MaxDegreeOfParallelism = 0|})]" + Tail,
        key);

    [Fact]
    public Task Two_steps_FixAll()
    {
        var test = ParallelismChecked.Create(
            Head + """
            [Route(typeof(Charge), typeof(Notify))]
            [BatchStep(typeof(Charge), {|FLX0111:MaxDegreeOfParallelism = 0|})]
            [BatchStep(typeof(Notify), {|FLX0111:MaxDegreeOfParallelism = -8|} /* per host */, Id = "notify")]
            public partial class Billing { }

            [Node] public partial class Notify { public void Process(Charges c) { } }
            """,
            Head + """
            [Route(typeof(Charge), typeof(Notify))]
            [BatchStep(typeof(Charge), MaxDegreeOfParallelism = 1)]
            [BatchStep(typeof(Notify), MaxDegreeOfParallelism = 1 /* per host */, Id = "notify")]
            public partial class Billing { }

            [Node] public partial class Notify { public void Process(Charges c) { } }
            """,
            BatchSettingCodeFixProvider.StepParallelismOneKey);
        test.NumberOfIncrementalIterations = 2; // one diagnostic a fix
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }

    [Fact]
    public Task Two_workflows_FixAll_RemovesBoth()
    {
        var test = ParallelismChecked.Create(
            Head + """
            [BatchStep(typeof(Charge), {|FLX0111:MaxDegreeOfParallelism = 0|})]
            public partial class Billing { }

            [Workflow(typeof(Charges))]
            [Start(typeof(Charge))]
            [BatchStep(typeof(Charge), Id = "refund", {|FLX0111:MaxDegreeOfParallelism = -3|})]
            public partial class Refunds { }
            """,
            Head + """
            [BatchStep(typeof(Charge))]
            public partial class Billing { }

            [Workflow(typeof(Charges))]
            [Start(typeof(Charge))]
            [BatchStep(typeof(Charge), Id = "refund")]
            public partial class Refunds { }
            """);
        test.NumberOfIncrementalIterations = 2; // one diagnostic a fix
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }

    // Fix All asked, from the context's FLX0013, to set 1 (or to remove) does the same to a batch step's FLX0111, and the
    // other way round; a single fix reaches its own diagnostic only.
    [Theory]
    [InlineData(BatchSettingCodeFixProvider.UseProcessorCountKey, "")]
    [InlineData(BatchSettingCodeFixProvider.StepParallelismRemoveKey, "")]
    [InlineData(BatchSettingCodeFixProvider.UseOneKey, "MaxDegreeOfParallelism = 1")]
    [InlineData(BatchSettingCodeFixProvider.StepParallelismOneKey, "MaxDegreeOfParallelism = 1")]
    public async Task A_context_and_a_batch_step_FixAll_AppliesTheSameFixToBoth(string key, string argument)
    {
        const string Source = """
            using System.Collections.Generic;
            using Floxide;

            [BatchContext(MaxDegreeOfParallelism = {|FLX0013:0|})]
            public partial class Charges
            {
                [BatchItems] public List<string> Invoices { get; set; } = [];
                [BatchItem] public string Invoice { get; set; } = "";
            }

            [Node] public partial class Charge { public void Process(Charges c) { } }

            [Workflow(typeof(Charges))]
            [Start(typeof(Charge))]
            [BatchStep(typeof(Charge), {|FLX0111:MaxDegreeOfParallelism = -2|})]
            public partial class Billing { }
            """;
        const string ContextWritten = "[BatchContext(MaxDegreeOfParallelism = {|FLX0013:0|})]";
        const string StepWritten = ", {|FLX0111:MaxDegreeOfParallelism = -2|})";
        var contextFixed = argument.Length == 0 ? "[BatchContext]" : $"[BatchContext({argument})]";
        var stepFixed = argument.Length == 0 ? ")" : $", {argument})";
        await ParallelismChecked.VerifyFixAllAcrossIdsAsync(Source, ContextWritten, contextFixed, StepWritten, stepFixed, key);
    }
}

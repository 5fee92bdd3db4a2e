using GracePeriod = Floxide.CodeFixes.Tests.Verifiers.CodeFixVerifier<Floxide.Generators.Analyzers.WorkflowAnalyzer, Floxide.CodeFixes.BatchSettingCodeFixProvider>;
using GracePeriodChecked = Floxide.CodeFixes.Tests.Verifiers.AllAnalyzersCodeFixVerifier<Floxide.CodeFixes.BatchSettingCodeFixProvider>;
using static Floxide.CodeFixes.Tests.CodeFixes.BatchStepSource;

namespace Floxide.CodeFixes.Tests.CodeFixes;

/// <summary>
/// FLX0111 on a <c>[BatchStep]</c>'s grace period below -1, FLX0035's mistake: the same three fixes, under FLX0111's own
/// keys, and removing the argument leaves the step on its context's period. FLX0111's other causes get none of them.
/// </summary>
public sealed class BatchStepGracePeriodCodeFixTests
{
    [Fact]
    public Task Negated_period_FirstFixDropsTheMinusSign() => GracePeriod.VerifyAsync(
        Head + "[BatchStep(typeof(Charge), MaxDegreeOfParallelism = 4, {|FLX0111:CancellationGracePeriodMs = -20_000|})]" + Tail,
        Head + "[BatchStep(typeof(Charge), MaxDegreeOfParallelism = 4, CancellationGracePeriodMs = 20_000)]" + Tail);

    [Fact]
    public Task Negated_period_UseMinusOne() => GracePeriod.VerifyAsync(
        Head + "[BatchStep(typeof(Charge), {|FLX0111:CancellationGracePeriodMs = -20_000|})]" + Tail,
        Head + "[BatchStep(typeof(Charge), CancellationGracePeriodMs = -1)]" + Tail,
        BatchSettingCodeFixProvider.StepGracePeriodUnboundedKey);

    [Fact]
    public Task Argument_Removed() => GracePeriod.VerifyAsync(
        Head + "[BatchStep(typeof(Charge), {|FLX0111:CancellationGracePeriodMs = -5|}, MaxDegreeOfParallelism = 2)]" + Tail,
        Head + "[BatchStep(typeof(Charge), MaxDegreeOfParallelism = 2)]" + Tail,
        BatchSettingCodeFixProvider.StepGracePeriodRemoveKey);

    [Theory]
    [InlineData("int.MinValue")] // no minus sign to drop
    [InlineData("-2147483648")] // its operand is a uint: no int period without the sign
    [InlineData("-2 * 1_000")] // not a negated number
    public Task No_positive_period_to_be_had_FirstFixIsMinusOne(string value) => GracePeriod.VerifyAsync(
        Head + $"[BatchStep(typeof(Charge), {{|FLX0111:CancellationGracePeriodMs = {value}|}})]" + Tail,
        Head + "[BatchStep(typeof(Charge), CancellationGracePeriodMs = -1)]" + Tail);

    [Fact]
    public Task No_positive_period_to_be_had_NoSuchFix() => GracePeriod.VerifyNoFixAsync(
        Head + "[BatchStep(typeof(Charge), {|FLX0111:CancellationGracePeriodMs = int.MinValue|})]" + Tail,
        BatchSettingCodeFixProvider.StepGracePeriodPositiveKey);

    // Keys are per ID: FLX0035's fixes are not offered under their keys for an FLX0111.
    [Theory]
    [InlineData(BatchSettingCodeFixProvider.GracePeriodPositiveKey)]
    [InlineData(BatchSettingCodeFixProvider.GracePeriodUnboundedKey)]
    [InlineData(BatchSettingCodeFixProvider.GracePeriodRemoveKey)]
    public Task ContextKeys_NotOfferedForABatchStep(string key) => GracePeriod.VerifyNoFixAsync(
        Head + "[BatchStep(typeof(Charge), {|FLX0111:CancellationGracePeriodMs = -20_000|})]" + Tail,
        key);

    // Fix All asked, from the context's FLX0035, to use -1 (or to remove) does the same to a batch step's FLX0111, not
    // that diagnostic's first fix (dropping the minus sign).
    [Theory]
    [InlineData(BatchSettingCodeFixProvider.GracePeriodUnboundedKey, "CancellationGracePeriodMs = -1", "CancellationGracePeriodMs = -1")]
    [InlineData(BatchSettingCodeFixProvider.StepGracePeriodUnboundedKey, "CancellationGracePeriodMs = -1", "CancellationGracePeriodMs = -1")]
    [InlineData(BatchSettingCodeFixProvider.GracePeriodRemoveKey, "", "")]
    public async Task A_context_and_a_batch_step_FixAll_AppliesTheSameFixToBoth(string key, string contextArgument, string stepArgument)
    {
        const string Source = """
            using System.Collections.Generic;
            using Floxide;

            [BatchContext({|FLX0035:CancellationGracePeriodMs = -20_000|})]
            public partial class Charges
            {
                [BatchItems] public List<string> Invoices { get; set; } = [];
                [BatchItem] public string Invoice { get; set; } = "";
            }

            [Node] public partial class Charge { public void Process(Charges c) { } }

            [Workflow(typeof(Charges))]
            [Start(typeof(Charge))]
            [BatchStep(typeof(Charge), {|FLX0111:CancellationGracePeriodMs = -5_000|})]
            public partial class Billing { }
            """;
        const string ContextWritten = "[BatchContext({|FLX0035:CancellationGracePeriodMs = -20_000|})]";
        const string StepWritten = ", {|FLX0111:CancellationGracePeriodMs = -5_000|})";
        var contextFixed = contextArgument.Length == 0 ? "[BatchContext]" : $"[BatchContext({contextArgument})]";
        var stepFixed = stepArgument.Length == 0 ? ")" : $", {stepArgument})";
        await GracePeriodChecked.VerifyFixAllAcrossIdsAsync(Source, ContextWritten, contextFixed, StepWritten, stepFixed, key);
    }

    [Fact]
    public Task Two_steps_FixAll() => GracePeriod.VerifyAsync(
        Head + """
        [Route(typeof(Charge), typeof(Notify))]
        [BatchStep(typeof(Charge), {|FLX0111:CancellationGracePeriodMs = -30_000|})]
        [BatchStep(typeof(Notify), {|FLX0111:CancellationGracePeriodMs = -2_000|} /* ms */)]
        public partial class Billing { }

        [Node] public partial class Notify { public void Process(Charges c) { } }
        """,
        Head + """
        [Route(typeof(Charge), typeof(Notify))]
        [BatchStep(typeof(Charge), CancellationGracePeriodMs = 30_000)]
        [BatchStep(typeof(Notify), CancellationGracePeriodMs = 2_000 /* ms */)]
        public partial class Billing { }

        [Node] public partial class Notify { public void Process(Charges c) { } }
        """,
        iterations: 2);
}

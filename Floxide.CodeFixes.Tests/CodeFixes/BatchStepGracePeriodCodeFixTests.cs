using System.Collections.Immutable;
using Floxide.CodeFixes.Tests.CodeFixes.Host;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Workflows;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using GracePeriod = Floxide.CodeFixes.Tests.Verifiers.CodeFixVerifier<Floxide.Generators.Analyzers.WorkflowAnalyzer, Floxide.CodeFixes.GracePeriodCodeFixProvider>;
using GracePeriodChecked = Floxide.CodeFixes.Tests.Verifiers.AllAnalyzersCodeFixVerifier<Floxide.CodeFixes.GracePeriodCodeFixProvider>;
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
        GracePeriodCodeFixProvider.StepUnboundedKey);

    [Fact]
    public Task Argument_Removed() => GracePeriod.VerifyAsync(
        Head + "[BatchStep(typeof(Charge), {|FLX0111:CancellationGracePeriodMs = -5|}, MaxDegreeOfParallelism = 2)]" + Tail,
        Head + "[BatchStep(typeof(Charge), MaxDegreeOfParallelism = 2)]" + Tail,
        GracePeriodCodeFixProvider.StepRemoveKey);

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
        GracePeriodCodeFixProvider.StepPositiveKey);

    // Keys are per ID: FLX0035's fixes are not offered under their keys for an FLX0111.
    [Theory]
    [InlineData(GracePeriodCodeFixProvider.PositiveKey)]
    [InlineData(GracePeriodCodeFixProvider.UnboundedKey)]
    [InlineData(GracePeriodCodeFixProvider.RemoveKey)]
    public Task ContextKeys_NotOfferedForABatchStep(string key) => GracePeriod.VerifyNoFixAsync(
        Head + "[BatchStep(typeof(Charge), {|FLX0111:CancellationGracePeriodMs = -20_000|})]" + Tail,
        key);

    // Fix All asked, from the context's FLX0035, to use -1 (or to remove) does the same to a batch step's FLX0111, not
    // that diagnostic's first fix (dropping the minus sign).
    [Theory]
    [InlineData(GracePeriodCodeFixProvider.UnboundedKey, "CancellationGracePeriodMs = -1", "CancellationGracePeriodMs = -1")]
    [InlineData(GracePeriodCodeFixProvider.StepUnboundedKey, "CancellationGracePeriodMs = -1", "CancellationGracePeriodMs = -1")]
    [InlineData(GracePeriodCodeFixProvider.RemoveKey, "", "")]
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

    // FLX0111's other causes: no grace-period fix, even where the wrong value is a negative number (MaxSteps) or a batch
    // step's (its parallelism, which ParallelismCodeFixProvider fixes).
    [Fact]
    public Task Other_invalid_arguments_NoFix() => GracePeriod.VerifyNoFixAsync("""
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial class Charges
        {
            [BatchItems] public List<string> Invoices { get; set; } = [];
            [BatchItem] public string Invoice { get; set; } = "";
        }

        [Node] public partial class Charge { public void Process(Charges c) { } }
        [Node] public partial class Audit<T> { public void Process(Charges c) { } }

        [{|FLX0111:Workflow(typeof(Charges), MaxSteps = -5)|}]
        [Start(typeof(Charge))]
        [BatchStep(typeof(Charge), {|FLX0111:MaxDegreeOfParallelism = -1|}, CancellationGracePeriodMs = -1)]
        [{|FLX0111:Route(typeof(Charge), typeof(Audit<>))|}]
        [{|FLX0111:Route(typeof(Charge), 1, typeof(Charge))|}]
        public partial class Billing { }
        """);

    // Another cause reported on its own argument, unnamed or named as the parallelism is, gets no fix here (the control: a
    // diagnostic the analyzer names as the grace period's gets all three).
    [Fact]
    public async Task Only_the_grace_period_the_analyzer_names_GetsTheFixes()
    {
        const string Source = Head + "[BatchStep(typeof(Charge), MaxDegreeOfParallelism = -4, CancellationGracePeriodMs = -5)]" + Tail;
        using var workspace = new AdhocWorkspace();
        var document = HostFixRunner.CreateSolution(workspace, [("App.cs", Source)]).Projects.Single().Documents.Single();
        var arguments = (await document.GetSyntaxRootAsync())!.DescendantNodes().OfType<AttributeArgumentSyntax>()
            .Where(a => a.NameEquals is not null).ToDictionary(a => a.NameEquals!.Name.Identifier.Text, a => a.GetLocation());
        var named = ImmutableDictionary<string, string?>.Empty.Add(WorkflowReader.ArgumentProperty, "CancellationGracePeriodMs");

        Assert.Empty(await TitlesAsync(document, Diagnostic.Create(DiagnosticDescriptors.InvalidWorkflowArgument, arguments["MaxDegreeOfParallelism"], "Billing", "a batch step's MaxDegreeOfParallelism must be at least 1")));
        Assert.Empty(await TitlesAsync(document, Diagnostic.Create(
            DiagnosticDescriptors.InvalidWorkflowArgument, arguments["MaxDegreeOfParallelism"], named.SetItem(WorkflowReader.ArgumentProperty, "MaxDegreeOfParallelism"), "Billing", "the limit")));
        Assert.Equal(
            ["Use 5 ms (the period without its minus sign)", "Use -1 (running attempts finish however long they take)", "Remove the argument (the step takes its context's grace period)"],
            await TitlesAsync(document, Diagnostic.Create(DiagnosticDescriptors.InvalidWorkflowArgument, arguments["CancellationGracePeriodMs"], named, "Billing", "named")));
    }

    private static async Task<List<string>> TitlesAsync(Document document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        await new GracePeriodCodeFixProvider().RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
        return [.. actions.Select(a => a.Title)];
    }
}

using System.Collections.Immutable;
using Floxide.CodeFixes.Tests.CodeFixes.Host;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Workflows;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Parallelism = Floxide.CodeFixes.Tests.Verifiers.CodeFixVerifier<Floxide.Generators.Analyzers.WorkflowAnalyzer, Floxide.CodeFixes.ParallelismCodeFixProvider>;
using ParallelismChecked = Floxide.CodeFixes.Tests.Verifiers.AllAnalyzersCodeFixVerifier<Floxide.CodeFixes.ParallelismCodeFixProvider>;
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
        ParallelismCodeFixProvider.StepRemoveKey);

    [Fact]
    public Task Negative_SetToOne_KeepsTrivia() => ParallelismChecked.VerifyAsync(
        Head + "[BatchStep(typeof(Charge), Id = \"charge\", {|FLX0111:MaxDegreeOfParallelism = /* serial */ -1|} /* for now */)]" + Tail,
        Head + "[BatchStep(typeof(Charge), Id = \"charge\", MaxDegreeOfParallelism = /* serial */ 1 /* for now */)]" + Tail,
        ParallelismCodeFixProvider.StepOneKey);

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
    [InlineData(ParallelismCodeFixProvider.UseProcessorCountKey)]
    [InlineData(ParallelismCodeFixProvider.UseOneKey)]
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
            ParallelismCodeFixProvider.StepOneKey);
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
    [InlineData(ParallelismCodeFixProvider.UseProcessorCountKey, "")]
    [InlineData(ParallelismCodeFixProvider.StepRemoveKey, "")]
    [InlineData(ParallelismCodeFixProvider.UseOneKey, "MaxDegreeOfParallelism = 1")]
    [InlineData(ParallelismCodeFixProvider.StepOneKey, "MaxDegreeOfParallelism = 1")]
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

    // FLX0111's other causes, a batch step's grace period included: no parallelism fix, even where the wrong value is a
    // negative number on the same attribute.
    [Fact]
    public Task Other_invalid_arguments_NoFix() => Parallelism.VerifyNoFixAsync("""
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial class Charges
        {
            [BatchItems] public List<string> Invoices { get; set; } = [];
            [BatchItem] public string Invoice { get; set; } = "";
        }

        [Node] public partial class Charge { public void Process(Charges c) { } }
        [Node] public partial class Notify { public void Process(Charges c) { } }
        [Node] public partial class Audit<T> { public void Process(Charges c) { } }

        [{|FLX0111:Workflow(typeof(Charges), MaxSteps = -5)|}]
        [Start(typeof(Charge))]
        [Route(typeof(Charge), typeof(Notify))]
        [BatchStep(typeof(Charge), MaxDegreeOfParallelism = 2, {|FLX0111:CancellationGracePeriodMs = -5|})]
        [{|FLX0111:BatchStep(typeof(Notify), Id = "")|}]
        [{|FLX0111:Route(typeof(Notify), typeof(Audit<>))|}]
        [{|FLX0111:Route(typeof(Notify), 1, typeof(Charge))|}]
        public partial class Billing { }
        """);

    // The fixer reads the analyzer's word, not the argument's name: a diagnostic on the limit that does not name it (or
    // names the grace period) gets no fix; the control, one that names it, gets both.
    [Fact]
    public async Task Only_the_limit_the_analyzer_names_GetsTheFixes()
    {
        const string Source = Head + "[BatchStep(typeof(Charge), MaxDegreeOfParallelism = 0)]" + Tail;
        using var workspace = new AdhocWorkspace();
        var document = HostFixRunner.CreateSolution(workspace, [("App.cs", Source)]).Projects.Single().Documents.Single();
        var limit = (await document.GetSyntaxRootAsync())!.DescendantNodes().OfType<AttributeArgumentSyntax>().Single(a => a.NameEquals is not null).GetLocation();
        ImmutableDictionary<string, string?> Naming(string argument) => ImmutableDictionary<string, string?>.Empty.Add(WorkflowReader.ArgumentProperty, argument);

        Assert.Empty(await TitlesAsync(document, Diagnostic.Create(DiagnosticDescriptors.InvalidWorkflowArgument, limit, "Billing", "unnamed")));
        Assert.Empty(await TitlesAsync(document, Diagnostic.Create(DiagnosticDescriptors.InvalidWorkflowArgument, limit, Naming("CancellationGracePeriodMs"), "Billing", "the grace period")));
        Assert.Equal(
            ["Remove the argument (the step takes its context's limit)", "Set the parallelism to 1"],
            await TitlesAsync(document, Diagnostic.Create(DiagnosticDescriptors.InvalidWorkflowArgument, limit, Naming("MaxDegreeOfParallelism"), "Billing", "named")));
    }

    private static async Task<List<string>> TitlesAsync(Document document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        await new ParallelismCodeFixProvider().RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
        return [.. actions.Select(a => a.Title)];
    }
}

using System.Collections.Immutable;
using Floxide.CodeFixes.Tests.CodeFixes.Host;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Workflows;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using BatchSetting = Floxide.CodeFixes.Tests.Verifiers.CodeFixVerifier<Floxide.Generators.Analyzers.WorkflowAnalyzer, Floxide.CodeFixes.BatchSettingCodeFixProvider>;
using BatchSettingChecked = Floxide.CodeFixes.Tests.Verifiers.AllAnalyzersCodeFixVerifier<Floxide.CodeFixes.BatchSettingCodeFixProvider>;
using static Floxide.CodeFixes.Tests.CodeFixes.BatchStepSource;

namespace Floxide.CodeFixes.Tests.CodeFixes;

/// <summary>
/// FLX0111 as a whole: its two fixable causes, a batch step's limit below 1 and grace period below -1, are one fixer's,
/// so one Fix All (one <c>dotnet format</c> run) fixes both; the analyzer's word says which cause a diagnostic is; the
/// other causes get no fix.
/// </summary>
public sealed class BatchStepCodeFixTests
{
    private const string BothMistakes = Head + """
        [Route(typeof(Charge), typeof(Notify))]
        [BatchStep(typeof(Charge), {|FLX0111:MaxDegreeOfParallelism = 0|}, {|FLX0111:CancellationGracePeriodMs = -20_000|})]
        [BatchStep(typeof(Notify), {|FLX0111:CancellationGracePeriodMs = -5|} /* ms */, {|FLX0111:MaxDegreeOfParallelism = -2|})]
        public partial class Billing { }

        [Node] public partial class Notify { public void Process(Charges c) { } }
        """;

    // The first fixes of both causes, on one attribute and on two, in one Fix All pass.
    [Fact]
    public Task Both_mistakes_FixAll_OnePass()
    {
        var test = BatchSettingChecked.Create(
            BothMistakes,
            Head + """
            [Route(typeof(Charge), typeof(Notify))]
            [BatchStep(typeof(Charge), CancellationGracePeriodMs = 20_000)]
            [BatchStep(typeof(Notify), CancellationGracePeriodMs = 5 /* ms */)]
            public partial class Billing { }

            [Node] public partial class Notify { public void Process(Charges c) { } }
            """);
        test.NumberOfIncrementalIterations = 4; // one diagnostic a fix
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }

    // Fix All asked for one cause's fix applies it to that cause and gives the other its first fix (a limit of 1 is not
    // a period of -1); a single fix reaches the asked cause only.
    [Fact]
    public Task Both_mistakes_FixAll_AskedForALimitOfOne_PeriodsGetTheirFirstFix()
    {
        var test = BatchSettingChecked.Create(
            BothMistakes,
            Head + """
            [Route(typeof(Charge), typeof(Notify))]
            [BatchStep(typeof(Charge), MaxDegreeOfParallelism = 1, {|FLX0111:CancellationGracePeriodMs = -20_000|})]
            [BatchStep(typeof(Notify), {|FLX0111:CancellationGracePeriodMs = -5|} /* ms */, MaxDegreeOfParallelism = 1)]
            public partial class Billing { }

            [Node] public partial class Notify { public void Process(Charges c) { } }
            """,
            BatchSettingCodeFixProvider.StepParallelismOneKey);
        test.BatchFixedCode = Head + """
            [Route(typeof(Charge), typeof(Notify))]
            [BatchStep(typeof(Charge), MaxDegreeOfParallelism = 1, CancellationGracePeriodMs = 20_000)]
            [BatchStep(typeof(Notify), CancellationGracePeriodMs = 5 /* ms */, MaxDegreeOfParallelism = 1)]
            public partial class Billing { }

            [Node] public partial class Notify { public void Process(Charges c) { } }
            """;
        test.FixedState.MarkupHandling = MarkupMode.Allow; // the periods are still wrong
        test.NumberOfIncrementalIterations = 2; // one diagnostic a fix
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }

    // FLX0111's other causes: no fix, even where the wrong value is a negative number (MaxSteps).
    [Fact]
    public Task Other_invalid_arguments_NoFix() => BatchSetting.VerifyNoFixAsync("""
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
        [BatchStep(typeof(Charge), MaxDegreeOfParallelism = 2, CancellationGracePeriodMs = -1)]
        [{|FLX0111:BatchStep(typeof(Notify), Id = "")|}]
        [{|FLX0111:Route(typeof(Notify), typeof(Audit<>))|}]
        [{|FLX0111:Route(typeof(Notify), 1, typeof(Charge))|}]
        public partial class Billing { }
        """);

    // The fixer reads the analyzer's word, not the argument's name: a diagnostic that names no argument (or another one)
    // gets no fix, and one that names a setting gets that setting's fixes, wherever it points.
    [Fact]
    public async Task The_setting_the_analyzer_names_GetsItsFixes()
    {
        const string Source = Head + "[BatchStep(typeof(Charge), MaxDegreeOfParallelism = -4, CancellationGracePeriodMs = -5)]" + Tail;
        using var workspace = new AdhocWorkspace();
        var document = HostFixRunner.CreateSolution(workspace, [("App.cs", Source)]).Projects.Single().Documents.Single();
        var arguments = (await document.GetSyntaxRootAsync())!.DescendantNodes().OfType<AttributeArgumentSyntax>()
            .Where(a => a.NameEquals is not null).ToDictionary(a => a.NameEquals!.Name.Identifier.Text, a => a.GetLocation());
        Task<List<string>> TitlesAsync(string argument, string? named) => TitlesOfAsync(document, Diagnostic.Create(
            DiagnosticDescriptors.InvalidWorkflowArgument,
            arguments[argument],
            named is null ? ImmutableDictionary<string, string?>.Empty : ImmutableDictionary<string, string?>.Empty.Add(WorkflowReader.ArgumentProperty, named),
            "Billing",
            "the reason"));

        string[] limitFixes = ["Remove the argument (the step takes its context's limit)", "Set the parallelism to 1"];
        string[] periodFixes = ["Use -1 (running attempts finish however long they take)", "Remove the argument (the step takes its context's grace period)"];
        Assert.Empty(await TitlesAsync("MaxDegreeOfParallelism", named: null));
        Assert.Empty(await TitlesAsync("CancellationGracePeriodMs", named: "MaxSteps"));
        Assert.Equal(limitFixes, await TitlesAsync("MaxDegreeOfParallelism", named: "MaxDegreeOfParallelism"));
        Assert.Equal(limitFixes, await TitlesAsync("CancellationGracePeriodMs", named: "MaxDegreeOfParallelism"));
        Assert.Equal(["Use 5 ms (the period without its minus sign)", .. periodFixes], await TitlesAsync("CancellationGracePeriodMs", named: "CancellationGracePeriodMs"));
        Assert.Equal(["Use 4 ms (the period without its minus sign)", .. periodFixes], await TitlesAsync("MaxDegreeOfParallelism", named: "CancellationGracePeriodMs"));
    }

    private static async Task<List<string>> TitlesOfAsync(Document document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        await new BatchSettingCodeFixProvider().RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
        return [.. actions.Select(a => a.Title)];
    }
}

using GracePeriod = Floxide.CodeFixes.Tests.Verifiers.CodeFixVerifier<Floxide.Generators.Analyzers.BatchContextAnalyzer, Floxide.CodeFixes.BatchSettingCodeFixProvider>;
using GracePeriodChecked = Floxide.CodeFixes.Tests.Verifiers.AllAnalyzersCodeFixVerifier<Floxide.CodeFixes.BatchSettingCodeFixProvider>;

namespace Floxide.CodeFixes.Tests.CodeFixes;

/// <summary>FLX0035: a grace period below -1 becomes the same period without its minus sign, -1, or no argument.</summary>
public sealed class GracePeriodCodeFixTests
{
    private const string Usings = """
        using System.Collections.Generic;
        using Floxide;

        """;

    private const string Body = """

        public partial class Charges
        {
            [BatchItems] public List<string> Invoices { get; set; } = [];
            [BatchItem] public string Invoice { get; set; } = "";
        }
        """;

    [Fact]
    public Task Negated_period_FirstFixDropsTheMinusSign() => GracePeriod.VerifyAsync(
        Usings + "[BatchContext(MaxDegreeOfParallelism = 4, {|FLX0035:CancellationGracePeriodMs = -20_000|})]" + Body,
        Usings + "[BatchContext(MaxDegreeOfParallelism = 4, CancellationGracePeriodMs = 20_000)]" + Body);

    [Fact]
    public Task Negated_period_UseMinusOne() => GracePeriod.VerifyAsync(
        Usings + "[BatchContext({|FLX0035:CancellationGracePeriodMs = -20_000|})]" + Body,
        Usings + "[BatchContext(CancellationGracePeriodMs = -1)]" + Body,
        BatchSettingCodeFixProvider.GracePeriodUnboundedKey);

    [Fact]
    public Task Sole_argument_Removed() => GracePeriod.VerifyAsync(
        Usings + "[BatchContext({|FLX0035:CancellationGracePeriodMs = -5|})]" + Body,
        Usings + "[BatchContext]" + Body,
        BatchSettingCodeFixProvider.GracePeriodRemoveKey);

    [Fact]
    public Task One_of_several_arguments_Removed() => GracePeriod.VerifyAsync(
        Usings + "[BatchContext(KeepResults = true, {|FLX0035:CancellationGracePeriodMs = -5|}, MaxDegreeOfParallelism = 2)]" + Body,
        Usings + "[BatchContext(KeepResults = true, MaxDegreeOfParallelism = 2)]" + Body,
        BatchSettingCodeFixProvider.GracePeriodRemoveKey);

    [Theory]
    [InlineData("int.MinValue")] // no minus sign to drop
    [InlineData("-2147483648")] // its operand is a uint: no int period without the sign
    [InlineData("-2 * 1_000")] // not a negated number
    public Task No_positive_period_to_be_had_FirstFixIsMinusOne(string value) => GracePeriod.VerifyAsync(
        Usings + $"[BatchContext({{|FLX0035:CancellationGracePeriodMs = {value}|}})]" + Body,
        Usings + "[BatchContext(CancellationGracePeriodMs = -1)]" + Body);

    [Fact]
    public Task No_positive_period_to_be_had_NoSuchFix() => GracePeriod.VerifyNoFixAsync(
        Usings + "[BatchContext({|FLX0035:CancellationGracePeriodMs = int.MinValue|})]" + Body,
        BatchSettingCodeFixProvider.GracePeriodPositiveKey);

    [Fact]
    public Task Two_contexts_FixAll() => GracePeriod.VerifyAsync(
        Usings + """
        [BatchContext({|FLX0035:CancellationGracePeriodMs = -30_000|})]
        public partial class Refunds
        {
            [BatchItems] public List<string> Invoices { get; set; } = [];
            [BatchItem] public string Invoice { get; set; } = "";
        }

        [BatchContext({|FLX0035:CancellationGracePeriodMs = -2_000|} /* ms */)]
        """ + Body,
        Usings + """
        [BatchContext(CancellationGracePeriodMs = 30_000)]
        public partial class Refunds
        {
            [BatchItems] public List<string> Invoices { get; set; } = [];
            [BatchItem] public string Invoice { get; set; } = "";
        }

        [BatchContext(CancellationGracePeriodMs = 2_000 /* ms */)]
        """ + Body,
        iterations: 2);

    // One fixer has FLX0013 and FLX0035, so one Fix All may remove both of a context's arguments: the attribute loses its
    // parentheses too, as when one argument is removed.
    [Fact]
    public Task Limit_and_period_FixAll_RemovesBothArguments()
    {
        var test = GracePeriodChecked.Create(
            Usings + "[BatchContext(MaxDegreeOfParallelism = {|FLX0013:0|}, {|FLX0035:CancellationGracePeriodMs = -5|})]" + Body,
            Usings + "[BatchContext(MaxDegreeOfParallelism = {|FLX0013:0|})]" + Body,
            BatchSettingCodeFixProvider.GracePeriodRemoveKey);
        test.BatchFixedCode = Usings + "[BatchContext]" + Body;
        test.FixedState.MarkupHandling = MarkupMode.Allow; // a single fix leaves the limit
        test.NumberOfIncrementalIterations = 1;
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }
}

using System.Globalization;
using Microsoft.CodeAnalysis;
using ContextVerify = Floxide.CodeFixes.Tests.Verifiers.AnalyzerVerifier<Floxide.Generators.Analyzers.BatchContextAnalyzer>;
using ElsewhereVerify = Floxide.CodeFixes.Tests.Verifiers.AnalyzerVerifier<Floxide.Generators.Analyzers.ResilienceAttributeAnalyzer>;
using NodeVerify = Floxide.CodeFixes.Tests.Verifiers.AnalyzerVerifier<Floxide.Generators.Analyzers.NodeAnalyzer>;
using TokenVerify = Floxide.CodeFixes.Tests.Verifiers.AnalyzerVerifier<Floxide.Generators.Analyzers.TimeoutTokenAnalyzer>;

namespace Floxide.CodeFixes.Tests.Analyzers;

/// <summary>
/// [Retry], [Timeout] and [RateLimit] (FLX0150 to FLX0155, FLX0160, FLX0161), on a node (step level) and on a batch context (item level);
/// [ConcurrencyLimit] on a node (FLX0165), and anywhere else (FLX0166);
/// a step-level [Retry] over a DbContext (FLX0162);
/// [AdaptiveConcurrency] (FLX0156 to FLX0158, and FLX0164 for a reader named nameof(Type.M)), on a batch context; a node's [Timeout] over a process method that takes no
/// CancellationToken (FLX0159), or takes one and never uses it (FLX0163).
/// </summary>
public sealed class ResilienceAttributeTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Floxide;

        public sealed class Ctx { }

        """;

    [Fact]
    public Task ValidAttributes_NoDiagnostic() => NodeVerify.VerifyAsync(Usings + """
        [Node]
        [Retry(MaxAttempts = 1, DelayMs = 0, Backoff = RetryBackoff.Linear, Jitter = false, On = new[] { typeof(HttpRequestException), typeof(Exception) })]
        [Timeout(Ms = 10)]
        [RateLimit(PermitsPerSecond = 1)]
        [ConcurrencyLimit(PermitLimit = 1)]
        public partial class Step
        {
            public void Process(Ctx context, CancellationToken cancellationToken) { }
        }
        """);

    [Fact]
    public Task ValuesAtPollysMaximums_NoDiagnostic() => NodeVerify.VerifyAsync(Usings + """
        [Node]
        [Retry(MaxAttempts = int.MaxValue, DelayMs = 86_400_000)]
        [Timeout(Ms = 86_400_000)]
        [RateLimit(PermitsPerSecond = int.MaxValue)]
        [ConcurrencyLimit(PermitLimit = int.MaxValue)]
        public partial class Step
        {
            public void Process(Ctx context, CancellationToken cancellationToken) { }
        }
        """);

    [Fact]
    public Task AttemptsBelowOne_Reports() => NodeVerify.VerifyAsync(Usings + """
        [Node]
        [Retry({|FLX0150:MaxAttempts = 0|})]
        public partial class Step
        {
            public void Process(Ctx context) { }
        }
        """);

    [Fact]
    public Task NegativeDelay_Reports() => NodeVerify.VerifyAsync(Usings + """
        [Node]
        [Retry({|FLX0151:DelayMs = -1|})]
        public partial class Step
        {
            public void Process(Ctx context) { }
        }
        """);

    [Fact]
    public Task DelayAboveADay_Reports() => NodeVerify.VerifyAsync(Usings + """
        [Node]
        [Retry({|#0:DelayMs = 100_000_000|})]
        public partial class Step
        {
            public void Process(Ctx context) { }
        }

        [Node]
        [Retry({|FLX0151:DelayMs = 86_400_001|})]
        public partial class OneMillisecondTooLong
        {
            public void Process(Ctx context) { }
        }
        """, new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.RetryDelayOutOfRange).WithLocation(0).WithArguments(100_000_000, "Step"));

    [Fact]
    public Task BackoffThatNamesNoMember_Reports() => NodeVerify.VerifyAsync(Usings + """
        [Node]
        [Retry({|#0:Backoff = (RetryBackoff)3|})]
        public partial class Step
        {
            public void Process(Ctx context) { }
        }

        [Node]
        [Retry({|FLX0160:Backoff = (RetryBackoff)(-1)|})]
        public partial class BelowTheFirst
        {
            public void Process(Ctx context) { }
        }

        [Node]
        [Retry(Backoff = (RetryBackoff)0)]
        public partial class CastToAMember
        {
            public void Process(Ctx context) { }
        }
        """, new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.RetryBackoffUndefined).WithLocation(0).WithArguments(3, "Step"));

    [Fact]
    public Task OnTypeThatIsNotAnException_Reports() => NodeVerify.VerifyAsync(Usings + """
        [Node]
        [Retry({|FLX0152:On = new[] { typeof(HttpRequestException), typeof(HttpResponseMessage) }|})]
        public partial class Step
        {
            public void Process(Ctx context) { }
        }
        """);

    [Fact]
    public Task OnTypeListedTwice_ReportsOnce() => NodeVerify.VerifyAsync(Usings + """
        file sealed class QuotaException : Exception { }

        [Node]
        [Retry({|FLX0152:On = new[] { typeof(HttpResponseMessage), typeof(HttpRequestException), typeof(HttpResponseMessage) }|})]
        public partial class Step
        {
            public void Process(Ctx context) { }
        }

        [Node]
        [Retry({|FLX0161:On = new[] { typeof(QuotaException), typeof(QuotaException) }|})]
        public partial class Other
        {
            public void Process(Ctx context) { }
        }
        """);

    [Fact]
    public Task OnTypeThatIsAnOpenGenericException_Reports() => NodeVerify.VerifyAsync(Usings + """
        public sealed class ApiException<TError> : Exception { }

        [Node]
        [Retry({|FLX0152:On = new[] { typeof(ApiException<>) }|})]
        public partial class Step
        {
            public void Process(Ctx context) { }
        }
        """);

    [Fact]
    public Task OnTypeThatIsOrUsesAFileLocalType_Reports() => NodeVerify.VerifyAsync(Usings + """
        file sealed class QuotaException : Exception { }

        public sealed class ApiException<TError> : Exception { }

        [Node]
        [Retry({|#0:On = new[] { typeof(HttpRequestException), typeof(QuotaException) }|})]
        public partial class Step
        {
            public void Process(Ctx context) { }
        }

        [Node]
        [Retry({|#1:On = new[] { typeof(ApiException<QuotaException>) }|})]
        public partial class Wrapped
        {
            public void Process(Ctx context) { }
        }

        // A private exception nested in the node is fine: the generated code is part of the same class.
        [Node]
        [Retry(On = new[] { typeof(Nested.Private) })]
        public partial class Nested
        {
            private sealed class Private : Exception { }

            public void Process(Ctx context) { }
        }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.RetryOnFileLocalType).WithLocation(0).WithArguments("Step", "QuotaException"),
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.RetryOnFileLocalType).WithLocation(1).WithArguments("Wrapped", "ApiException<QuotaException>"));

    [Fact]
    public Task OnTypeThatIsAClosedGenericException_IsFine() => NodeVerify.VerifyAsync(Usings + """
        public sealed class ApiException<TError> : Exception { }

        [Node]
        [Retry(On = new[] { typeof(ApiException<int>) })]
        public partial class Step
        {
            public void Process(Ctx context) { }
        }
        """);

    [Fact]
    public Task TimeoutNotGiven_ReportsSayingSo() => NodeVerify.VerifyAsync(Usings + """
        [Node]
        [{|#0:Timeout|}]
        public partial class Step
        {
            public void Process(Ctx context, CancellationToken cancellationToken) { }
        }
        """, new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.TimeoutOutOfRange).WithLocation(0).WithArguments("[Timeout] without Ms", "Step"));

    // An argument that is no int constant is the compiler's error alone: the rule's would quote a value nobody wrote.
    [Fact]
    public Task ArgumentsThatAreNoIntConstant_OnlyTheCompilerReports() => NodeVerify.VerifyAsync(Usings + """
        public static class Limits
        {
            public static int Timeout = 5_000;
        }

        [Node]
        [Timeout(Ms = {|CS0182:Limits.Timeout|})]
        [RateLimit(PermitsPerSecond = {|CS0182:Limits.Timeout|})]
        [ConcurrencyLimit(PermitLimit = {|CS0266:2L|})]
        public partial class Step
        {
            public void Process(Ctx context, CancellationToken cancellationToken) { }
        }
        """);

    [Fact]
    public Task TimeoutBelowPollysMinimum_Reports() => NodeVerify.VerifyAsync(Usings + """
        [Node]
        [Timeout({|FLX0153:Ms = 9|})]
        public partial class Step
        {
            public void Process(Ctx context, CancellationToken cancellationToken) { }
        }
        """);

    [Fact]
    public Task TimeoutAboveADay_Reports() => NodeVerify.VerifyAsync(Usings + """
        [Node]
        [Timeout({|#0:Ms = 90_000_000|})]
        public partial class Step
        {
            public void Process(Ctx context, CancellationToken cancellationToken) { }
        }

        [Node]
        [Timeout({|FLX0153:Ms = 86_400_001|})]
        public partial class OneMillisecondTooLong
        {
            public void Process(Ctx context, CancellationToken cancellationToken) { }
        }
        """, new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.TimeoutOutOfRange).WithLocation(0).WithArguments("[Timeout(Ms = 90000000)]", "Step"));

    [Fact]
    public void OutOfRangeMessagesStateTheRangeAndTheValue()
    {
        Assert.Equal(
            "[Retry(DelayMs = 100000000)] on 'Step' is invalid: the delay before a retry must be from 0 to 86400000 milliseconds (1 day), the range Polly accepts",
            Diagnostic.Create(Floxide.Generators.Diagnostics.DiagnosticDescriptors.RetryDelayOutOfRange, Location.None, 100_000_000, "Step").GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(
            "[Timeout(Ms = 90000000)] on 'Step' is invalid: a timeout must be from 10 to 86400000 milliseconds (1 day), the range Polly accepts",
            Diagnostic.Create(Floxide.Generators.Diagnostics.DiagnosticDescriptors.TimeoutOutOfRange, Location.None, "[Timeout(Ms = 90000000)]", "Step").GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(
            "[Retry(Backoff = 3)] on 'Step' is invalid: Backoff must be RetryBackoff.Constant, RetryBackoff.Linear or RetryBackoff.Exponential",
            Diagnostic.Create(Floxide.Generators.Diagnostics.DiagnosticDescriptors.RetryBackoffUndefined, Location.None, 3, "Step").GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public Task TimeoutOverAProcessMethodWithoutAToken_Warns() => NodeVerify.VerifyAsync(Usings + """
        [Node, Timeout(Ms = 1_000)]
        public partial class Fetch
        {
            public async Task {|#0:ProcessAsync|}(Ctx context) => await Task.Delay(5_000);
        }

        [Node]
        [Retry(MaxAttempts = 2)]
        [Timeout(Ms = 200)]
        public partial class Store
        {
            public bool {|#1:Process|}(Ctx context) => true;
        }

        // Out of range: FLX0153 says what is wrong, and FLX0159 does not add a second diagnostic for the one attribute.
        [Node]
        [Timeout({|FLX0153:Ms = 0|})]
        public partial class Late
        {
            public void Process(Ctx context) { }
        }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.TimeoutWithoutCancellationToken).WithLocation(0).WithArguments("Fetch", "ProcessAsync"),
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.TimeoutWithoutCancellationToken).WithLocation(1).WithArguments("Store", "Process"));

    [Fact]
    public void TimeoutWithoutATokenMessageNamesTheTypeAndMethod() => Assert.Equal(
        "[Timeout] on 'Fetch' cannot stop 'Fetch.ProcessAsync': the method takes no CancellationToken, and the timeout only cancels that token, so a run past the timeout goes on to its end instead of timing out",
        Diagnostic.Create(Floxide.Generators.Diagnostics.DiagnosticDescriptors.TimeoutWithoutCancellationToken, Location.None, "Fetch", "ProcessAsync").GetMessage(CultureInfo.InvariantCulture));

    [Fact]
    public Task TimeoutOverAMethodThatTakesTheTokenOrNoTimeout_NoWarning() => NodeVerify.VerifyAsync(Usings + """
        [Node, Timeout(Ms = 1_000)]
        public partial class Fetch
        {
            public Task ProcessAsync(Ctx context, CancellationToken cancellationToken) => Task.Delay(5_000, cancellationToken);
        }

        [Node, Timeout(Ms = 1_000)]
        public partial class Check
        {
            public bool Process(Ctx context, CancellationToken token) => !token.IsCancellationRequested;
        }

        [Node, Retry, RateLimit(PermitsPerSecond = 5)]
        public partial class Untimed
        {
            public void Process(Ctx context) { }
        }

        // An item-level timeout wraps the item's whole workflow, composed at run time: its nodes are not diagnosed.
        [BatchContext, Timeout(Ms = 1_000)]
        public partial class Calls
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }

        [Node]
        public partial class CallStep
        {
            public void Process(Calls context) { }
        }
        """);

    [Fact]
    public Task TimeoutOverATokenTheMethodNeverUses_Warns() => TokenVerify.VerifyAsync(Usings + """
        [Node, Timeout(Ms = 1_000)]
        public partial class Fetch
        {
            public async Task ProcessAsync(Ctx c, CancellationToken {|#0:token|}) { await Task.Delay(100); }
        }

        [Node, Timeout(Ms = 1_000)]
        public partial class Pause
        {
            public Task ProcessAsync(Ctx context, CancellationToken {|#1:cancellationToken|} = default) => Task.Delay(100);
        }

        [Node]
        [Retry(MaxAttempts = 2)]
        [Timeout(Ms = 200)]
        public partial class Store
        {
            public bool Process(Ctx context, CancellationToken {|#2:cancellationToken|})
            {
                var sum = 0;
                for (var i = 0; i < 1_000_000; i++)
                {
                    sum += i;
                }

                return sum > 0;
            }
        }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.TimeoutWithUnusedCancellationToken).WithLocation(0).WithArguments("Fetch", "ProcessAsync", "token"),
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.TimeoutWithUnusedCancellationToken).WithLocation(1).WithArguments("Pause", "ProcessAsync", "cancellationToken"),
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.TimeoutWithUnusedCancellationToken).WithLocation(2).WithArguments("Store", "Process", "cancellationToken"));

    // A parameter named _ says the token is ignored on purpose: the timeout is still dead, so it is still reported.
    [Fact]
    public Task TimeoutOverATokenNamedDiscard_Warns() => TokenVerify.VerifyAsync(Usings + """
        [Node, Timeout(Ms = 1_000)]
        public partial class Fetch
        {
            public Task ProcessAsync(Ctx context, CancellationToken {|#0:_|}) => Task.Delay(100);
        }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.TimeoutWithUnusedCancellationToken).WithLocation(0).WithArguments("Fetch", "ProcessAsync", "_"));

    // nameof gives a constant string and a discard throws the token away: neither lets the timeout reach the work.
    [Fact]
    public Task TimeoutOverATokenOnlyNamedOrDiscarded_Warns() => TokenVerify.VerifyAsync(Usings + """
        [Node, Timeout(Ms = 1_000)]
        public partial class Named
        {
            public async Task ProcessAsync(Ctx context, CancellationToken {|#0:token|})
            {
                Console.WriteLine(nameof(token) + nameof(token.IsCancellationRequested));
                await Task.Delay(100);
            }
        }

        [Node, Timeout(Ms = 1_000)]
        public partial class Discarded
        {
            public void Process(Ctx context, CancellationToken {|#1:token|})
            {
                _ = token;
            }
        }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.TimeoutWithUnusedCancellationToken).WithLocation(0).WithArguments("Named", "ProcessAsync", "token"),
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.TimeoutWithUnusedCancellationToken).WithLocation(1).WithArguments("Discarded", "Process", "token"));

    // A token replaced before it is read is never used: what reads it after reads the replacement.
    [Fact]
    public Task TimeoutOverATokenReplacedBeforeItIsRead_Warns() => TokenVerify.VerifyAsync(Usings + """
        [Node, Timeout(Ms = 5_000)]
        public partial class Save
        {
            public async Task ProcessAsync(Ctx context, CancellationToken {|#0:cancellationToken|})
            {
                cancellationToken = CancellationToken.None; // "a save must never stop half-way"
                await Task.Delay(10_000, cancellationToken);
            }
        }

        [Node, Timeout(Ms = 5_000)]
        public partial class Overwritten
        {
            public void Process(Ctx context, CancellationToken {|#1:token|})
            {
                token = default;
            }
        }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.TimeoutWithUnusedCancellationToken).WithLocation(0).WithArguments("Save", "ProcessAsync", "cancellationToken"),
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.TimeoutWithUnusedCancellationToken).WithLocation(1).WithArguments("Overwritten", "Process", "token"));

    // Read before it is replaced, read to make its replacement, or replaced only on one path: the token is used.
    [Fact]
    public Task TimeoutOverATokenReadBeforeOrForItsReplacement_NoWarning() => TokenVerify.VerifyAsync(Usings + """
        [Node, Timeout(Ms = 5_000)]
        public partial class ReadFirst
        {
            public async Task ProcessAsync(Ctx context, CancellationToken cancellationToken)
            {
                await Task.Delay(100, cancellationToken);
                cancellationToken = CancellationToken.None;
                await Task.Delay(100, cancellationToken);
            }
        }

        [Node, Timeout(Ms = 5_000)]
        public partial class LinkedInPlace
        {
            public async Task ProcessAsync(Ctx context, CancellationToken cancellationToken)
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                cancellationToken = linked.Token;
                await Task.Delay(100, cancellationToken);
            }
        }

        [Node, Timeout(Ms = 5_000)]
        public partial class ReplacedWithItself
        {
            public async Task ProcessAsync(Ctx context, CancellationToken cancellationToken)
            {
                cancellationToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken).Token;
                await Task.Delay(100, cancellationToken);
            }
        }

        [Node, Timeout(Ms = 5_000)]
        public partial class LocalFunctionCalledBeforeTheReplacement
        {
            public async Task ProcessAsync(Ctx context, CancellationToken cancellationToken)
            {
                await FetchAsync(); // on the timeout's token
                cancellationToken = CancellationToken.None; // the save after it must not stop half-way
                await Task.Delay(100, cancellationToken);

                async Task FetchAsync() => await Task.Delay(10_000, cancellationToken);
            }
        }

        [Node, Timeout(Ms = 5_000)]
        public partial class ReplacedOnOnePath
        {
            public async Task ProcessAsync(Ctx context, CancellationToken cancellationToken)
            {
                if (context.GetHashCode() == 0)
                {
                    cancellationToken = CancellationToken.None;
                }

                await Task.Delay(100, cancellationToken);
            }
        }
        """);

    // The body of a partial method is its implementation part's: the warning is on that part's parameter.
    [Fact]
    public Task TimeoutOverATokenAPartialMethodNeverUses_Warns() => TokenVerify.VerifyAsync(Usings + """
        [Node, Timeout(Ms = 1_000)]
        public partial class Fetch
        {
            public partial Task ProcessAsync(Ctx context, CancellationToken cancellationToken);
        }

        public partial class Fetch
        {
            public partial Task ProcessAsync(Ctx context, CancellationToken {|#0:cancellationToken|}) => Task.Delay(100);
        }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.TimeoutWithUnusedCancellationToken).WithLocation(0).WithArguments("Fetch", "ProcessAsync", "cancellationToken"));

    [Fact]
    public void TimeoutOverAnUnusedTokenMessageNamesTheTypeTheMethodAndTheParameter() => Assert.Equal(
        "[Timeout] on 'Fetch' cannot stop 'Fetch.ProcessAsync': the method takes a CancellationToken ('token') but never uses it, and the timeout only cancels that token, so a run past the timeout goes on to its end instead of timing out",
        Diagnostic.Create(Floxide.Generators.Diagnostics.DiagnosticDescriptors.TimeoutWithUnusedCancellationToken, Location.None, "Fetch", "ProcessAsync", "token").GetMessage(CultureInfo.InvariantCulture));

    [Fact]
    public Task TimeoutOverATokenTheMethodUses_NoWarning() => TokenVerify.VerifyAsync(Usings + """
        [Node, Timeout(Ms = 1_000)]
        public partial class Passed
        {
            public Task ProcessAsync(Ctx context, CancellationToken cancellationToken) => Task.Delay(100, cancellationToken);
        }

        [Node, Timeout(Ms = 1_000)]
        public partial class Checked
        {
            public void Process(Ctx context, CancellationToken token)
            {
                for (var i = 0; i < 1_000; i++)
                {
                    token.ThrowIfCancellationRequested();
                }
            }
        }

        [Node, Timeout(Ms = 1_000)]
        public partial class Read
        {
            public bool Process(Ctx context, CancellationToken token) => !token.IsCancellationRequested;
        }

        [Node, Timeout(Ms = 1_000)]
        public partial class InALambda
        {
            public Task ProcessAsync(Ctx context, CancellationToken token) => Task.Run(() => Task.Delay(100, token));
        }

        [Node, Timeout(Ms = 1_000)]
        public partial class InALocalFunction
        {
            public async Task ProcessAsync(Ctx context, CancellationToken token)
            {
                await Wait();

                Task Wait() => Task.Delay(100, token);
            }
        }

        [Node, Timeout(Ms = 1_000)]
        public partial class Linked
        {
            public async Task ProcessAsync(Ctx context, CancellationToken token)
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(token);
                await Task.Delay(100, linked.Token);
            }
        }

        // A parameter named _ is a parameter: a reference to it is a use.
        [Node, Timeout(Ms = 1_000)]
        public partial class Underscore
        {
            public void Process(Ctx context, CancellationToken _) => _.ThrowIfCancellationRequested();
        }
        """);

    // A limitation, pinned: a reference inside a lambda or a local function counts as a use even when nothing calls it.
    [Fact]
    public Task TimeoutOverATokenUsedOnlyInAFunctionNeverCalled_NoWarning() => TokenVerify.VerifyAsync(Usings + """
        [Node, Timeout(Ms = 1_000)]
        public partial class UncalledLambda
        {
            public Task ProcessAsync(Ctx context, CancellationToken token)
            {
                Func<Task> never = () => Task.Delay(100, token);
                return Task.Delay(100);
            }
        }

        [Node, Timeout(Ms = 1_000)]
        public partial class UncalledLocalFunction
        {
            public Task ProcessAsync(Ctx context, CancellationToken token)
            {
        #pragma warning disable CS8321 // the local function is never called: the point of the case
                Task Never() => Task.Delay(100, token);
        #pragma warning restore CS8321
                return Task.Delay(100);
            }
        }
        """);

    [Fact]
    public Task NoTimeoutOrNoBodyOrNotTheProcessMethod_NoWarning() => TokenVerify.VerifyAsync(Usings + """
        [Node, Retry]
        public partial class Untimed
        {
            public Task ProcessAsync(Ctx context, CancellationToken cancellationToken) => Task.Delay(100);
        }

        // Out of range: FLX0153 says what is wrong, and FLX0163 does not add a second diagnostic for the one attribute.
        [Node, Timeout(Ms = 0)]
        public partial class Late
        {
            public void Process(Ctx context, CancellationToken cancellationToken) { }
        }

        // No body: nothing runs that could use the token (the default value is a block of its own, and not a body).
        [Node, Timeout(Ms = 1_000)]
        public abstract partial class Abstract
        {
            public abstract Task ProcessAsync(Ctx context, CancellationToken cancellationToken = default);
        }

        [Node, Timeout(Ms = 1_000)]
        public partial class External
        {
            public extern void Process(Ctx context, CancellationToken cancellationToken = default);
        }

        [Node, Timeout(Ms = 1_000)]
        public partial class NeverImplemented
        {
            partial void Process(Ctx context, CancellationToken cancellationToken = default);
        }

        // Only the process method gets the token the timeout cancels; two of them are FLX0016's.
        [Node, Timeout(Ms = 1_000)]
        public partial class Helper
        {
            public void Process(Ctx context, CancellationToken cancellationToken) => Log(context, cancellationToken);

            private static void Log(Ctx context, CancellationToken unused) { }
        }

        [Node, Timeout(Ms = 1_000)]
        public partial class Twice
        {
            public void Process(Ctx context, CancellationToken cancellationToken) { }

            public void ProcessAsync(Ctx context, CancellationToken cancellationToken) { }
        }

        // Not a node: FLX0155's.
        [Timeout(Ms = 1_000)]
        public class Plain
        {
            public void Process(Ctx context, CancellationToken cancellationToken) { }
        }

        // An item-level timeout wraps the item's whole workflow, composed at run time: its nodes are not diagnosed.
        [BatchContext, Timeout(Ms = 1_000)]
        public partial class Calls
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }

        [Node]
        public partial class CallStep
        {
            public void Process(Calls context, CancellationToken cancellationToken) { }
        }
        """);

    // The method that takes no token is FLX0159's alone, the one that takes it and never uses it FLX0163's alone.
    [Fact]
    public async Task NoTokenOrAnUnusedToken_OneDiagnosticEach()
    {
        const string Source = Usings + """
            [Node, Timeout(Ms = 1_000)]
            public partial class Without
            {
                public Task {|#0:ProcessAsync|}(Ctx context) => Task.Delay(100);
            }

            [Node, Timeout(Ms = 1_000)]
            public partial class Unused
            {
                public Task ProcessAsync(Ctx context, CancellationToken {|#1:cancellationToken|}) => Task.Delay(100);
            }
            """;

        await NodeVerify.VerifyAsync(Source, new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.TimeoutWithoutCancellationToken).WithLocation(0).WithArguments("Without", "ProcessAsync"));
        await TokenVerify.VerifyAsync(Source, new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.TimeoutWithUnusedCancellationToken).WithLocation(1).WithArguments("Unused", "ProcessAsync", "cancellationToken"));
    }

    // A stand-in for EF Core's DbContext, in its namespace: the rule matches the type by name, not by a package reference.
    private const string EntityFramework = """
        namespace Microsoft.EntityFrameworkCore
        {
            public class DbContext { }
        }

        public class AppDb : Microsoft.EntityFrameworkCore.DbContext { }

        """;

    [Fact]
    public Task StepRetryOverADbContext_Warns() => NodeVerify.VerifyAsync(Usings + EntityFramework + """
        [Node]
        [{|#0:Retry(MaxAttempts = 3)|}]
        public partial class SaveOrder
        {
            private readonly AppDb _db;

            public SaveOrder(AppDb db) => _db = db;

            public void Process(Ctx context) { }
        }

        [Node, {|#1:Retry|}]
        public partial class Audit(ILogSink sink, Microsoft.EntityFrameworkCore.DbContext context)
        {
            public void Process(Ctx c) { }
        }

        public interface ILogSink { }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.RetryOverUnitOfWork).WithLocation(0).WithArguments("SaveOrder", "AppDb", "db"),
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.RetryOverUnitOfWork).WithLocation(1).WithArguments("Audit", "DbContext", "context"));

    [Fact]
    public Task NoRetryOrAContextFactoryOrOneAttempt_NoWarning() => NodeVerify.VerifyAsync(Usings + EntityFramework + """
        public interface IDbContextFactory<T> { T CreateDbContext(); }

        [Node, Retry(MaxAttempts = 3)]
        public partial class Factory(IDbContextFactory<AppDb> contexts)
        {
            public void Process(Ctx context) { }
        }

        [Node, Retry(MaxAttempts = 1)]
        public partial class Once(AppDb db)
        {
            public void Process(Ctx context) { }
        }

        [Node, Timeout(Ms = 1_000)]
        public partial class Timed(AppDb db)
        {
            public void Process(Ctx context, CancellationToken cancellationToken) { }
        }

        // An item-level retry runs the item workflow again: with CreateScopedNode, a fresh context each attempt.
        [BatchContext, Retry(MaxAttempts = 3)]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
        }

        [Node]
        public partial class Save(AppDb db)
        {
            public void Process(Orders orders) { }
        }
        """);

    [Fact]
    public void RetryOverADbContextMessageNamesTheNodeTheContextAndTheParameter() => Assert.Equal(
        "[Retry] on 'SaveOrder' re-runs its step with the same AppDb ('db'), whose change tracker still holds what the failed try added, so the retry's SaveChanges can write it twice; retry the whole item instead ([Retry] on the [BatchContext]), which with CreateScopedNode gets a fresh DbContext per attempt",
        Diagnostic.Create(Floxide.Generators.Diagnostics.DiagnosticDescriptors.RetryOverUnitOfWork, Location.None, "SaveOrder", "AppDb", "db").GetMessage(CultureInfo.InvariantCulture));

    [Fact]
    public Task RateOfZero_Reports() => NodeVerify.VerifyAsync(Usings + """
        [Node]
        [RateLimit({|FLX0154:PermitsPerSecond = 0|})]
        public partial class Step
        {
            public void Process(Ctx context) { }
        }
        """);

    [Fact]
    public Task ConcurrencyLimitOfZeroNegativeOrNotGiven_ReportsAtTheArgument() => NodeVerify.VerifyAsync(Usings + """
        [Node]
        [ConcurrencyLimit({|FLX0165:PermitLimit = 0|})]
        public partial class Zero
        {
            public void Process(Ctx context) { }
        }

        [Node]
        [ConcurrencyLimit({|#0:PermitLimit = -4|})]
        public partial class Negative
        {
            public void Process(Ctx context) { }
        }

        // No argument to point at: the attribute, and the message says it is not given (not "= 0", which no one wrote).
        [Node]
        [{|#1:ConcurrencyLimit|}]
        public partial class NotGiven
        {
            public void Process(Ctx context) { }
        }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.ConcurrencyLimitNotPositive).WithLocation(0).WithArguments("[ConcurrencyLimit(PermitLimit = -4)]", "Negative"),
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.ConcurrencyLimitNotPositive).WithLocation(1).WithArguments("[ConcurrencyLimit] without PermitLimit", "NotGiven"));

    [Fact]
    public void ConcurrencyLimitBelowOneMessageNamesTheValueAndTheNode() => Assert.Equal(
        "[ConcurrencyLimit(PermitLimit = 0)] on 'SaveOrder' is invalid: at least 1 run of the step at once must be allowed",
        Diagnostic.Create(Floxide.Generators.Diagnostics.DiagnosticDescriptors.ConcurrencyLimitNotPositive, Location.None, "[ConcurrencyLimit(PermitLimit = 0)]", "SaveOrder").GetMessage(CultureInfo.InvariantCulture));

    [Fact]
    public Task RateNotGiven_MessageSaysSo() => NodeVerify.VerifyAsync(Usings + """
        [Node]
        [{|#0:RateLimit|}]
        public partial class Step
        {
            public void Process(Ctx context) { }
        }

        [Node]
        [RateLimit({|#1:PermitsPerSecond = -5|})]
        public partial class Negative
        {
            public void Process(Ctx context) { }
        }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.RateNotPositive).WithLocation(0).WithArguments("[RateLimit] without PermitsPerSecond", "Step"),
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.RateNotPositive).WithLocation(1).WithArguments("[RateLimit(PermitsPerSecond = -5)]", "Negative"));

    [Fact]
    public Task ConcurrencyLimitOutsideANode_ReportsThatItHasNoEffect() => ElsewhereVerify.VerifyAsync(Usings + """
        [Node]
        [ConcurrencyLimit(PermitLimit = 4)]
        public partial class Step
        {
            public void Process(Ctx context) { }
        }

        [Workflow(typeof(Ctx))]
        [Start(typeof(Step))]
        [{|#1:ConcurrencyLimit(PermitLimit = 4)|}]
        public partial class Flow { }

        [{|FLX0166:ConcurrencyLimit(PermitLimit = 0)|}]
        public class Plain { }

        [BatchContext, {|#0:ConcurrencyLimit(PermitLimit = 4)|}]
        public partial class Calls
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.ConcurrencyLimitWithoutEffect).WithLocation(0)
            .WithArguments("Calls", "; a batch's runs at once are its MaxDegreeOfParallelism, and one limit shared by several batches is BatchOptions.RateLimiter = new ConcurrencyLimiter(...)"),
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.ConcurrencyLimitWithoutEffect).WithLocation(1).WithArguments("Flow", ""));

    /// <summary>A context does not read [ConcurrencyLimit], so its value is not checked there either: FLX0166 is the one diagnostic.</summary>
    [Fact]
    public Task ConcurrencyLimitOnAContext_IsNotCheckedAsIfItWereRead() => ContextVerify.VerifyAsync(Usings + """
        [BatchContext, ConcurrencyLimit(PermitLimit = 0)]
        public partial class Calls
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }
        """);

    [Fact]
    public Task ItemLevelMisuse_ReportsOnTheContext() => ContextVerify.VerifyAsync(Usings + """
        file sealed class LocalError : Exception { }

        [BatchContext]
        [Retry({|FLX0150:MaxAttempts = -2|}, {|FLX0151:DelayMs = -5|})]
        [{|FLX0154:RateLimit|}]
        public partial class Calls
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }

        [BatchContext]
        [Retry({|FLX0151:DelayMs = 86_400_001|}, {|FLX0160:Backoff = (RetryBackoff)7|}, {|FLX0161:On = new[] { typeof(LocalError) }|})]
        [Timeout({|FLX0153:Ms = 90_000_000|})]
        public partial class Slow
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }

        [BatchContext]
        [Retry(DelayMs = 86_400_000)]
        [Timeout(Ms = 86_400_000)]
        public partial class AtTheMaximums
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }
        """);

    [Fact]
    public Task OnAWorkflowOrAPlainClass_ReportsEachAttribute() => ElsewhereVerify.VerifyAsync(Usings + """
        [Node]
        public partial class Step
        {
            public void Process(Ctx context) { }
        }

        [Workflow(typeof(Ctx))]
        [Start(typeof(Step))]
        [{|FLX0155:Retry|}]
        public partial class Flow { }

        [{|FLX0155:Timeout(Ms = 100)|}, {|FLX0155:RateLimit(PermitsPerSecond = 1)|}]
        public class Plain { }
        """);

    [Fact]
    public Task OnAContextOrANode_NoEffectDiagnostic() => ElsewhereVerify.VerifyAsync(Usings + """
        [Node, Retry, Timeout(Ms = 100), ConcurrencyLimit(PermitLimit = 2)]
        public partial class Step
        {
            public void Process(Ctx context) { }
        }

        [BatchContext, RateLimit(PermitsPerSecond = 5)]
        public partial class Calls
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }
        """);

    [Fact]
    public Task AdaptiveConcurrencyWithEverySettingAndReadersThatFit_NoDiagnostic() => ContextVerify.VerifyAsync(Usings + """
        public class ThrottlingBase
        {
            protected static bool Busy(object error) => error is TimeoutException;
        }

        [BatchContext(MaxDegreeOfParallelism = 64)]
        [AdaptiveConcurrency(InitialLevel = 1, MinimumLevel = 1, DecreaseFactor = 0.999, LatencyThresholdMs = 1, IsThrottled = nameof(Busy), RetryAfter = nameof(Wait))]
        public partial class Calls : ThrottlingBase
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";

            private static TimeSpan? Wait(Exception error) => null;
            private static TimeSpan? Wait(string text) => null;
        }
        """);

    [Fact]
    public Task AdaptiveSettingsOutOfRange_ReportEach() => ContextVerify.VerifyAsync(Usings + """
        [BatchContext]
        [AdaptiveConcurrency({|FLX0156:InitialLevel = 0|}, {|FLX0156:MinimumLevel = -1|}, {|FLX0156:DecreaseFactor = 1|}, {|FLX0156:LatencyThresholdMs = 0|})]
        public partial class Calls
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }
        """);

    [Fact]
    public Task AdaptiveDecreaseFactorOfZero_Reports() => ContextVerify.VerifyAsync(Usings + """
        [BatchContext]
        [AdaptiveConcurrency({|FLX0156:DecreaseFactor = 0|})]
        public partial class Calls
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }
        """);

    [Fact]
    public Task AdaptiveReadersThatFitNoMethod_ReportEach() => ContextVerify.VerifyAsync(Usings + """
        public class Base
        {
            private static bool Hidden(Exception error) => true;
        }

        [BatchContext]
        [AdaptiveConcurrency({|FLX0157:IsThrottled = "Missing"|}, {|FLX0157:RetryAfter = nameof(Wait)|})]
        public partial class Calls : Base
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";

            private TimeSpan? Wait(Exception error) => null; // an instance method
        }

        [BatchContext]
        [AdaptiveConcurrency({|FLX0157:IsThrottled = "Hidden"|}, {|FLX0157:RetryAfter = nameof(Wait)|})]
        public partial class Others : Base
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";

            private static TimeSpan Wait(Exception error) => TimeSpan.Zero; // not nullable
        }

        [BatchContext]
        [AdaptiveConcurrency({|FLX0157:IsThrottled = nameof(Busy)|})]
        public partial class Narrow
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";

            private static bool Busy(HttpRequestException error) => true; // an Exception does not convert to it
        }
        """);

    [Fact]
    public Task AdaptiveReadersOfOtherTypesThatFit_NoDiagnostic() => ContextVerify.VerifyAsync(Usings + """
        namespace Other.Signals
        {
            public static class Quota
            {
                public static bool IsExhausted(string message) => message.Length > 0;
                public static bool IsExhausted(object error) => error is TimeoutException;
                internal static TimeSpan? Wait(Exception error) => null;
            }

            public class ThrottlingBase
            {
                protected static bool Busy(Exception error) => false;
            }

            public static class PerKey<TKey>
            {
                public static bool IsBusy(Exception error) => false;
            }
        }

        // Floxide's own reader (its HttpResponseMessage overload ignored), and a user type's in another namespace,
        // written in full and in parentheses.
        [BatchContext]
        [AdaptiveConcurrency(IsThrottled = (nameof(global::Other.Signals.Quota.IsExhausted)), RetryAfter = nameof(ThrottlingSignals.RetryAfterOf))]
        public partial class Calls
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }

        // A protected reader of the context's base type, and an internal one of the same assembly.
        [BatchContext]
        [AdaptiveConcurrency(IsThrottled = nameof(Other.Signals.ThrottlingBase.Busy), RetryAfter = nameof(Other.Signals.Quota.Wait))]
        public partial class Derived : Other.Signals.ThrottlingBase
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }

        // A type constructed over the context's own type parameter.
        [BatchContext]
        [AdaptiveConcurrency(IsThrottled = nameof(Other.Signals.PerKey<TKey>.IsBusy))]
        public partial class Keyed<TKey>
        {
            [BatchItems] public List<TKey> Items { get; set; } = new();
            [BatchItem] public TKey Item { get; set; } = default!;
        }
        """);

    [Fact]
    public Task AdaptiveReadersOfOtherTypesThatNameNoMethod_ReportWhatTheyName() => ContextVerify.VerifyAsync(Usings + """
        public static class Quota
        {
            public static int Limit { get; } = 1;

            public static event Action? Exhausted;

            public static void Exhaust() => Exhausted?.Invoke();
        }

        [BatchContext]
        [AdaptiveConcurrency({|#3:IsThrottled = nameof(Quota.Exhausted)|})]
        public partial class Events
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }

        [BatchContext]
        [AdaptiveConcurrency({|#0:IsThrottled = nameof(Quota.Limit)|}, {|#1:RetryAfter = nameof(ThrottlingSignals.{|CS0117:Missing|})|})]
        public partial class Calls
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }

        [BatchContext]
        [AdaptiveConcurrency({|#2:RetryAfter = nameof({|CS0103:Missing|}.Wait)|})]
        public partial class Others
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }
        """,
        ReaderOfTypeUnusable(0, "IsThrottled", "Quota.Limit", "Calls", "'Quota.Limit' is a property, not a method"),
        ReaderOfTypeUnusable(1, "RetryAfter", "ThrottlingSignals.Missing", "Calls", "'ThrottlingSignals' has no method 'Missing'"),
        ReaderOfTypeUnusable(2, "RetryAfter", "Missing.Wait", "Others", "'Missing' is not a type that 'Others' can see"),
        ReaderOfTypeUnusable(3, "IsThrottled", "Quota.Exhausted", "Events", "'Quota.Exhausted' is an event, not a method"));

    [Fact]
    public Task AdaptiveReaderOfAnotherTypeWithoutTheReadersShape_ReportsTheOverloadsThereAre() => ContextVerify.VerifyAsync(Usings + """
        public static class Quota
        {
            public static TimeSpan Wait(Exception error) => TimeSpan.Zero;
            public static TimeSpan? Wait(string message) => null;
            public static bool IsExhausted(HttpRequestException error) => true;
        }

        [BatchContext]
        [AdaptiveConcurrency({|#0:IsThrottled = nameof(Quota.IsExhausted)|}, {|#1:RetryAfter = nameof(Quota.Wait)|})]
        public partial class Calls
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }
        """,
        ReaderOfTypeUnusable(0, "IsThrottled", "Quota.IsExhausted", "Calls", "'Quota.IsExhausted' has no overload 'bool IsExhausted(Exception)', only 'bool Quota.IsExhausted(HttpRequestException)'"),
        ReaderOfTypeUnusable(1, "RetryAfter", "Quota.Wait", "Calls", "'Quota.Wait' has no overload 'TimeSpan? Wait(Exception)', only 'TimeSpan Quota.Wait(Exception)', 'TimeSpan? Quota.Wait(string)'"));

    [Fact]
    public Task AdaptiveReadersOfOtherTypesThatAreNotStaticOrAreGeneric_ReportWhy() => ContextVerify.VerifyAsync(Usings + """
        public sealed class Classifier
        {
            public bool IsBusy(Exception error) => true;
        }

        public static class Generic
        {
            public static bool IsBusy<T>(Exception error) => true;
        }

        public interface IClassifier
        {
            static abstract bool IsBusy(Exception error);
        }

        [BatchContext]
        [AdaptiveConcurrency({|#0:IsThrottled = nameof(Classifier.IsBusy)|})]
        public partial class Calls
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }

        [BatchContext]
        [AdaptiveConcurrency({|#1:IsThrottled = nameof(Generic.IsBusy)|})]
        public partial class Others
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }

        [BatchContext]
        [AdaptiveConcurrency({|#2:IsThrottled = nameof(IClassifier.IsBusy)|})]
        public partial class Abstracts
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }
        """,
        ReaderOfTypeUnusable(0, "IsThrottled", "Classifier.IsBusy", "Calls", "'bool Classifier.IsBusy(Exception)' is an instance method, and a reader is called without an instance, so it must be static"),
        ReaderOfTypeUnusable(1, "IsThrottled", "Generic.IsBusy", "Others", "'bool Generic.IsBusy<T>(Exception)' is generic, and the generated code has no type arguments to give it"),
        ReaderOfTypeUnusable(2, "IsThrottled", "IClassifier.IsBusy", "Abstracts", "'bool IClassifier.IsBusy(Exception)' is a static abstract or virtual interface member, which C# calls only through a type parameter"));

    [Fact]
    public Task AdaptiveReadersOfOtherTypesTheContextCannotCall_ReportTheirAccessibility() => ContextVerify.VerifyAsync(Usings + """
        public static class Quota
        {
            private static bool IsExhausted(Exception error) => true;
        }

        public class ThrottlingBase
        {
            protected static TimeSpan? Wait(Exception error) => null;
        }

        [BatchContext]
        [AdaptiveConcurrency({|#0:IsThrottled = nameof(Quota.{|CS0122:IsExhausted|})|}, {|#1:RetryAfter = nameof(ThrottlingBase.{|CS0122:Wait|})|})]
        public partial class Calls
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }
        """,
        ReaderOfTypeUnusable(0, "IsThrottled", "Quota.IsExhausted", "Calls", "'bool Quota.IsExhausted(Exception)' is not accessible from 'Calls' (it is private), where the generated code calls it"),
        ReaderOfTypeUnusable(1, "RetryAfter", "ThrottlingBase.Wait", "Calls", "'TimeSpan? ThrottlingBase.Wait(Exception)' is not accessible from 'Calls' (it is protected), where the generated code calls it"));

    [Fact]
    public Task AdaptiveReadersOfTypesAGeneratedFileCannotName_Report() => ContextVerify.VerifyAsync(Usings + """
        file static class Local
        {
            public static bool IsBusy(Exception error) => true;
        }

        public static class PerKey<TKey>
        {
            public static bool IsBusy(Exception error) => true;
        }

        [BatchContext]
        [AdaptiveConcurrency({|#0:IsThrottled = nameof(Local.IsBusy)|})]
        public partial class Calls
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }

        [BatchContext]
        [AdaptiveConcurrency({|#1:IsThrottled = nameof(PerKey<>.IsBusy)|})]
        public partial class Keyed<TKey>
        {
            [BatchItems] public List<TKey> Items { get; set; } = new();
            [BatchItem] public TKey Item { get; set; } = default!;
        }
        """,
        ReaderOfTypeUnusable(0, "IsThrottled", "Local.IsBusy", "Calls", "'Local' is file-local, and the code generated for 'Calls' is in a file of its own"),
        ReaderOfTypeUnusable(1, "IsThrottled", "PerKey<>.IsBusy", "Keyed", "'PerKey<TKey>' is an open generic type, and the code generated for 'Keyed' has no type arguments to give it: name the type with them"));

    [Fact]
    public Task AdaptiveConcurrencyOutsideAContext_Reports() => ElsewhereVerify.VerifyAsync(Usings + """
        [Node]
        [{|FLX0158:AdaptiveConcurrency|}]
        public partial class Step
        {
            public void Process(Ctx context) { }
        }

        [Workflow(typeof(Ctx))]
        [Start(typeof(Step))]
        [{|FLX0158:AdaptiveConcurrency(InitialLevel = 4)|}]
        public partial class Flow { }

        [{|FLX0158:AdaptiveConcurrency|}]
        public class Plain { }

        [BatchContext, AdaptiveConcurrency]
        public partial class Calls
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }
        """);

    /// <summary>
    /// Only an obsolete error refuses a reader of another type: the generated call would get CS0619, which no pragma
    /// silences. A plain or custom-ID <c>[Obsolete]</c> or an <c>[Experimental]</c> one is used (the generated file silences
    /// it; the generator's ObsoleteTypeTests compile it), whether on the method or on its type.
    /// </summary>
    [Fact]
    public Task ObsoleteErrorReadersOfOtherTypes_ReportTheAttribute() => ContextVerify.VerifyAsync(
        Usings + """
        namespace Other.Signals
        {
            public static class Old
            {
                [Obsolete("Use Current.IsBusy")] public static bool IsBusy(Exception error) => true;
                [Obsolete("Gone", error: true)] public static TimeSpan? Wait(Exception error) => null;
                [System.Diagnostics.CodeAnalysis.Experimental("FLXTRIAL1")] public static bool Soon(Exception error) => true;
            }

            [Obsolete] public static class Legacy
            {
                public static bool IsBusy(Exception error) => true;
            }

            [Obsolete(null, true)] public static class Removed
            {
                public static bool IsBusy(Exception error) => true;
            }
        }

        [BatchContext]
        [AdaptiveConcurrency(IsThrottled = nameof(Other.Signals.Old.IsBusy), {|#1:RetryAfter = nameof(Other.Signals.Old.Wait)|})]
        public partial class Calls
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }

        #pragma warning disable FLXTRIAL1
        [BatchContext]
        [AdaptiveConcurrency(IsThrottled = nameof(Other.Signals.Old.Soon))]
        public partial class Trials
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }
        #pragma warning restore FLXTRIAL1

        [BatchContext]
        [AdaptiveConcurrency(IsThrottled = nameof(Other.Signals.Legacy.IsBusy), {|#2:RetryAfter = nameof(Other.Signals.Old.Wait)|})]
        public partial class Legacies
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }

        [BatchContext]
        [AdaptiveConcurrency({|#3:IsThrottled = nameof(Other.Signals.Removed.IsBusy)|})]
        public partial class Removals
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }
        """,
        ReaderOfTypeUnusable(1, "RetryAfter", "Other.Signals.Old.Wait", "Calls", ObsoleteError("TimeSpan? Old.Wait(Exception)", "\"Gone\"")),
        ReaderOfTypeUnusable(2, "RetryAfter", "Other.Signals.Old.Wait", "Legacies", ObsoleteError("TimeSpan? Old.Wait(Exception)", "\"Gone\"")),
        ReaderOfTypeUnusable(3, "IsThrottled", "Other.Signals.Removed.IsBusy", "Removals", ObsoleteError("Removed", "null")));

    /// <summary>
    /// Only an obsolete error refuses a reader of the context or a base type: plain and experimental ones are used, an
    /// obsolete base type does not count (the generated call names the context), and an obsolete context hears of no
    /// obsolete use at all.
    /// </summary>
    [Fact]
    public Task ObsoleteErrorReadersOfTheContext_ReportTheAttribute() => ContextVerify.VerifyAsync(
        Usings + """
        [BatchContext]
        [AdaptiveConcurrency(IsThrottled = nameof(Busy), {|#1:RetryAfter = "Wait"|})]
        public partial class Calls
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";

            [Obsolete("Use Throttled")] private static bool Busy(Exception error) => true;
            [Obsolete("Gone", error: true)] private static TimeSpan? Wait(Exception error) => null;
        }

        [Obsolete("Use Calls")]
        public class LegacyBase
        {
            [Obsolete("Gone", error: true)] protected static bool Busy(Exception error) => true;
        }

        // An inherited reader: its own obsolete error counts, as the generated Trials.Busy calls it.
        [BatchContext]
        [AdaptiveConcurrency({|#2:IsThrottled = nameof(Busy)|}, RetryAfter = nameof(Wait))]
        public partial class Trials : LegacyBase
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";

            [System.Diagnostics.CodeAnalysis.Experimental("FLXTRIAL2", Message = "Not yet")] private static TimeSpan? Wait(Exception error) => null;
        }

        // A context deprecated itself: C# reports no obsolete use inside it, so even its obsolete-error readers are fine.
        [Obsolete("Use Calls")]
        [BatchContext]
        [AdaptiveConcurrency(IsThrottled = nameof(Busy), RetryAfter = nameof(OldCalls.Wait))]
        public partial class OldCalls
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";

            [Obsolete("Use Throttled")] private static bool Busy(Exception error) => true;
            [Obsolete("Gone", error: true)] private static TimeSpan? Wait(Exception error) => null;
        }
        """,
        ReaderNotFound(1, "RetryAfter", "Wait", "Calls", "TimeSpan?", ObsoleteError("TimeSpan? Calls.Wait(Exception)", "\"Gone\"")),
        ReaderNotFound(2, "IsThrottled", "Busy", "Trials", "bool", ObsoleteError("bool LegacyBase.Busy(Exception)", "\"Gone\"")));

    /// <summary>The cause FLX0157 and FLX0164 give for a reader that is an obsolete error, or whose type is.</summary>
    private static string ObsoleteError(string shown, string message) =>
        $"'{shown}' is [Obsolete({message}, error: true)], an error wherever it is called, and the generated code calls it where no pragma can silence that: use a method that is not obsolete";

    /// <summary>FLX0157 at markup location <paramref name="location"/>, with its message's arguments.</summary>
    private static DiagnosticResult ReaderNotFound(int location, string argument, string name, string context, string returns, string deprecation) =>
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.AdaptiveReaderNotFound)
            .WithLocation(location).WithArguments(argument, name, context, returns, ": " + deprecation);

    /// <summary>FLX0164 at markup location <paramref name="location"/>, with its message's arguments.</summary>
    private static DiagnosticResult ReaderOfTypeUnusable(int location, string argument, string reference, string context, string problem) =>
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.AdaptiveReaderOfTypeUnusable).WithLocation(location).WithArguments(argument, reference, context, problem);
}

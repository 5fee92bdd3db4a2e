using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace Floxide.Generators.Tests.Robustness;

/// <summary>
/// Declarations met while typing, or with settings of the wrong type or out of range: each gets a
/// Floxide diagnostic or nothing, never an exception from the generator or an analyzer, and never
/// generated code that does not compile.
/// </summary>
public sealed class TypingInputTests(ITestOutputHelper output)
{
    private const string Prelude = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Floxide;

        """;

    private const string Context = """
        [BatchContext]
        public partial class Job
        {
            [BatchItems] public List<string> All { get; set; } = new();
            [BatchItem] public string One { get; set; } = "";
        }

        """;

    public static TheoryData<string, string> Inputs() => new()
    {
        { "NodeWithoutProcess", Context + "[Node] public partial class Idle { }" },
        { "NodeWithProcessOfNoContext", Context + "[Node] public partial class Idle { public void Process() { } }" },
        { "TwoBatchItems", "[BatchContext] public partial class Two { [BatchItems] public List<int> A { get; set; } = new(); [BatchItems] public List<int> B { get; set; } = new(); [BatchItem] public int One { get; set; } }" },
        { "WorkflowOverOpenGeneric", Context + "[Node] public partial class Step<T> { public void Process(Job job) { } }\n[Workflow(typeof(Job))][Start(typeof(Step<>))] public partial class Flow { }" },
        { "WorkflowOverGenericContext", "[BatchContext] public partial class Job<T> { [BatchItems] public List<T> All { get; set; } = new(); [BatchItem] public T One { get; set; } = default!; }\n[Node] public partial class Step { public void Process(Job<int> job) { } }\n[Workflow(typeof(Job<>))][Start(typeof(Step))] public partial class Flow { }" },
        { "RetryMaxAttemptsString", Context + "[Node, Retry(MaxAttempts = \"x\")] public partial class Step { public void Process(Job job) { } }" },
        { "RetryDelayNegative", Context + "[Node, Retry(MaxAttempts = 3, DelayMs = -5)] public partial class Step { public void Process(Job job) { } }" },
        { "RetryOnNotException", Context + "[Node, Retry(On = new[] { typeof(string) })] public partial class Step { public void Process(Job job) { } }" },
        { "RateLimitMax", Context + "[Node, RateLimit(PermitsPerSecond = int.MaxValue)] public partial class Step { public void Process(Job job) { } }" },
        { "RateLimitZero", Context + "[Node, RateLimit(PermitsPerSecond = 0)] public partial class Step { public void Process(Job job) { } }" },
        { "RateLimitNegative", Context + "[Node, RateLimit(PermitsPerSecond = -1)] public partial class Step { public void Process(Job job) { } }" },
        { "ContextRateLimitMax", "[BatchContext, RateLimit(PermitsPerSecond = int.MaxValue)] public partial class Job { [BatchItems] public List<string> All { get; set; } = new(); [BatchItem] public string One { get; set; } = \"\"; }" },
        { "ContextRetryMax", "[BatchContext, Retry(MaxAttempts = int.MaxValue, DelayMs = int.MaxValue, Backoff = RetryBackoff.Exponential)] public partial class Job { [BatchItems] public List<string> All { get; set; } = new(); [BatchItem] public string One { get; set; } = \"\"; }" },
        { "ContextBackoffCast", "[BatchContext, Retry(Backoff = (RetryBackoff)42)] public partial class Job { [BatchItems] public List<string> All { get; set; } = new(); [BatchItem] public string One { get; set; } = \"\"; }" },
        { "TimeoutZero", Context + "[Node, Timeout(Ms = 0)] public partial class Step { public void Process(Job job) { } }" },
        { "TimeoutMax", Context + "[Node, Timeout(Ms = int.MaxValue)] public partial class Step { public void Process(Job job) { } }" },
        { "ConcurrencyLimitMax", Context + "[Node, ConcurrencyLimit(PermitLimit = int.MaxValue)] public partial class Step { public void Process(Job job) { } }" },
        { "ConcurrencyLimitZero", Context + "[Node, ConcurrencyLimit(PermitLimit = 0)] public partial class Step { public void Process(Job job) { } }" },
        { "RouteToMissingType", Context + "[Node] public partial class Step { public void Process(Job job) { } }\n[Workflow(typeof(Job))][Start(typeof(Step))][Route(typeof(Step), typeof(Missing))] public partial class Flow { }" },
        { "StartMissingType", Context + "[Workflow(typeof(Job))][Start(typeof(Missing))] public partial class Flow { }" },
        { "WorkflowOverMissingContext", "[Workflow(typeof(Missing))] public partial class Flow { }" },
        { "WorkflowWithoutStart", Context + "[Workflow(typeof(Job))] public partial class Flow { }" },
        { "FileScopedContext", "[BatchContext] file partial class Job { [BatchItems] public List<string> All { get; set; } = new(); [BatchItem] public string One { get; set; } = \"\"; }" },
        { "FileScopedNode", Context + "[Node] file partial class Step { public void Process(Job job) { } }" },
        { "FileScopedWorkflow", Context + "[Node] public partial class Step { public void Process(Job job) { } }\n[Workflow(typeof(Job))][Start(typeof(Step))] file partial class Flow { }" },
        { "RecordStructContext", "[BatchContext] public partial record struct Job { [BatchItems] public List<string> All { get; set; } [BatchItem] public string One { get; set; } }" },
        { "StructContext", "[BatchContext] public partial struct Job { [BatchItems] public List<string> All { get; set; } [BatchItem] public string One { get; set; } }" },
        { "NestedInGenericStatic", "public static partial class Outer<T> { [BatchContext] public partial class Job { [BatchItems] public List<T> All { get; set; } = new(); [BatchItem] public T One { get; set; } = default!; } [Node] public partial class Step { public void Process(Job job) { } } [Workflow(typeof(Job))][Start(typeof(Step))] public partial class Flow { } }" },
        { "NestedInNonPartial", "public static class Outer { [BatchContext] public partial class Job { [BatchItems] public List<string> All { get; set; } = new(); [BatchItem] public string One { get; set; } = \"\"; } }" },
        { "KeywordNamesEverywhere", "namespace @class.@event { [BatchContext] public partial class @int { [BatchItems] public List<string> @in { get; set; } = new(); [BatchItem] public string @out { get; set; } = \"\"; } [Node(Id = \"a\\\"b\\\\c\")] public partial class @return { public void Process(@int @this) { } } [Workflow(typeof(@int), Id = \"w\\\"\\\\{x}\\n\")][Start(typeof(@return))] public partial class @switch { } }" },
        { "StepIdQuotes", Context + "[Node(Id = \"q\\\"\\\\\\r\\n\\t\\0\\u2028end\")] public partial class Step { public void Process(Job job) { } }\n[Workflow(typeof(Job), Id = \"flow \\\"x\\\" \\\\ {0}\")][Start(typeof(Step))] public partial class Flow { }" },
        { "BatchStepId", Context + "[Node] public partial class Step { public void Process(Job job) { } }\n[Workflow(typeof(Job))][Start(typeof(Step))] public partial class Inner { }\n[Workflow(typeof(Job))][Start(typeof(Inner))][BatchStep(typeof(Inner), Id = \"pack \\\"all\\\" \\\\\")] public partial class Outer { }" },
        { "RouteActionQuotes", Context + "[Node] public partial class A { public NodeAction Process(Job job) => \"x\"; }\n[Node] public partial class B { public void Process(Job job) { } }\n[Workflow(typeof(Job))][Start(typeof(A))][Route(typeof(A), \"go \\\"now\\\" \\\\\", typeof(B))][EndOn(\"end \\\"\\\\\")] public partial class Flow { }" },
        { "NodeIdNull", Context + "[Node(Id = null)] public partial class Step { public void Process(Job job) { } }" },
        { "NodeIdEmpty", Context + "[Node(Id = \"\")] public partial class Step { public void Process(Job job) { } }\n[Workflow(typeof(Job), Id = \"\")][Start(typeof(Step))] public partial class Flow { }" },
        { "WorkflowMaxStepsZero", Context + "[Node] public partial class Step { public void Process(Job job) { } }\n[Workflow(typeof(Job), MaxSteps = 0)][Start(typeof(Step))] public partial class Flow { }" },
        { "WorkflowMaxStepsNegative", Context + "[Node] public partial class Step { public void Process(Job job) { } }\n[Workflow(typeof(Job), MaxSteps = -3)][Start(typeof(Step))] public partial class Flow { }" },
        { "ParallelismString", "[BatchContext(MaxDegreeOfParallelism = \"4\")] public partial class Job { [BatchItems] public List<string> All { get; set; } = new(); [BatchItem] public string One { get; set; } = \"\"; }" },
        { "GraceMin", "[BatchContext(CancellationGracePeriodMs = int.MinValue)] public partial class Job { [BatchItems] public List<string> All { get; set; } = new(); [BatchItem] public string One { get; set; } = \"\"; }" },
        { "AdaptiveNaN", "[BatchContext, AdaptiveConcurrency(DecreaseFactor = double.NaN, InitialLevel = int.MaxValue)] public partial class Job { [BatchItems] public List<string> All { get; set; } = new(); [BatchItem] public string One { get; set; } = \"\"; }" },
        { "AdaptiveReaderMissing", "[BatchContext, AdaptiveConcurrency(IsThrottled = \"Nope\", RetryAfter = \"\")] public partial class Job { [BatchItems] public List<string> All { get; set; } = new(); [BatchItem] public string One { get; set; } = \"\"; }" },
        { "ItemKeyOnMissing", "[BatchContext] public partial class Job { [BatchItems] public List<string> All { get; set; } = new(); [BatchItem] public string One { get; set; } = \"\"; [ItemKey] public string Key => One; }" },
        { "NodeGenericProcess", Context + "[Node] public partial class Step { public void Process<T>(Job job) { } }" },
        { "NodeTwoProcess", Context + "[Node] public partial class Step { public void Process(Job job) { } public Task ProcessAsync(Job job) => Task.CompletedTask; }" },
        { "NodeOnStaticClass", Context + "[Node] public static partial class Step { public static void Process(Job job) { } }" },
        { "NodeOnAbstract", Context + "[Node] public abstract partial class Step { public abstract void Process(Job job); }" },
        { "NodeRefParam", Context + "[Node] public partial class Step { public void Process(ref Job job) { } }" },
        { "NodeNullableContext", Context + "[Node] public partial class Step { public void Process(Job? job) { } }" },
        { "NodeOnRecordStruct", Context + "[Node] public partial record struct Step { public void Process(Job job) { } }" },
        { "NodeOnInterface", Context + "[Node] public partial interface IStep { void Process(Job job); }" },
        { "NodeProcessReturnsInt", Context + "[Node] public partial class Step { public int Process(Job job) => 1; }" },
        { "NodeProcessReturnsTaskOfInt", Context + "[Node] public partial class Step { public Task<int> ProcessAsync(Job job) => Task.FromResult(1); }" },
        { "WorkflowDuplicateStart", Context + "[Node] public partial class A { public void Process(Job job) { } }\n[Node] public partial class B { public void Process(Job job) { } }\n[Workflow(typeof(Job))][Start(typeof(A))][Start(typeof(B))] public partial class Flow { }" },
        { "WorkflowStartNull", Context + "[Workflow(typeof(Job))][Start(null)] public partial class Flow { }" },
        { "WorkflowOverItself", Context + "[Workflow(typeof(Job))][Start(typeof(Flow))] public partial class Flow { }" },
        { "WorkflowRouteEnumCast", Context + "public enum E { A }\n[Node] public partial class A { public E Process(Job job) => E.A; }\n[Workflow(typeof(Job))][Start(typeof(A))][Route(typeof(A), (E)7, typeof(A))] public partial class Flow { }" },
        { "WorkflowRouteFromNull", Context + "[Node] public partial class A { public void Process(Job job) { } }\n[Workflow(typeof(Job))][Start(typeof(A))][Route(null, typeof(A))] public partial class Flow { }" },
        { "WorkflowOnStruct", Context + "[Node] public partial class A { public void Process(Job job) { } }\n[Workflow(typeof(Job))][Start(typeof(A))] public partial struct Flow { }" },
        { "WorkflowOnRecord", Context + "[Node] public partial class A { public void Process(Job job) { } }\n[Workflow(typeof(Job))][Start(typeof(A))] public partial record Flow { }" },
        { "WorkflowGeneric", Context + "[Node] public partial class A { public void Process(Job job) { } }\n[Workflow(typeof(Job))][Start(typeof(A))] public partial class Flow<T> { }" },
        { "WorkflowKeywordNode", Context + "[Node] public partial class @void { public void Process(Job job) { } }\n[Workflow(typeof(Job))][Start(typeof(@void))] public partial class @default { }" },
        { "ItemOutputTwice", "[BatchContext] public partial class Job { [BatchItems] public List<string> All { get; set; } = new(); [BatchItem] public string One { get; set; } = \"\"; [ItemOutput] public int A { get; set; } [ItemOutput] public int B { get; set; } }" },
        { "BatchItemsNotEnumerable", "[BatchContext] public partial class Job { [BatchItems] public int All { get; set; } [BatchItem] public string One { get; set; } = \"\"; }" },
        { "BatchItemsIndexer", "[BatchContext] public partial class Job { [BatchItems] public List<string> this[int i] => new(); [BatchItem] public string One { get; set; } = \"\"; }" },
        { "BatchItemStatic", "[BatchContext] public partial class Job { [BatchItems] public static List<string> All { get; set; } = new(); [BatchItem] public static string One { get; set; } = \"\"; }" },
        { "PointerItem", "[BatchContext] public unsafe partial class Job { [BatchItems] public List<int> All { get; set; } = new(); [BatchItem] public int* One { get; set; } }" },
        { "RefStructItem", "[BatchContext] public partial class Job { [BatchItems] public List<int> All { get; set; } = new(); [BatchItem] public Span<int> One => default; }" },
        { "ErrorTypeItem", "[BatchContext] public partial class Job { [BatchItems] public List<Missing> All { get; set; } = new(); [BatchItem] public Missing One { get; set; } }" },
        { "ResilientKeywordGenericNode", "namespace @class.@event { public class @throw : Exception { } public static partial class @static<@T> { [BatchContext, RateLimit(PermitsPerSecond = 3), Retry(MaxAttempts = 2, On = new[] { typeof(@throw) }), Timeout(Ms = 50)] public partial class @int { [BatchItems] public List<@T> @in { get; set; } = new(); [BatchItem] public @T @out { get; set; } = default!; } [Node(Id = \"n \\\"1\\\" \\\\\"), Retry(MaxAttempts = 3, On = new[] { typeof(@throw) }), RateLimit(PermitsPerSecond = 5), ConcurrencyLimit(PermitLimit = 2), Timeout(Ms = 100)] public partial class @return<@U> { public Task ProcessAsync(@int @this, CancellationToken @params) => Task.CompletedTask; } } [BatchContext] public partial class Job { [BatchItems] public List<string> All { get; set; } = new(); [BatchItem] public string One { get; set; } = \"\"; } [Node(Id = \"s \\\"q\\\" \\\\\"), Retry(MaxAttempts = 2), RateLimit(PermitsPerSecond = 1)] public partial class @void { public void Process(Job @job) { } } [Workflow(typeof(Job), Id = \"w \\\"q\\\"\")][Start(typeof(@void))][Route(typeof(@void), typeof(@switch))][BatchStep(typeof(@switch), Id = \"b \\\"q\\\" \\\\\", FailureAction = \"f \\\"q\\\"\")][EndOn(\"f \\\"q\\\"\")] public partial class @default { } [Workflow(typeof(Job), Id = \"in \\\\ ner\")][Start(typeof(@void))] public partial class @switch { } }" },
        { "RetryOnOpenGenericException", Context + "public class Failed<T> : Exception { }\n[Node, Retry(On = new[] { typeof(Failed<>) })] public partial class Step { public void Process(Job job) { } }" },
        { "ContextRetryOnOpenGenericException", "public class Failed<T> : Exception { }\n[BatchContext, Retry(On = new[] { typeof(Failed<>) })] public partial class Job { [BatchItems] public List<string> All { get; set; } = new(); [BatchItem] public string One { get; set; } = \"\"; }" },
        { "RetryOnNull", Context + "[Node, Retry(On = null)] public partial class Step { public void Process(Job job) { } }" },
        { "RetryOnNullElement", Context + "[Node, Retry(On = new Type[] { null! })] public partial class Step { public void Process(Job job) { } }" },
        { "RetryOnArray", Context + "[Node, Retry(On = new[] { typeof(Exception[]) })] public partial class Step { public void Process(Job job) { } }" },
        { "RetryOnMissing", Context + "[Node, Retry(On = new[] { typeof(Missing) })] public partial class Step { public void Process(Job job) { } }" },
        { "RetryOnInaccessible", Context + "public class Holder { private class Hidden : Exception { } }\n[Node, Retry(On = new[] { typeof(Holder.Hidden) })] public partial class Step { public void Process(Job job) { } }" },
        { "RetryOnProtectedNested", Context + "public class Holder { protected class Hidden : Exception { } }\npublic partial class Sub : Holder { [Node, Retry(On = new[] { typeof(Hidden) })] public partial class Step { public void Process(Job job) { } } }" },
        { "RetryOnPrivateNestedOfContainer", Context + "public partial class Holder { private sealed class Hidden : Exception { } [Node, Retry(On = new[] { typeof(Hidden) })] public partial class Step { public void Process(Job job) { } } }" },
        { "StartArityMismatch", Context + "[Node] public partial class Step<T> { public void Process(Job job) { } }\n[Workflow(typeof(Job))][Start(typeof(Step<int, int>))] public partial class Flow { }" },
        { "ContextArityMismatch", Context + "[Node] public partial class Step { public void Process(Job job) { } }\n[Workflow(typeof(Job<int>))][Start(typeof(Step))] public partial class Flow { }" },
        { "NodeContextArityMismatch", Context + "[Node] public partial class Step { public void Process(Job<int> job) { } }" },
        { "AdaptiveReaderGeneric", "[BatchContext, AdaptiveConcurrency(IsThrottled = nameof(Busy))] public partial class Job { [BatchItems] public List<string> All { get; set; } = new(); [BatchItem] public string One { get; set; } = \"\"; static bool Busy<T>(Exception e) => false; }" },
        { "AdaptiveReaderOverloaded", "[BatchContext, AdaptiveConcurrency(IsThrottled = nameof(Busy))] public partial class Job { [BatchItems] public List<string> All { get; set; } = new(); [BatchItem] public string One { get; set; } = \"\"; static bool Busy(Exception e) => false; static bool Busy(Exception e, int x) => false; }" },
        { "AdaptiveReaderInstance", "[BatchContext, AdaptiveConcurrency(IsThrottled = nameof(Busy))] public partial class Job { [BatchItems] public List<string> All { get; set; } = new(); [BatchItem] public string One { get; set; } = \"\"; bool Busy(Exception e) => false; }" },
        { "AdaptiveReaderKeyword", "[BatchContext, AdaptiveConcurrency(IsThrottled = \"@class\")] public partial class Job { [BatchItems] public List<string> All { get; set; } = new(); [BatchItem] public string One { get; set; } = \"\"; static bool @class(Exception e) => false; }" },
        { "AdaptiveReaderKeywordName", "[BatchContext, AdaptiveConcurrency(IsThrottled = nameof(@class))] public partial class Job { [BatchItems] public List<string> All { get; set; } = new(); [BatchItem] public string One { get; set; } = \"\"; static bool @class(Exception e) => false; }" },
        { "FileLocalContainerOfContext", "file static partial class Outer { [BatchContext] public partial class Job { [BatchItems] public List<string> All { get; set; } = new(); [BatchItem] public string One { get; set; } = \"\"; } }" },
        { "FileLocalContainerOfNode", Context + "file partial class Outer { [Node] public partial class Step { public void Process(Job job) { } } }" },
        { "FileLocalContainerOfWorkflow", Context + "[Node] public partial class Step { public void Process(Job job) { } }\nfile partial class Outer { [Workflow(typeof(Job))][Start(typeof(Step))] public partial class Flow { } }" },
        { "FileLocalStepOfWorkflow", Context + "[Node] file partial class Step { public void Process(Job job) { } }\n[Workflow(typeof(Job))][Start(typeof(Step))] internal partial class Flow { }" },
        { "FileLocalContextOfNode", "file sealed class Ctx { }\n[Node] public partial class Step { public void Process(Ctx c) { } }" },
        { "FileLocalContextOfWorkflow", "file sealed class Ctx { }\n[Node] internal partial class Step { public void Process(Ctx c) { } }\n[Workflow(typeof(Ctx))][Start(typeof(Step))] internal partial class Flow { }" },
        { "FileLocalItemType", "file sealed class Thing { }\n[BatchContext] internal partial class Job { [BatchItems] public List<Thing> All { get; set; } = new(); [BatchItem] public Thing One { get; set; } = null!; }" },
        { "FileLocalSharedType", "file sealed class Thing { }\n[BatchContext] internal partial class Job { [BatchItems] public List<int> All { get; set; } = new(); [BatchItem] public int One { get; set; } [Shared] public Thing S { get; set; } = null!; }" },
        { "FormattingCharacterNames", "namespace N\u200Ds { [BatchContext] public partial class J\u200Dob { [BatchItems] public List<string> A\u00ADll { get; set; } = new(); [BatchItem] public string One { get; set; } = \"\"; } [Node] public partial class St\u200Bep { public void Process(J\u200Dob job) { } } [Workflow(typeof(J\u200Dob))][Start(typeof(St\u200Bep))] public partial class Fl\u200Cow { } }" },
        { "EscapedIdentifierNames", "namespace \\u004Es { [BatchContext] public partial class \\u004Aob { [BatchItems] public List<string> \\u0041ll { get; set; } = new(); [BatchItem] public string One { get; set; } = \"\"; } [Node] public partial class \\u0053tep { public void Process(Job job) { } } [Workflow(typeof(Job))][Start(typeof(Step))] public partial class \\u0046low { } }" },
        { "StartConstraintViolated", Context + "[Node] public partial class Step<T> where T : struct { public void Process(Job job) { } }\n[Workflow(typeof(Job))][Start(typeof(Step<string>))] public partial class Flow { }" },
        { "ContextConstraintViolated", "[BatchContext] public partial class Job<T> where T : struct { [BatchItems] public List<T> All { get; set; } = new(); [BatchItem] public T One { get; set; } }\n[Node] public partial class Step { public void Process(Job<string> job) { } }\n[Workflow(typeof(Job<string>))][Start(typeof(Step))][BatchStep(typeof(Step))] public partial class Flow { }" },
        { "NestedWorkflowConstraintViolated", Context + "[Node] public partial class Step { public void Process(Job job) { } }\n[Workflow(typeof(Job))][Start(typeof(Step))] public partial class Inner<T> where T : class { }\n[Workflow(typeof(Job))][Start(typeof(Inner<int>))] public partial class Flow { }" },
        { "InaccessibleStep", Context + "public partial class Holder { [Node] private partial class Step { public void Process(Job job) { } } }\n[Workflow(typeof(Job))][Start(typeof(Holder.Step))] public partial class Flow { }" },
        { "InaccessibleContext", "public partial class Holder { [BatchContext] private partial class Job { [BatchItems] public List<string> All { get; set; } = new(); [BatchItem] public string One { get; set; } = \"\"; } }\n[Workflow(typeof(Holder.Job))] public partial class Flow { }" },
        { "StartErrorTypeArgument", Context + "[Node] public partial class Step<T> { public void Process(Job job) { } }\n[Workflow(typeof(Job))][Start(typeof(Step<Missing>))] public partial class Flow { }" },
        { "ContextErrorTypeArgument", "[BatchContext] public partial class Job<T> { [BatchItems] public List<T> All { get; set; } = new(); [BatchItem] public T One { get; set; } = default!; }\n[Node] public partial class Step { public void Process(Job<Missing> job) { } }\n[Workflow(typeof(Job<Missing>))][Start(typeof(Step))] public partial class Flow { }" },
        { "NewConstraintViolated", Context + "public abstract class Base { }\n[Node] public partial class Step<T> where T : new() { public void Process(Job job) { } }\n[Workflow(typeof(Job))][Start(typeof(Step<Base>))] public partial class Flow { }" },
        { "NullableForStructViolated", "[BatchContext] public partial class Job<T> where T : struct { [BatchItems] public List<T> All { get; set; } = new(); [BatchItem] public T One { get; set; } }\n[Node] public partial class Step { public void Process(Job<int?> job) { } }" },
        { "EmptyActionEnumRouted", Context + "public enum E { }\n[Node] public partial class Step { public E Process(Job job) => default; }\n[Workflow(typeof(Job))][Start(typeof(Step))][EndOn(typeof(Step), (E)3)] public partial class Flow { }" },
        { "EmptyFlagsEnumEndedOn", Context + "[Flags] public enum E { }\n[Node] public partial class Step { public E Process(Job job) => default; }\n[Workflow(typeof(Job))][Start(typeof(Step))][EndOn((E)3)] public partial class Flow { }" },
        { "FileLocalTypeArgumentOfStep", Context + "file sealed class Hidden { }\n[Node] internal partial class Step<T> { public void Process(Job job) { } }\n[Workflow(typeof(Job))][Start(typeof(Step<Hidden>))] internal partial class Flow { }" },
        { "FileLocalTypeArgumentOfNestedWorkflow", Context + "file sealed class Hidden { }\n[Node] internal partial class Step { public void Process(Job job) { } }\n[Workflow(typeof(Job))][Start(typeof(Step))] internal partial class Inner<T> { }\n[Workflow(typeof(Job))][Start(typeof(Inner<List<Hidden>>))] internal partial class Flow { }" },
        { "StartVoid", Context + "[Workflow(typeof(Job))][Start(typeof(void))] public partial class Flow { }" },
        { "StartPointer", Context + "[Workflow(typeof(Job))][Start(typeof(int*))] public partial class Flow { }" },
        { "StartFunctionPointer", Context + "[Workflow(typeof(Job))][Start(typeof(delegate*<void>))] public partial class Flow { }" },
        { "StartDynamic", Context + "[Workflow(typeof(Job))][Start(typeof(dynamic))] public partial class Flow { }" },
        { "ContextFunctionPointer", Context + "[Node] public partial class Step { public void Process(Job job) { } }\n[Workflow(typeof(delegate*<int>))][Start(typeof(Step))] public partial class Flow { }" },
        { "RouteActionDefaultLiteral", Context + "[Node] public partial class A { public NodeAction Process(Job job) => \"x\"; }\n[Workflow(typeof(Job))][Start(typeof(A))][Route(typeof(A), default, typeof(A))] public partial class Flow { }" },
        { "RouteActionType", Context + "[Node] public partial class A { public NodeAction Process(Job job) => \"x\"; }\n[Workflow(typeof(Job))][Start(typeof(A))][Route(typeof(A), typeof(A), typeof(A))] public partial class Flow { }" },
        { "RouteFourArguments", Context + "[Node] public partial class A { public NodeAction Process(Job job) => \"x\"; }\n[Workflow(typeof(Job))][Start(typeof(A))][Route(typeof(A), \"x\", typeof(A), 4)][EndOn(typeof(A), \"x\", \"y\")][Fallback(typeof(A))] public partial class Flow { }" },
        { "NameofAndConstArguments", Context + "public static class K { public const string Go = \"go\"; }\n[Node] public partial class A { public NodeAction Process(Job job) => K.Go; }\n[Node] public partial class B { public void Process(Job job) { } }\n[Workflow(typeof(Job), Id = nameof(Flow) + K.Go)][Start(typeof(A))][Route(typeof(A), nameof(B), typeof(B))][Route(typeof(A), K.Go + \"!\", typeof(B))][EndOn(K.Go)] public partial class Flow { }" },
        { "FlagsValuesOutOfRange", Context + "[Flags] public enum F { None = 0, X = 1, Y = 2 }\n[Node] public partial class S { public F Process(Job job) => F.X; }\n[Node] public partial class B { public void Process(Job job) { } }\n[Workflow(typeof(Job))][Start(typeof(S))][EndOn(typeof(S), (F)12)][EndOn(typeof(S), (F)3)][EndOn(typeof(S), (F)(-1))][Fallback(typeof(S), typeof(B))] public partial class Flow { }" },
        { "FlagsNegativeAndHighBits", Context + "[Flags] public enum F : long { None = 0, X = 1, All = -1, Min = long.MinValue }\n[Flags] public enum U : ulong { Lo = 1, Hi = 1UL << 63 }\n[Node] public partial class S { public F Process(Job job) => F.X; }\n[Node] public partial class T { public U Process(Job job) => U.Lo; }\n[Workflow(typeof(Job))][Start(typeof(S))][Route(typeof(S), F.X | F.Min, typeof(T))][EndOn(typeof(S), F.None)][EndOn(typeof(T), U.Lo | U.Hi)][EndOn(typeof(T), U.Hi)] public partial class Flow { }" },
        { "GraphTextInjection", Context + "[Node(Id = \"a\\\"]; x [label=\\\"\")] public partial class C { public NodeAction Process(Job job) => \"x\"; }\n[Node(Id = \"b\\n%%{init}%%\\r--> q \\u2028 #quot;\")] public partial class D { public void Process(Job job) { } }\n[Workflow(typeof(Job), Id = \"*/ /* \\\\\")][Start(typeof(C))][Route(typeof(C), \"*/ \\\"x\\\" \\n -->|y| \\\\\", typeof(D))][EndOn(typeof(C), \"]]>\")][EndOn(\"}\\\"; digraph {\\n\")] public partial class Flow { }" },
        { "KeyedServiceHostileKeys", Context + "public enum K { P }\n[Flags] public enum F { X = 1, Y = 2 }\n[Node] public partial class C { public C([Microsoft.Extensions.DependencyInjection.FromKeyedServices(\"a\\\"\\n\\u2028\")] IDisposable a, [Microsoft.Extensions.DependencyInjection.FromKeyedServices(long.MinValue)] IDisposable b, [Microsoft.Extensions.DependencyInjection.FromKeyedServices((K)99)] IDisposable c, [Microsoft.Extensions.DependencyInjection.FromKeyedServices('\\'')] IDisposable d, [Microsoft.Extensions.DependencyInjection.FromKeyedServices(int.MinValue)] IDisposable e, [Microsoft.Extensions.DependencyInjection.FromKeyedServices(F.X | F.Y)] IDisposable f, [Microsoft.Extensions.DependencyInjection.FromKeyedServices(ulong.MaxValue)] IDisposable g, [Microsoft.Extensions.DependencyInjection.FromKeyedServices((sbyte)-128)] IDisposable h) { } public void Process(Job job) { } }" },
        { "OptionalParameterHostileDefaults", Context + "public enum K { P }\n[Flags] public enum F { X = 1, Y = 2 }\n[Node] public partial class C { public C(string? s = \"\\\"\\n\\u2028\\0\", char? c = '\\'', K? k = (K)99, F? f = F.X | F.Y, double? d = double.NaN, float? fl = float.NegativeInfinity, double? big = 1e300, float? small = 1e-45f, decimal? m = 79228162514264337593543950335m, long? l = long.MinValue, ulong? u = ulong.MaxValue, int? i = int.MinValue, sbyte? sb = -128, nint? n = 5, nuint? nu = 7, object? o = null, bool? b = true, K? nk = null, CancellationToken? ct = default, DateTime? dt = default) { } public void Process(Job job) { } }" },
        { "ClosedGenericStepOverPrivateType", Context + "public partial class Holder { private sealed class Hidden { } [Workflow(typeof(Job))][Start(typeof(G<Hidden>))] internal partial class Flow { } }\n[Node] internal partial class G<T> { public void Process(Job job) { } }" },
        { "NestedGenericWorkflowInGenericOuter", Context + "[Node] public partial class N<T> { public void Process(Job job) { } }\npublic partial class O<T> { [Workflow(typeof(Job))][Start(typeof(N<string>))] public partial class Inner { } }\n[Workflow(typeof(Job))][Start(typeof(O<int>.Inner))][Route(typeof(O<int>.Inner), typeof(N<string>))] public partial class Flow { }" },
        { "NestedWorkflowFlagsAndBatch", Context + "[Flags] public enum F { X = 1, Y = 2 }\n[Node] public partial class S { public F Process(Job job) => F.X; }\n[Node] public partial class B { public void Process(Job job) { } }\n[Workflow(typeof(Job))][Start(typeof(S))][EndOn(typeof(S), F.X)][EndOn(typeof(S), F.Y)][EndOn(typeof(S), F.X | F.Y)] public partial class Inner { }\n[Workflow(typeof(Job))][Start(typeof(Inner))][Route(typeof(Inner), \"X, Y\", typeof(B))][EndOn(\"X\")][EndOn(\"Y\")][BatchStep(typeof(Inner), FailureAction = \"X\")] public partial class Outer { }" },
        { "MutuallyNestedWorkflows", Context + "[Workflow(typeof(Job))][Start(typeof(B))] public partial class A { }\n[Workflow(typeof(Job))][Start(typeof(C))] public partial class B { }\n[Workflow(typeof(Job))][Start(typeof(B))] public partial class C { }" },
        { "ErrorTypeNodeContext", "[Node] public partial class Step { public void Process(Missing job) { } }" },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task NeverThrowsAndNeverEmitsBrokenCode(string name, string body)
    {
        var source = Prelude + (body.StartsWith("namespace", StringComparison.Ordinal) ? body : "namespace Typing;\n\n" + body);
        var result = await FloxideAnalysis.RunAsync(source, includeCompilerDiagnostics: true);
        var generatedErrors = result.Diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath is { } path && path.EndsWith(".g.cs", StringComparison.Ordinal))
            .Select(d => d.ToString() + "\n" + d.Location.SourceTree!.GetText().ToString())
            .ToList();
        output.WriteLine($"SUMMARY {name}: files={result.GeneratedFiles} flx=[{string.Join(",", result.Floxide.Select(d => d.Id).Distinct())}] errors=[{string.Join(",", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).Distinct())}]");

        Assert.True(result.Failures.Count == 0, name + ": " + string.Join("\n", result.Failures));
        Assert.True(generatedErrors.Count == 0, name + ": " + string.Join("\n", generatedErrors.Take(3)));
    }
}

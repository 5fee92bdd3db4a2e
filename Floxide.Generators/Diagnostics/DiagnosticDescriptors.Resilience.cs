using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Diagnostics;

/// <content>
/// The rules about resilience attributes: <c>[Retry]</c>, <c>[Timeout]</c>, <c>[RateLimit]</c>, <c>[ConcurrencyLimit]</c> and <c>[AdaptiveConcurrency]</c>
/// (FLX0150 to FLX0199).
/// </content>
internal static partial class DiagnosticDescriptors
{
    /// <summary>FLX0150: a retry with fewer than one attempt.</summary>
    public static readonly DiagnosticDescriptor RetryAttemptsBelowOne = Create(
        "FLX0150",
        "A retry needs at least one attempt",
        "[Retry(MaxAttempts = {0})] on '{1}' is invalid: MaxAttempts counts every attempt, the first included, so it must be at least 1",
        ResilienceCategory,
        DiagnosticSeverity.Error,
        "MaxAttempts is the total number of attempts: 1 runs once and never retries, 4 retries up to three times. Below 1 nothing would ever run.");

    /// <summary>FLX0151: a retry delay outside Polly's range, 0 to 1 day.</summary>
    public static readonly DiagnosticDescriptor RetryDelayOutOfRange = Create(
        "FLX0151",
        "A retry delay must be from 0 ms to 1 day",
        "[Retry(DelayMs = {0})] on '{1}' is invalid: the delay before a retry must be from 0 to 86400000 milliseconds (1 day), the range Polly accepts",
        ResilienceCategory,
        DiagnosticSeverity.Error,
        "The delay is how long to wait before retrying (the base of the backoff). Polly accepts 0 to 1 day and rejects anything else when the pipeline is built, in the type's static initialiser: a TypeInitializationException at run time that leaves the type unusable for the rest of the process.");

    /// <summary>FLX0160: a retry backoff that is not a <c>RetryBackoff</c> member, such as a cast number.</summary>
    public static readonly DiagnosticDescriptor RetryBackoffUndefined = Create(
        "FLX0160",
        "A retry's Backoff must be a RetryBackoff member",
        "[Retry(Backoff = {0})] on '{1}' is invalid: Backoff must be RetryBackoff.Constant, RetryBackoff.Linear or RetryBackoff.Exponential",
        ResilienceCategory,
        DiagnosticSeverity.Error,
        "An enum argument can hold any number through a cast, and there is no backoff for a number that names no RetryBackoff member: the generator would have to guess one. Use one of the members.");

    /// <summary>FLX0152: a retried type that is not an exception.</summary>
    public static readonly DiagnosticDescriptor RetryOnNonException = Create(
        "FLX0152",
        "A retry's On types must be exceptions",
        "[Retry(On = ...)] on '{0}' names '{1}', which is not an exception type: only exceptions (System.Exception or a type derived from it, with any type arguments given) can be retried on",
        ResilienceCategory,
        DiagnosticSeverity.Error,
        "On lists the exceptions that are retried; a type that is not an exception can never be thrown, so the retry would silently never happen.");

    /// <summary>FLX0161: a retried exception type that is file-local, which the generated code cannot name.</summary>
    public static readonly DiagnosticDescriptor RetryOnFileLocalType = Create(
        "FLX0161",
        "A retry's On types cannot be file-local",
        "[Retry(On = ...)] on '{0}' names '{1}', which is or uses a file-local type: the code generated for '{0}' is in a file of its own and cannot name it",
        ResilienceCategory,
        DiagnosticSeverity.Error,
        "The generated retry tests each failure against the On types by name, in a generated file; a type declared 'file' is visible only in its own file, so the generated code would not compile. Declare the exception without 'file' (internal keeps it inside the assembly).");

    /// <summary>FLX0153: a timeout outside Polly's range, 10 ms to 1 day.</summary>
    public static readonly DiagnosticDescriptor TimeoutOutOfRange = Create(
        "FLX0153",
        "A timeout must be from 10 ms to 1 day",
        "{0} on '{1}' is invalid: a timeout must be from 10 to 86400000 milliseconds (1 day), the range Polly accepts",
        ResilienceCategory,
        DiagnosticSeverity.Error,
        "A timeout of 0 (the value when Ms is not given) would fail every attempt before it starts. Polly accepts timeouts from 10 ms to 1 day and rejects anything else when the pipeline is built, in the type's static initialiser: a TypeInitializationException at run time that leaves the type unusable for the rest of the process.");

    /// <summary>FLX0154: a rate limit that is not positive.</summary>
    public static readonly DiagnosticDescriptor RateNotPositive = Create(
        "FLX0154",
        "A rate limit must allow at least 1 permit per second",
        "{0} on '{1}' is invalid: at least 1 permit per second must be allowed",
        ResilienceCategory,
        DiagnosticSeverity.Error,
        "A rate of 0 (the value when PermitsPerSecond is not given) or less would never let anything start: the batch or step would wait forever.");

    /// <summary>FLX0165: a concurrency limit that is not positive.</summary>
    public static readonly DiagnosticDescriptor ConcurrencyLimitNotPositive = Create(
        "FLX0165",
        "A concurrency limit must allow at least 1 run at once",
        "{0} on '{1}' is invalid: at least 1 run of the step at once must be allowed",
        ResilienceCategory,
        DiagnosticSeverity.Error,
        "A limit of 0 (the value when PermitLimit is not given) or less would never let a run start. ConcurrencyLimiter rejects it when the limiter is built, in the node's static initialiser: a TypeInitializationException at run time that leaves the type unusable for the rest of the process.");

    /// <summary>FLX0166: [ConcurrencyLimit] on a type that is not a [Node].</summary>
    public static readonly DiagnosticDescriptor ConcurrencyLimitWithoutEffect = Create(
        "FLX0166",
        "[ConcurrencyLimit] has no effect outside a [Node]",
        "[ConcurrencyLimit] on '{0}' has no effect: it limits the runs of one step at once, so only a [Node] reads it{1}",
        ResilienceCategory,
        DiagnosticSeverity.Warning,
        "The generator reads [ConcurrencyLimit] only on a [Node], into that step's pipeline; on a [BatchContext], a [Workflow] or a plain class nothing is limited. Put it on the step that calls the service or database. A batch's runs at once are its MaxDegreeOfParallelism (on [BatchContext] or in BatchOptions), and one limit shared by several batches is one limiter in their options: BatchOptions.RateLimiter = new ConcurrencyLimiter(...).");

    /// <summary>FLX0155: a resilience attribute on a type the generator does not wrap.</summary>
    public static readonly DiagnosticDescriptor ResilienceAttributeWithoutEffect = Create(
        "FLX0155",
        "Resilience attributes have no effect outside a [BatchContext] or a [Node]",
        "[{0}] on '{1}' has no effect: resilience attributes apply to a [BatchContext] (each item's workflow) or a [Node] (that step)",
        ResilienceCategory,
        DiagnosticSeverity.Warning,
        "The generator reads [Retry], [Timeout] and [RateLimit] only on a [BatchContext] or a [Node] type; elsewhere (a [Workflow], a plain class) nothing is retried, timed out or limited. Put it on the context or on the step, or wrap a node in code with Node.WithResilience.");

    /// <summary>FLX0156: an [AdaptiveConcurrency] setting out of its range.</summary>
    public static readonly DiagnosticDescriptor AdaptiveSettingOutOfRange = Create(
        "FLX0156",
        "An [AdaptiveConcurrency] setting is out of range",
        "[AdaptiveConcurrency({0} = {1})] on '{2}' is invalid: {0} must be {3}",
        ResilienceCategory,
        DiagnosticSeverity.Error,
        "The levels must be at least 1, the decrease factor above 0 and below 1, and a latency threshold at least 1 ms; AdaptiveConcurrency rejects anything else when the options are built, which would fail the type's initialisation at run time.");

    /// <summary>FLX0157: an [AdaptiveConcurrency] reader that names no fitting method.</summary>
    public static readonly DiagnosticDescriptor AdaptiveReaderNotFound = Create(
        "FLX0157",
        "An [AdaptiveConcurrency] reader must name a static method of the context that takes an exception",
        "[AdaptiveConcurrency({0} = \"{1}\")] on '{2}' names no static method '{3} {1}(Exception)' of '{2}' or a base type it can call{4}",
        ResilienceCategory,
        DiagnosticSeverity.Error,
        "An attribute cannot hold a delegate, so IsThrottled and RetryAfter name a static method of the context instead (use nameof): IsThrottled one that returns bool, RetryAfter one that returns TimeSpan?, each taking the attempt's Exception. A bare name, a string or nameof(M), is always the context's; a method of another type is named with its type, nameof(Type.M) (FLX0164). A method that is [Obsolete(..., error: true)] is refused (not for an obsolete base type, which the generated call does not name, nor inside an [Obsolete] context, where C# reports no obsolete use): nameof does not report it, but the generated call would get an error no pragma silences. Other [Obsolete] and [Experimental] readers are used, their diagnostics silenced in the generated file.");

    /// <summary>FLX0158: [AdaptiveConcurrency] on a type that is not a [BatchContext].</summary>
    public static readonly DiagnosticDescriptor AdaptiveConcurrencyWithoutEffect = Create(
        "FLX0158",
        "[AdaptiveConcurrency] has no effect outside a [BatchContext]",
        "[AdaptiveConcurrency] on '{0}' has no effect: it sets the generated batch options of a [BatchContext], and '{0}' is not one",
        ResilienceCategory,
        DiagnosticSeverity.Warning,
        "Adaptive concurrency gates a batch's item attempts, so the generator reads [AdaptiveConcurrency] only on a [BatchContext], into its DefaultBatchOptions; on a [Node], a [Workflow] or a plain class nothing adapts. Put it on the context, or set BatchOptions.AdaptiveConcurrency in code.");

    /// <summary>FLX0159: a [Timeout] on a [Node] whose process method takes no CancellationToken, so nothing can stop it.</summary>
    public static readonly DiagnosticDescriptor TimeoutWithoutCancellationToken = Create(
        "FLX0159",
        "A [Timeout] cannot stop a process method that takes no CancellationToken",
        "[Timeout] on '{0}' cannot stop '{0}.{1}': the method takes no CancellationToken, and the timeout only cancels that token, so a run past the timeout goes on to its end instead of timing out",
        ResilienceCategory,
        DiagnosticSeverity.Warning,
        "Polly's timeout is cooperative: when the time is up it cancels the token the work was given, and the attempt fails only if the work then stops with an OperationCanceledException. The generated node passes that token to the process method only when the method takes one; without it nothing tells the method to stop, and a run that ends long after the timeout still succeeds. Take a CancellationToken and pass it on to the calls that wait (the code fix adds the parameter).");

    /// <summary>FLX0162: a [Retry] on a [Node] that takes a DbContext: the retry re-runs the step on the same context.</summary>
    public static readonly DiagnosticDescriptor RetryOverUnitOfWork = Create(
        "FLX0162",
        "A step-level [Retry] re-runs with the DbContext the failed try used",
        "[Retry] on '{0}' re-runs its step with the same {1} ('{2}'), whose change tracker still holds what the failed try added, so the retry's SaveChanges can write it twice; retry the whole item instead ([Retry] on the [BatchContext]), which with CreateScopedNode gets a fresh DbContext per attempt",
        ResilienceCategory,
        DiagnosticSeverity.Warning,
        "A [Retry] on a [Node] retries inside the node's RunAsync, on the same node instance and so on the DbContext it was created with. Entities the failed try added or changed stay tracked, and the retry's SaveChanges writes them again (duplicate rows), or fails on them. A retry of the whole item ([Retry] on the [BatchContext], or BatchOptions.ResiliencePipeline) runs the item workflow again, and an item workflow made with CreateScopedNode resolves it, with a fresh DbContext, for each attempt. A node that takes an IDbContextFactory and creates a context per try is not reported.");

    /// <summary>FLX0163: a [Timeout] on a [Node] whose process method takes the CancellationToken but never uses it.</summary>
    public static readonly DiagnosticDescriptor TimeoutWithUnusedCancellationToken = Create(
        "FLX0163",
        "A [Timeout] cannot stop a process method that never uses its CancellationToken",
        "[Timeout] on '{0}' cannot stop '{0}.{1}': the method takes a CancellationToken ('{2}') but never uses it, and the timeout only cancels that token, so a run past the timeout goes on to its end instead of timing out",
        ResilienceCategory,
        DiagnosticSeverity.Warning,
        "Polly's timeout is cooperative: when the time is up it cancels the token the work was given, and the attempt fails only if the work then stops with an OperationCanceledException. The generated node passes that token to the process method, but a method that never reads it or passes it on cannot see it cancelled, and a run that ends long after the timeout still succeeds. A parameter named _ is reported too, and so is a token only named in nameof or assigned to a discard (_ = token): ignoring the token on purpose leaves the timeout just as dead. Pass the token on to the calls that wait, or check it between pieces of work. A method that takes no token at all is FLX0159's.");

    /// <summary>FLX0167: a [ConcurrencyLimit] step whose process method makes a run of itself.</summary>
    public static readonly DiagnosticDescriptor LimitedStepRunsItself = Create(
        "FLX0167",
        "A step with [ConcurrencyLimit] that runs itself can deadlock",
        "'{0}.{1}' makes a run of '{0}' inside its own run: the nested run waits for a permit of the same [ConcurrencyLimit(PermitLimit = {2})], which this run holds until the nested one ends, so once PermitLimit runs wait so the step never moves again; give the nested work a step of its own",
        ResilienceCategory,
        DiagnosticSeverity.Warning,
        "A [ConcurrencyLimit] is one limiter for the step in the process, and a run holds its permit until it ends. A run that starts a batch whose items run the same step, or calls the step itself, waits for that nested run while holding a permit the nested run needs: once PermitLimit runs wait so, no permit is ever given back and the batch hangs until it is canceled. Give the nested work a node type of its own (with its own limit, or none). The rule sees, in its process method, the step's own type created with new or written as a type argument (GetRequiredService<T>, CreateScopedNode), a step of its type handed on as a node (CreateBatchFlow(this), a field, a factory's result), and a call of its own RunAsync; it does not follow calls or locals.");

    /// <summary>FLX0164: an [AdaptiveConcurrency] reader named <c>nameof(Type.M)</c> that no overload of that type's can be.</summary>
    public static readonly DiagnosticDescriptor AdaptiveReaderOfTypeUnusable = Create(
        "FLX0164",
        "An [AdaptiveConcurrency] reader named nameof(Type.M) must be a static method of that type that takes an exception",
        "[AdaptiveConcurrency({0} = nameof({1}))] on '{2}' names no method the generated code can use as the reader: {3}",
        ResilienceCategory,
        DiagnosticSeverity.Error,
        "nameof(Type.M) names a method of another type as the reader, such as Floxide's own ThrottlingSignals.RetryAfterOf, and the generated DefaultBatchOptions pass global::Type.M as the delegate. So one overload must take the attempt's Exception (or object) and return bool for IsThrottled, TimeSpan? for RetryAfter (the other overloads are ignored), and be static, not generic, not a static abstract or virtual interface member, and callable from the context, in a type a generated file can name: not file-local, with no type parameters but the context's. Nor can it be [Obsolete(..., error: true)], or be in a type that is: nameof does not report it, but the generated call would get an error no pragma silences. Other [Obsolete] and [Experimental] readers are used, their diagnostics silenced in the generated file.");
}

using System.Collections.Concurrent;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;
using Polly;
using Polly.Retry;

namespace Floxide;

/// <summary>
/// The pipelines the Floxide generator builds from <c>[Retry]</c>, <c>[Timeout]</c>, <c>[RateLimit]</c> and <c>[ConcurrencyLimit]</c>, put on the
/// batch's clock: a pipeline keeps the clock it was built with, so the generated code declares how to build one, and a
/// batch whose <see cref="BatchOptions.TimeProvider"/> is not the system's (a test's <c>FakeTimeProvider</c>) runs one
/// built on its clock instead. For generated code: not meant to be called by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedResilience
{
    private static readonly ConditionalWeakTable<ResiliencePipeline, Declared> Declarations = new();

    // The longest delay a [Retry] can declare (Polly's own bound on RetryStrategyOptions.Delay).
    private static readonly TimeSpan LongestDeclaredDelay = TimeSpan.FromDays(1);

    // Lazy, so two closed types initialised at once make one limiter: a factory run twice would make one nobody uses.
    private static readonly ConcurrentDictionary<(Type Declaration, string Attribute), Lazy<RateLimiter>> GenericLimiters = new();

    /// <summary>Builds a declared pipeline on the system's clock, remembering how to build it on another.</summary>
    /// <param name="build">Builds the pipeline on the clock it is given.</param>
    /// <returns>The pipeline on <see cref="TimeProvider.System"/>.</returns>
    public static ResiliencePipeline Declare(Func<TimeProvider, ResiliencePipeline> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var pipeline = build(TimeProvider.System);
        Declarations.AddOrUpdate(pipeline, new Declared(build));
        return pipeline;
    }

    /// <summary>
    /// Gets a step's declared pipeline on the clock of the batch running it: <paramref name="declared"/> itself on the
    /// system's clock, or outside a batch.
    /// </summary>
    /// <param name="declared">A pipeline <see cref="Declare"/> returned.</param>
    /// <returns>The pipeline to run.</returns>
    public static ResiliencePipeline OnBatchClock(ResiliencePipeline declared) =>
        BatchClock.Current is { } clock ? On(declared, clock) : declared;

    /// <summary>
    /// Gets the one limiter a generic type's <c>[ConcurrencyLimit]</c> or <c>[RateLimit]</c> declares: each closed type
    /// (<c>Save&lt;Order&gt;</c>, <c>Save&lt;Refund&gt;</c>) runs its own static initialiser, and all of them share the
    /// limiter <paramref name="create"/> makes for the first, as the service it protects is one.
    /// </summary>
    /// <param name="declaration">The generic type definition that declares the limit (<c>typeof(Save&lt;&gt;)</c>).</param>
    /// <param name="attribute">The attribute that declares it: a type may declare both kinds.</param>
    /// <param name="create">Makes the limiter, once per declaration and attribute.</param>
    /// <returns>The declaration's limiter.</returns>
    public static RateLimiter SharedLimiter(Type declaration, string attribute, Func<RateLimiter> create)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        ArgumentNullException.ThrowIfNull(attribute);
        ArgumentNullException.ThrowIfNull(create);
        return GenericLimiters.GetOrAdd((declaration, attribute), static (_, create) => new Lazy<RateLimiter>(create), create).Value;
    }

    /// <summary>
    /// Makes the token bucket a <c>[RateLimit]</c> declares: <paramref name="permitsPerSecond"/> permits a second, one every
    /// 1/<paramref name="permitsPerSecond"/> s, up to as many at once, on the system's clock. A batch on another clock (a
    /// test's <c>FakeTimeProvider</c>) takes its permits from the bucket's twin on that clock (<see cref="OnClock"/>).
    /// </summary>
    /// <param name="permitsPerSecond">The rate and the burst, at least 1.</param>
    /// <returns>The bucket on <see cref="TimeProvider.System"/>.</returns>
    public static RateLimiter DeclareRateLimit(int permitsPerSecond) => new TokenBucket(permitsPerSecond, TimeProvider.System);

    /// <summary>
    /// Gets a declared limiter on <paramref name="time"/>: a <c>[RateLimit]</c>'s bucket (<see cref="DeclareRateLimit"/>)
    /// counts its time on that clock, through the twin made for it, one per clock, which every batch on the clock shares;
    /// any other limiter (a <c>[ConcurrencyLimit]</c>'s, one built by hand) is itself, whatever the clock.
    /// </summary>
    /// <param name="limiter">The limiter.</param>
    /// <param name="time">The clock of the batch or pipeline it limits.</param>
    /// <returns>The limiter to take permits from.</returns>
    public static RateLimiter OnClock(RateLimiter limiter, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(limiter);
        ArgumentNullException.ThrowIfNull(time);
        return limiter is TokenBucket bucket ? bucket.OnClock(time) : limiter;
    }

    /// <summary>
    /// The delay before a declared <c>[Retry]</c>'s next attempt: the wait the failed attempt's exception asks for
    /// (<see cref="ThrottlingSignals.RetryAfterOf(Exception)"/>: a throttled response's <c>Retry-After</c>, a refused
    /// permit's), up to one day (the longest delay a <c>[Retry]</c> can declare: a far-off date must not hold the item
    /// for weeks); null when it asks for none, or for a negative wait, for the declared backoff.
    /// </summary>
    /// <param name="args">Polly's arguments for the delay.</param>
    /// <returns>The wait, or null for the declared backoff.</returns>
    public static ValueTask<TimeSpan?> RetryAfterDelay(RetryDelayGeneratorArguments<object> args) =>
        new(args.Outcome.Exception is { } exception && ThrottlingSignals.RetryAfterOf(exception) is { } wait && wait >= TimeSpan.Zero
            ? (wait < LongestDeclaredDelay ? wait : LongestDeclaredDelay)
            : null);

    /// <summary>
    /// Whether a bare <c>[Retry]</c> (no <c>On</c>) retries a failed attempt: every exception but the run's cancellation
    /// (see <see cref="RetryUnlessCanceled"/>), so an <c>HttpClient</c>'s timeout, a cancellation of its own, is retried.
    /// </summary>
    /// <param name="args">Polly's arguments for the predicate.</param>
    /// <returns>Whether to retry.</returns>
    public static ValueTask<bool> RetryAnyFailure(RetryPredicateArguments<object> args) =>
        new(args.Outcome.Exception is { } exception && !IsRunCanceled(exception, args.Context));

    /// <summary>
    /// Whether a <c>[Retry]</c> with <c>On</c> retries a failed attempt: what <paramref name="handles"/> handles, but never
    /// the run's cancellation, even when <c>On</c> names a cancellation's type.
    /// </summary>
    /// <param name="handles">The predicate <c>On</c> declares.</param>
    /// <returns>The predicate to give the retry.</returns>
    public static Func<RetryPredicateArguments<object>, ValueTask<bool>> RetryUnlessCanceled(Func<RetryPredicateArguments<object>, ValueTask<bool>> handles)
    {
        ArgumentNullException.ThrowIfNull(handles);
        return args => args.Outcome.Exception is { } exception && IsRunCanceled(exception, args.Context) ? new(false) : handles(args);
    }

    /// <summary>
    /// Whether <paramref name="exception"/> is the run's cancellation: a cancellation while the execution's token is
    /// canceled, or while the batch running it has stopped its attempts. That token may read canceled a moment later (it
    /// is linked to the batch's, whose cancellation runs the callbacks registered later first, and continuations they run
    /// inline), and a retry in that moment would be a new call after the cancel.
    /// </summary>
    private static bool IsRunCanceled(Exception exception, ResilienceContext context) =>
        exception is OperationCanceledException && (context.CancellationToken.IsCancellationRequested || CurrentBatch.AttemptsStopped);

    /// <summary>
    /// Gets <paramref name="pipeline"/> on <paramref name="time"/>: built again on it (once per clock) when the generator
    /// declared it, else unchanged, since a pipeline built by hand keeps the clock it was given.
    /// </summary>
    internal static ResiliencePipeline On(ResiliencePipeline pipeline, TimeProvider time) =>
        !ReferenceEquals(time, TimeProvider.System) && Declarations.TryGetValue(pipeline, out var declared)
            ? declared.On(time)
            : pipeline;

    /// <summary>How a declared pipeline is built, and what it was built on so far (dropped with each clock).</summary>
    private sealed class Declared(Func<TimeProvider, ResiliencePipeline> build)
    {
        private readonly ConditionalWeakTable<TimeProvider, ResiliencePipeline> _byClock = new();
        private readonly ConditionalWeakTable<TimeProvider, ResiliencePipeline>.CreateValueCallback _build = new(build); // made once, not per step run

        public ResiliencePipeline On(TimeProvider time) => _byClock.GetValue(time, _build);
    }
}

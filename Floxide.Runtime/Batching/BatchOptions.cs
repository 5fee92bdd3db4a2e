using System.Threading.RateLimiting;
using Polly;

namespace Floxide;

/// <summary>How a batch runs: its concurrency limit and its reaction to failures.</summary>
public sealed record BatchOptions
{
    private readonly int _maxDegreeOfParallelism = Environment.ProcessorCount;
    private readonly TimeSpan _cancellationGracePeriod;

    /// <summary>
    /// Gets how many items may run at once, at least 1; defaults to the processor count.
    /// Never more than this many items are in flight, whatever the engine does internally.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(MaxDegreeOfParallelism));
            _maxDegreeOfParallelism = value;
        }
    }

    /// <summary>Gets how the batch reacts to a failed item; defaults to <see cref="BatchErrorMode.ContinueOnError"/>.</summary>
    public BatchErrorMode ErrorMode { get; init; }

    /// <summary>
    /// Gets how long the attempts running when the batch is canceled may go on before their token is canceled: a drain.
    /// Canceled, the batch reads and starts no further item or attempt at once (a wait for a retry's delay, a permit or a
    /// slot ends, and its item is <see cref="BatchItemStatus.Canceled"/>), while each attempt already running ends as it
    /// would have: a success, or a failure that is final, is its result; a failure the pipeline would have retried is
    /// <see cref="BatchItemStatus.Canceled"/> (so a durable rerun runs it again), and so is an attempt that a timeout in
    /// the item's pipeline stops within the period, even one no retry would follow (a limitation: the item's token, canceled
    /// as the attempt ends, reaches Polly's timeout first, so it is not <see cref="BatchItemResult{TContext, TItem}.TimedOut"/>). The running
    /// attempt is the whole item workflow: its later steps, a step's own retries (a <c>[Retry]</c> on a <c>[Node]</c>, a
    /// step's <c>WithResilience</c>) and the items of a batch a step runs go on within the period. Attempts still running when the
    /// period ends see their token canceled. Then the batch throws <see cref="OperationCanceledException"/> as ever, after
    /// merging (and recording) every result. Zero (the default) cancels running attempts at once;
    /// <see cref="Timeout.InfiniteTimeSpan"/> lets them run to their end, as does a period longer than a timer can wait
    /// (about 49.7 days). An attempt that ends in the period with an <see cref="OperationCanceledException"/> of its own
    /// (an <c>HttpClient</c>'s timeout) is <see cref="BatchItemStatus.Canceled"/>, as after any cancellation; Polly still
    /// reports a retry it then does not make (<c>OnRetry</c>, its telemetry). Timed on <see cref="TimeProvider"/>. The batch's own stops (fail-fast, a
    /// failed merge or store) and a stream's consumer that leaves early (also during the period) still stop everything at
    /// once.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set negative, other than <see cref="Timeout.InfiniteTimeSpan"/>.</exception>
    public TimeSpan CancellationGracePeriod
    {
        get => _cancellationGracePeriod;
        init
        {
            if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(CancellationGracePeriod), value, "A grace period is zero or more, or Timeout.InfiniteTimeSpan to let running attempts finish.");
            }

            _cancellationGracePeriod = value;
        }
    }

    /// <summary>
    /// Gets whether each item's <see cref="BatchItemResult{TContext, TItem}.Duration"/> is measured;
    /// defaults to false, and every duration is then zero. Measuring reads the clock once per item,
    /// which costs about as much as a trivial item itself, so it is for when the durations are used.
    /// </summary>
    public bool MeasureItemDurations { get; init; }

    /// <summary>
    /// Gets the action a batch node returns when at least one item failed, so a workflow can route
    /// on it; null (the default) returns <see cref="NodeAction.Default"/> either way.
    /// </summary>
    public NodeAction? FailureAction { get; init; }

    /// <summary>
    /// Gets where the batch logs (category <c>Floxide.Batch</c>): started and finished with counts and duration,
    /// each failed item as a warning with its index and exception, cancellation, a failed source. Null (the
    /// default) logs nothing and costs nothing; <c>services.AddFloxide()</c> registers options that use the
    /// container's factory.
    /// </summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>
    /// Gets the clock for every delay and duration the engine owns: item durations, the batch's
    /// duration, progress reports, the adaptive concurrency's latency, and the delays and timeouts of the pipelines
    /// the generator builds from <c>[Retry]</c> and <c>[Timeout]</c> (a context's, and its steps' while this batch runs
    /// them in this process; not a silo's), which it builds again on this clock, once per clock, and the durable run's
    /// lease unless <see cref="DurableRun{TContext, TItem}.TimeProvider"/> is set. A batch node run as a workflow's step
    /// (a <c>[BatchStep]</c>) whose options say the system's clock, default or not, runs on the clock of the batch its
    /// workflow runs in; any other batch runs on its own; defaults to <see cref="TimeProvider.System"/>. A
    /// pipeline built by hand, in <see cref="ResiliencePipeline"/> or a step's <c>WithResilience</c>, keeps its own
    /// (<c>ResiliencePipelineBuilder.TimeProvider</c>): build it with the same one. Rate limiters refill on real time.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Gets the resilience pipeline (retry, timeout, ...) around each item's whole workflow; null (the
    /// default) runs each item once. Every attempt runs on a fresh item context, so a failed attempt's
    /// outputs never reach the merge; the pipeline sees the batch's cancellation token, and a canceled
    /// batch is never retried. It sees what the failing step threw (not the workflow's
    /// <see cref="NodeFailedException"/>), so <c>Handle&lt;HttpRequestException&gt;()</c> means what it says.
    /// </summary>
    public ResiliencePipeline? ResiliencePipeline { get; init; }

    /// <summary>
    /// Gets a rate limiter the whole batch shares: every attempt of every item acquires one permit
    /// before it starts and holds it while it runs; null (the default) for none. A permit the limiter
    /// refuses fails the attempt with <see cref="RateLimitRejectedException"/>. A limiter per item
    /// (per host, per tenant) is <see cref="BatchNode{TContext, TItem}.ItemRateLimiter"/>.
    /// </summary>
    public RateLimiter? RateLimiter { get; init; }

    /// <summary>
    /// Gets the adaptive concurrency settings: when set, <see cref="MaxDegreeOfParallelism"/> becomes a
    /// ceiling and the batch finds the level the downstream service sustains (see
    /// <see cref="Floxide.AdaptiveConcurrency"/>); null (the default) runs at the ceiling.
    /// </summary>
    public AdaptiveConcurrency? AdaptiveConcurrency { get; init; }
}

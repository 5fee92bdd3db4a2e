using System.Diagnostics.CodeAnalysis;
using System.Threading.RateLimiting;
using Polly;

namespace Floxide;

/// <summary>
/// Floxide's additions to Polly's pipeline builder: a rate limit (Polly.Core has no rate limiter strategy of its own),
/// the throttling signals a step's retry would otherwise hide from adaptive concurrency, and where an item's pipeline
/// waits for the batch to admit each attempt.
/// </summary>
public static class FloxideResiliencePipelineBuilderExtensions
{
    /// <summary>
    /// Adds a rate limit: each execution takes one permit from <paramref name="limiter"/> first and holds
    /// it while it runs. A refused permit fails the execution with <see cref="RateLimitRejectedException"/>
    /// naming <paramref name="name"/>; a retry outside this strategy may retry it. Canceling ends the wait.
    /// </summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="limiter">The limiter; the caller owns it (it is not disposed with the pipeline).</param>
    /// <param name="name">The limiter's name in errors.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddRateLimit<TBuilder>(this TBuilder builder, RateLimiter limiter, string name)
        where TBuilder : ResiliencePipelineBuilderBase
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(limiter);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Add(builder, _ => new RateLimitStrategy(limiter, name));
    }

    /// <summary>
    /// Reports each execution's exception to adaptive concurrency (<see cref="BatchOptions.AdaptiveConcurrency"/>) when
    /// the pipeline runs inside an attempt of an adaptive batch's item: a throttling signal lowers the batch's level and a
    /// wait it asks for (<see cref="AdaptiveConcurrency.RetryAfter"/>) pauses the batch at once, although a retry around
    /// this strategy then retries the call and the item may succeed. Add it right after the retry (so it sees every
    /// attempt the retry makes, rate limiter refusals and timeouts included). Anywhere else it passes outcomes through.
    /// <see cref="Node.WithResilience{TContext}"/> and the generator's <c>[Retry]</c> on a <c>[Node]</c> add it for you;
    /// add it yourself to a pipeline a step runs on its own. It reads exceptions only: for an <see cref="HttpClient"/> that
    /// retries 429 responses itself, put a <see cref="ThrottlingSignalHandler"/> inside its retry instead. If a reader
    /// throws, the execution fails with an <see cref="InvalidOperationException"/> naming it.
    /// </summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddThrottlingSignals<TBuilder>(this TBuilder builder)
        where TBuilder : ResiliencePipelineBuilderBase
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Add(builder, _ => new ThrottlingSignalStrategy());
    }

    /// <summary>
    /// Marks where an item-level pipeline (<see cref="BatchOptions.ResiliencePipeline"/>) waits for the batch to admit each
    /// attempt: for a slot of the adaptive gate (<see cref="BatchOptions.AdaptiveConcurrency"/>, paused by a Retry-After
    /// included) and for the rate limiters' permits (<see cref="BatchOptions.RateLimiter"/>,
    /// <see cref="BatchNode{TContext, TItem}.ItemRateLimiter"/>). Add it right after the retry and before a timeout, so the
    /// timeout times the item's work and not its wait in the queue. Without it the wait happens inside the whole pipeline,
    /// so a timeout counts it. The generator's <c>[Retry]</c> and <c>[Timeout]</c> on a <c>[BatchContext]</c> add it for
    /// you. Anywhere but an item-level pipeline it passes executions through.
    /// </summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddBatchAdmission<TBuilder>(this TBuilder builder)
        where TBuilder : ResiliencePipelineBuilderBase
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Add(builder, _ => new BatchAdmissionStrategy());
    }

    /// <summary>Adds one of Floxide's strategies, which have no options (<see cref="EmptyStrategyOptions"/>).</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The options have no members for Polly's data-annotations validation to read.")]
    private static TBuilder Add<TBuilder>(TBuilder builder, Func<StrategyBuilderContext, ResilienceStrategy> factory)
        where TBuilder : ResiliencePipelineBuilderBase =>
        builder.AddStrategy(factory, new EmptyStrategyOptions());
}

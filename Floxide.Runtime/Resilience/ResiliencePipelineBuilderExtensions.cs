using System.Diagnostics.CodeAnalysis;
using System.Threading.RateLimiting;
using Polly;

namespace Floxide;

/// <summary>Floxide's additions to Polly's pipeline builder (Polly.Core has no rate limiter strategy of its own).</summary>
public static class ResiliencePipelineBuilderExtensions
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
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The options have no members for Polly's data-annotations validation to read.")]
    public static TBuilder AddRateLimit<TBuilder>(this TBuilder builder, RateLimiter limiter, string name)
        where TBuilder : ResiliencePipelineBuilderBase
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(limiter);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return builder.AddStrategy(_ => new RateLimitStrategy(limiter, name), new RateLimitStrategyOptions());
    }
}

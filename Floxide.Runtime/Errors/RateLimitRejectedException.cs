using System.Threading.RateLimiting;

namespace Floxide;

/// <summary>
/// A rate limiter refused an item's attempt a permit: the attempt fails with this (a resilience
/// pipeline may retry it); it never waits forever. Adaptive concurrency reads it as a throttling signal.
/// </summary>
public sealed class RateLimitRejectedException : FloxideException
{
    /// <summary>Creates the error for a refused permit.</summary>
    /// <param name="limiter">Which limiter refused: <c>BatchOptions.RateLimiter</c>, <c>BatchNode.ItemRateLimiter</c> or a step's.</param>
    /// <param name="retryAfter">When the limiter suggested trying again, if it did.</param>
    public RateLimitRejectedException(string limiter, TimeSpan? retryAfter)
        : base(retryAfter is { } after
            ? $"The rate limiter {limiter} refused a permit; it suggests retrying after {after.TotalMilliseconds:F0} ms."
            : $"The rate limiter {limiter} refused a permit (its queue is full).")
    {
        Limiter = limiter;
        RetryAfter = retryAfter;
    }

    /// <summary>Gets which limiter refused the permit.</summary>
    public string Limiter { get; }

    /// <summary>Gets when the limiter suggested trying again, if it did.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// The error for <paramref name="refused"/>, a lease <paramref name="limiter"/> did not grant: this exception, with the
    /// wait the lease suggests; or, when reading that wait throws (a limiter that keeps it as another type than
    /// <see cref="TimeSpan"/> makes the BCL's cast throw), an <see cref="InvalidOperationException"/> naming the limiter.
    /// The caller still gives the lease back.
    /// </summary>
    internal static Exception Refusal(RateLimitLease refused, string limiter)
    {
        try
        {
            return new RateLimitRejectedException(limiter, refused.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : null);
        }
        catch (Exception ex)
        {
            return new InvalidOperationException($"{limiter} refused a permit with a lease whose Retry-After could not be read: {ex.Message}", ex);
        }
    }
}

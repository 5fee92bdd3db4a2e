using System.Threading.RateLimiting;
using Polly;
using Polly.Retry;

namespace Floxide.Runtime.Tests.Support;

/// <summary>
/// A limiter of one permit that the test holds, so the first acquire is refused, and a retry on that refusal that frees
/// the permit before it tries again: a step pipeline's rate limit that refuses once, then grants.
/// </summary>
public sealed class RefusedOncePermit : IDisposable
{
    private readonly RateLimitLease _held;

    public RefusedOncePermit()
    {
        Limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 });
        _held = Limiter.AttemptAcquire();
    }

    /// <summary>Gets the limiter, whose one permit the test holds until the retry.</summary>
    public ConcurrencyLimiter Limiter { get; }

    /// <summary>Gets one retry, at once, of a rate-limit refusal; the permit comes free before it.</summary>
    public RetryStrategyOptions RetryOnRefusal => new()
    {
        MaxRetryAttempts = 1,
        Delay = TimeSpan.Zero,
        ShouldHandle = new PredicateBuilder().Handle<RateLimitRejectedException>(),
        OnRetry = _ =>
        {
            _held.Dispose();
            return default;
        },
    };

    public void Dispose()
    {
        _held.Dispose();
        Limiter.Dispose();
    }
}

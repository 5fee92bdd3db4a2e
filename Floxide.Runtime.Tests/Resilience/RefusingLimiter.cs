using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Floxide.Runtime.Tests.Resilience;

/// <summary>
/// A limiter that refuses every request, waiting or not, with a <see cref="PlainLease"/> whose Retry-After is
/// <paramref name="retryAfter"/>'s raw value; it keeps the leases it handed out.
/// </summary>
internal sealed class RefusingLimiter(object? retryAfter) : RateLimiter
{
    /// <summary>Gets the leases handed out, in order.</summary>
    public ConcurrentQueue<PlainLease> Leases { get; } = new();

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Refuse();

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) => new(Refuse());

    private PlainLease Refuse()
    {
        var lease = new PlainLease(false, retryAfter);
        Leases.Enqueue(lease);
        return lease;
    }
}

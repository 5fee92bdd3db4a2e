using System.Threading.RateLimiting;
using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Resilience;

/// <summary>
/// A rate limiter that delegates to another and signals when it refuses a permit, queues a request or sees a queued one
/// canceled; it counts the permits asked of it, and calls <see cref="OnAsked"/> for each before it waits for one and
/// <see cref="OnQueued"/> for each the inner limiter queued.
/// </summary>
internal sealed class SignalingLimiter(RateLimiter inner) : RateLimiter
{
    private int _asked;

    public int Asked => Volatile.Read(ref _asked);

    public Action OnAsked { get; set; } = () => { };

    /// <summary>Gets or sets what is called for each request the inner limiter queues, once it is in the queue.</summary>
    public Action OnQueued { get; set; } = () => { };

    public Signal Refused { get; } = new();

    public Signal Queued { get; } = new();

    public Signal Withdrawn { get; } = new();

    public override TimeSpan? IdleDuration => inner.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => inner.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Seen(inner.AttemptAcquire(permitCount));

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _asked);
        OnAsked();
        var lease = inner.AcquireAsync(permitCount, cancellationToken);
        if (!lease.IsCompleted)
        {
            Queued.Set();
            OnQueued();
        }

        try
        {
            return Seen(await lease);
        }
        catch (OperationCanceledException)
        {
            Withdrawn.Set();
            throw;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private RateLimitLease Seen(RateLimitLease lease)
    {
        if (!lease.IsAcquired)
        {
            Refused.Set();
        }

        return lease;
    }
}

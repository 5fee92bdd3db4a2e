using System.Threading.RateLimiting;
using System.Threading.Tasks.Sources;
using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Resilience;

/// <summary>
/// A limiter for one request, which waits until <see cref="Grant"/>; the grant runs the waiter's continuation inline, on the
/// granting thread, before it returns. <see cref="Awaited"/> is set once the waiter has registered that continuation, so a
/// grant after it is certain to run it there (a task's "waiting" signal would come before its awaiter registers).
/// </summary>
internal sealed class InlineGrantLimiter : RateLimiter, IValueTaskSource<RateLimitLease>
{
    private ManualResetValueTaskSourceCore<RateLimitLease> _request; // continuations run synchronously by default

    public Signal Awaited { get; } = new();

    public override TimeSpan? IdleDuration => null;

    /// <summary>Gets the lease <see cref="Grant"/> handed out, or null before it.</summary>
    public PlainLease? Granted { get; private set; }

    /// <summary>Grants the request, running its continuation now.</summary>
    public void Grant() => _request.SetResult(Granted = new PlainLease(true));

    public override RateLimiterStatistics? GetStatistics() => null;

    RateLimitLease IValueTaskSource<RateLimitLease>.GetResult(short token) => _request.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<RateLimitLease>.GetStatus(short token) => _request.GetStatus(token);

    void IValueTaskSource<RateLimitLease>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        _request.OnCompleted(continuation, state, token, flags);
        Awaited.Set();
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => throw new NotSupportedException("only waits");

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) => new(this, _request.Version);
}

using System.Threading.RateLimiting;
using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Resilience;

/// <summary>
/// A limiter with one permit, never given back: the first request gets it, every later one waits until its token is
/// canceled, when <see cref="OnWaitCanceled"/> runs, inline, on the canceling thread (work the cancellation does there).
/// </summary>
internal sealed class OnePermitLimiter : RateLimiter
{
    private int _granted;

    /// <summary>Gets a signal set once a request waits.</summary>
    public Signal Waiting { get; } = new();

    /// <summary>Gets or sets what a waiting request's cancellation runs before it ends the wait.</summary>
    public Action OnWaitCanceled { get; init; } = () => { };

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => new PlainLease(Interlocked.Exchange(ref _granted, 1) == 0);

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _granted, 1) == 0)
        {
            return new(new PlainLease(true));
        }

        var wait = new TaskCompletionSource<RateLimitLease>(TaskCreationOptions.RunContinuationsAsynchronously);
        cancellationToken.Register(() =>
        {
            OnWaitCanceled();
            wait.TrySetCanceled(cancellationToken);
        });
        Waiting.Set();
        return new(wait.Task);
    }
}

using System.Threading.RateLimiting;
using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Resilience;

/// <summary>
/// A partition's limiter whose permits the test withholds until <see cref="Release"/>, which grants every waiting request
/// at once; or, when it <see cref="Refuses"/>, one that refuses every request. It counts the requests waiting.
/// </summary>
internal sealed class WithheldLimiter : RateLimiter
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets the requests waiting for a permit, now and at most.</summary>
    public Watermark Waiting { get; } = new();

    /// <summary>Gets or sets what is called as each request starts waiting.</summary>
    public Action OnWaiting { get; set; } = () => { };

    /// <summary>Gets whether every request is refused (a queue that is full) rather than withheld.</summary>
    public bool Refuses { get; init; }

    public override TimeSpan? IdleDuration => null;

    /// <summary>Grants every waiting request at once, and every later one at once.</summary>
    public void Release() => _released.TrySetResult();

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => new PlainLease(!Refuses && _released.Task.IsCompleted);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (Refuses || _released.Task.IsCompleted)
        {
            return new PlainLease(!Refuses);
        }

        Waiting.Enter();
        try
        {
            OnWaiting();
            await _released.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Waiting.Exit();
        }

        return new PlainLease(true);
    }
}

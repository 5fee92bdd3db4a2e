using System.Threading.RateLimiting;
using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Resilience;

/// <summary>
/// A concurrency limiter of the user's that hands a permit given back to the first request queued for one, inline: the
/// release completes that request's task without <see cref="TaskCreationOptions.RunContinuationsAsynchronously"/>, so
/// its continuation runs on the releasing thread before the release returns. (The built-in limiters complete
/// asynchronously.) Requests queue in order, without limit.
/// </summary>
internal sealed class InlineQueueLimiter(int permitLimit) : RateLimiter
{
    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource<RateLimitLease>> _queue = new();
    private int _available = permitLimit;
    private int _queuedTarget = int.MaxValue;
    private Signal? _queuedSignal;

    public override TimeSpan? IdleDuration => null;

    /// <summary>A signal set once <paramref name="count"/> requests wait at once.</summary>
    public Signal WhenQueued(int count)
    {
        lock (_lock)
        {
            _queuedTarget = count;
            return _queuedSignal = new Signal();
        }
    }

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_lock)
        {
            if (_available >= permitCount && _queue.Count == 0)
            {
                _available -= permitCount;
                return new Lease(this, permitCount);
            }

            return new PlainLease(false);
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        TaskCompletionSource<RateLimitLease> waiter;
        lock (_lock)
        {
            if (_available >= permitCount && _queue.Count == 0)
            {
                _available -= permitCount;
                return new(new Lease(this, permitCount));
            }

            waiter = new TaskCompletionSource<RateLimitLease>(); // continuations run inline: the point of this limiter
            _queue.Enqueue(waiter);
            if (_queue.Count >= _queuedTarget)
            {
                _queuedSignal?.Set();
            }
        }

        cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken)); // its place is skipped on release
        return new(waiter.Task);
    }

    private void Release(int permitCount)
    {
        while (true)
        {
            TaskCompletionSource<RateLimitLease>? next;
            lock (_lock)
            {
                if (!_queue.TryDequeue(out next))
                {
                    _available += permitCount;
                    return;
                }
            }

            // Out of the lock: the waiter's continuation runs here, now.
            if (next.TrySetResult(new Lease(this, permitCount)))
            {
                return;
            }
        }
    }

    private sealed class Lease(InlineQueueLimiter limiter, int permitCount) : RateLimitLease
    {
        private int _disposed;

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                limiter.Release(permitCount);
            }
        }
    }
}

using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;

namespace Floxide;

/// <summary>
/// The token bucket of a <c>[RateLimit]</c>: <see cref="PermitsPerSecond"/> permits a second, one every
/// 1/<see cref="PermitsPerSecond"/> s, up to as many at once, counted on a <see cref="TimeProvider"/>'s clock. The BCL's
/// <c>TokenBucketRateLimiter</c> times its refills with its own stopwatch whatever it is told, so a batch on a test's
/// clock would wait real seconds for its permits; this one reads the clock it is given, and a batch on another clock
/// takes the twin made for that clock (<see cref="OnClock"/>), one per clock for the declaration. Tokens are earned
/// lazily, from the time passed, so an idle bucket runs no timer; requests it cannot grant yet wait in the order they
/// came, as long as it takes, and one timer wakes the oldest when its tokens are due.
/// </summary>
internal sealed class TokenBucket : RateLimiter
{
    private static readonly RateLimitLease Granted = new Lease(true, null);

    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly TokenBucket _declared; // this one on the system's clock, which keeps the twins
    private readonly ConditionalWeakTable<TimeProvider, TokenBucket>? _twins;
    private readonly object _gate = new();
    private readonly LinkedList<Waiter> _queue = new();
    private ITimer? _timer;
    private long _earned; // tokens earned from _start up to the last refill, counted whether or not the bucket had room
    private int _tokens;
    private long _queuedPermits;
    private long _fullSince; // the timestamp at which the bucket last became full, when it is
    private long _succeeded;
    private long _failed;
    private bool _disposed;

    /// <summary>Initializes a full bucket of <paramref name="permitsPerSecond"/> permits on <paramref name="time"/>.</summary>
    /// <param name="permitsPerSecond">The rate and the burst, at least 1.</param>
    /// <param name="time">The clock that earns the tokens.</param>
    public TokenBucket(int permitsPerSecond, TimeProvider time)
        : this(permitsPerSecond, time, declared: null)
    {
    }

    private TokenBucket(int permitsPerSecond, TimeProvider time, TokenBucket? declared)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permitsPerSecond, 1);
        ArgumentNullException.ThrowIfNull(time);
        PermitsPerSecond = permitsPerSecond;
        _time = time;
        _start = time.GetTimestamp();
        _fullSince = _start;
        _tokens = permitsPerSecond;
        _declared = declared ?? this;
        _twins = declared is null ? new() : null;
    }

    /// <summary>Gets the rate, per second, and the most permits the bucket holds.</summary>
    public int PermitsPerSecond { get; }

    /// <inheritdoc/>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                Refill();
                return _tokens == PermitsPerSecond && _queue.Count == 0 ? _time.GetElapsedTime(_fullSince) : null;
            }
        }
    }

    /// <summary>
    /// Gets the bucket of the same declaration on <paramref name="time"/>: this one on its own clock, else the twin made
    /// (once) for that clock, which starts full. Batches on one clock share a bucket, as the service it protects is one.
    /// </summary>
    /// <param name="time">The clock of the batch that runs the limited work.</param>
    /// <returns>The bucket to take permits from.</returns>
    public TokenBucket OnClock(TimeProvider time) =>
        ReferenceEquals(time, _time) ? this
        : ReferenceEquals(time, _declared._time) ? _declared
        : _declared._twins!.GetValue(time, clock => new TokenBucket(PermitsPerSecond, clock, _declared));

    /// <inheritdoc/>
    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            Refill();
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = _tokens,
                CurrentQueuedCount = _queuedPermits,
                TotalSuccessfulLeases = _succeeded,
                TotalFailedLeases = _failed,
            };
        }
    }

    /// <inheritdoc/>
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        CheckPermitCount(permitCount);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Refill();
            if (_queue.Count == 0 && _tokens >= Math.Max(permitCount, 1))
            {
                return Take(permitCount);
            }

            // Behind the queue, as a request that waited would be.
            _failed++;
            return new Lease(false, TimeUntil(_queuedPermits + Math.Max(permitCount, 1) - _tokens));
        }
    }

    /// <inheritdoc/>
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        CheckPermitCount(permitCount);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<RateLimitLease>(cancellationToken);
        }

        Waiter waiter;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Refill();
            if (_queue.Count == 0 && _tokens >= Math.Max(permitCount, 1))
            {
                return new(Take(permitCount));
            }

            waiter = new Waiter(this, permitCount);
            waiter.Node = _queue.AddLast(waiter);
            _queuedPermits += permitCount;
            if (_queue.Count == 1)
            {
                ScheduleHead();
            }
        }

        // Registered outside the lock, as a token canceled meanwhile runs the callback here; kept under it, so whoever takes
        // the waiter out of the queue (under the lock) finds the registration to give back, or, if one took it out
        // meanwhile, it is given back here. Kept outside the lock, a grant could read it before it was written and this
        // read the task before the grant completed it: neither gave it back, and the caller's token kept the waiter.
        var registration = cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Bucket.Cancel((Waiter)state!, token), waiter);
        lock (_gate)
        {
            if (waiter.Node!.List is not null)
            {
                waiter.Registration = registration;
                return new(waiter.Completion.Task);
            }
        }

        registration.Unregister();
        return new(waiter.Completion.Task);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        Waiter[] waiting;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            waiting = [.. _queue];
            _queue.Clear();
            _queuedPermits = 0;
            _timer?.Dispose();
        }

        foreach (var waiter in waiting)
        {
            waiter.Registration.Unregister();
            waiter.Completion.TrySetResult(new Lease(false, null));
        }
    }

    private void CheckPermitCount(int permitCount)
    {
        if (permitCount > PermitsPerSecond)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, $"A [RateLimit] of {PermitsPerSecond} per second can never grant {permitCount} permits at once.");
        }
    }

    private RateLimitLease Take(int permitCount)
    {
        _tokens -= permitCount;
        _succeeded++;
        return Granted;
    }

    /// <summary>Adds the tokens earned since the last refill, up to a full bucket.</summary>
    private void Refill()
    {
        var now = _time.GetTimestamp();
        var earned = Earned(now);
        if (earned <= _earned)
        {
            return;
        }

        var room = PermitsPerSecond - _tokens;
        if (earned - _earned >= room && room > 0)
        {
            // The moment the last token that fitted was earned: how long the bucket has been full.
            _fullSince = _start + TimestampOf(_earned + room);
        }

        _tokens += (int)Math.Min(earned - _earned, room);
        _earned = earned;
    }

    /// <summary>The tokens earned from the start to <paramref name="timestamp"/>: whole ones, so none is lost to rounding.</summary>
    private long Earned(long timestamp) =>
        (long)((Int128)(timestamp - _start) * PermitsPerSecond / _time.TimestampFrequency);

    /// <summary>The time, from the start, at which the <paramref name="earned"/>th token is earned (rounded up).</summary>
    private long TimestampOf(long earned) =>
        (long)(((Int128)earned * _time.TimestampFrequency + PermitsPerSecond - 1) / PermitsPerSecond);

    /// <summary>How long until <paramref name="more"/> tokens beyond those held are earned, rounded up to a tick.</summary>
    private TimeSpan TimeUntil(long more)
    {
        var due = _start + TimestampOf(_earned + more);
        var wait = due - _time.GetTimestamp();
        var ticks = ((Int128)wait * TimeSpan.TicksPerSecond + _time.TimestampFrequency - 1) / _time.TimestampFrequency;
        return TimeSpan.FromTicks((long)Int128.Clamp(ticks, 1, BatchClock.LongestTimer.Ticks));
    }

    /// <summary>
    /// Sets the timer to wake the oldest waiter when its tokens are due, in <paramref name="wholeMilliseconds"/> rounded up
    /// when asked. Under the lock.
    /// </summary>
    private void ScheduleHead(bool wholeMilliseconds = false)
    {
        var due = TimeUntil(Math.Max(_queue.First!.Value.Permits, 1) - _tokens);
        if (wholeMilliseconds)
        {
            due = TimeSpan.FromTicks((due.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond);
        }

        _timer ??= _time.CreateTimer(static state => ((TokenBucket)state!).GrantDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Grants the waiters the tokens earned so far cover, as the timer wakes the oldest.</summary>
    private void GrantDue()
    {
        List<Waiter>? granted;
        lock (_gate)
        {
            granted = GrantCovered(timerFired: true);
        }

        Complete(granted);
    }

    /// <summary>Ends a waiter whose token was canceled while it still waits; the ones behind it may then be covered.</summary>
    private void Cancel(Waiter waiter, CancellationToken token)
    {
        List<Waiter>? granted;
        lock (_gate)
        {
            if (waiter.Node!.List is null)
            {
                return; // granted, or failed by the disposal, first
            }

            _queue.Remove(waiter.Node);
            _queuedPermits -= waiter.Permits;
            granted = GrantCovered();
        }

        waiter.Completion.TrySetCanceled(token);
        Complete(granted);
    }

    /// <summary>
    /// Under the lock: takes out the waiters, oldest first, that the tokens earned so far cover (none past the first that
    /// is not: a small request never jumps a large one), then sets the timer for the next one's tokens. When the
    /// <paramref name="timerFired"/> and covered none, it fired early: the system's timers count whole milliseconds, the
    /// rest dropped, so one asked for 0.7 ms fires at once, and arming it so again would spin until the tokens are due. It
    /// waits whole milliseconds then, rounded up (a stale callback, of a timer armed again meanwhile, costs as much at most).
    /// </summary>
    private List<Waiter>? GrantCovered(bool timerFired = false)
    {
        if (_disposed)
        {
            return null;
        }

        Refill();
        List<Waiter>? granted = null;
        while (_queue.First is { } head && _tokens >= Math.Max(head.Value.Permits, 1))
        {
            _queue.RemoveFirst();
            _queuedPermits -= head.Value.Permits;
            Take(head.Value.Permits);
            (granted ??= []).Add(head.Value);
        }

        if (_queue.Count > 0)
        {
            ScheduleHead(wholeMilliseconds: timerFired && granted is null);
        }
        else
        {
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        return granted;
    }

    /// <summary>Hands the granted waiters their leases, outside the lock.</summary>
    private static void Complete(List<Waiter>? granted)
    {
        if (granted is null)
        {
            return;
        }

        foreach (var waiter in granted)
        {
            waiter.Registration.Unregister();
            waiter.Completion.TrySetResult(Granted);
        }
    }

    /// <summary>A request waiting for its tokens.</summary>
    private sealed class Waiter(TokenBucket bucket, int permits)
    {
        public TokenBucket Bucket { get; } = bucket;

        public int Permits { get; } = permits;

        public TaskCompletionSource<RateLimitLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        /// <summary>Gets or sets the registration on the request's token: written under the lock while it waits, read once it no longer does.</summary>
        public CancellationTokenRegistration Registration { get; set; }
    }
    /// <summary>A granted lease (tokens are spent, so giving it back returns nothing) or a refused one, with when to ask again.</summary>
    private sealed class Lease(bool isAcquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired { get; } = isAcquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } after && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = after;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}

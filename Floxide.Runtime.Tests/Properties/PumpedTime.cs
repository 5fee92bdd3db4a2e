namespace Floxide.Runtime.Tests.Properties;

/// <summary>
/// The property's clock: time moves only in <see cref="Advance"/>, which fires the timers due on the way in due order,
/// moving the clock to each one's due time, on the advancing thread. Unlike FakeTimeProvider's, no timer fires on a thread
/// that makes one or reads the time, and time never moves while a timer's callback runs elsewhere: a 1 s wait never ends
/// inside the call that starts it, nor before a 100 ms timeout started ahead of it. The pump runs on while other threads
/// are descheduled, so a thread setting up a wait holds the clock still meanwhile (<see cref="HoldStill"/>).
/// </summary>
public sealed class PumpedTime : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<Timer> _armed = [];
    private long _now = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero).UtcTicks;
    private long _order;
    private int _holds;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _now), TimeSpan.Zero);

    public override long GetTimestamp() => Interlocked.Read(ref _now);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>
    /// Keeps the clock where it is until the hold is disposed: <see cref="Advance"/> moves it no further (a timer it took out
    /// before still fires). For setting up a wait: Task.Delay arms its timer before it registers on its token, so a clock
    /// moved past the due time in between (the pump runs on while the setting-up thread is descheduled, a real clock does
    /// not run a second in a few instructions) ends the delay as elapsed, though its token was canceled first.
    /// </summary>
    public IDisposable HoldStill()
    {
        lock (_lock)
        {
            _holds++;
        }

        return new Hold(this);
    }

    /// <summary>Moves the clock on by <paramref name="by"/>, firing every timer due meanwhile, earliest first; less while held.</summary>
    public void Advance(TimeSpan by)
    {
        long target;
        lock (_lock)
        {
            target = _now + by.Ticks;
        }

        while (true)
        {
            Timer? next = null;
            lock (_lock)
            {
                if (_holds > 0)
                {
                    return; // held: the pump tries again on its next step
                }

                foreach (var timer in _armed)
                {
                    if (timer.Due <= target && (next is null || (timer.Due, timer.Order).CompareTo((next.Due, next.Order)) < 0))
                    {
                        next = timer;
                    }
                }

                if (next is null)
                {
                    Interlocked.Exchange(ref _now, target);
                    return;
                }

                Interlocked.Exchange(ref _now, Math.Max(_now, next.Due));
                if (next.Period > 0)
                {
                    next.Due += next.Period;
                }
                else
                {
                    _armed.Remove(next);
                }
            }

            next.Fire();
        }
    }

    private sealed class Hold(PumpedTime time) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                lock (time._lock)
                {
                    time._holds--;
                }
            }
        }
    }

    private sealed class Timer(PumpedTime time, TimerCallback callback, object? state) : ITimer
    {
        public long Due { get; set; }

        public long Period { get; private set; }

        public long Order { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (time._lock)
            {
                time._armed.Remove(this);
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return true;
                }

                Due = time._now + dueTime.Ticks;
                Period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
                Order = ++time._order;
                time._armed.Add(this);
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (time._lock)
            {
                time._armed.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}

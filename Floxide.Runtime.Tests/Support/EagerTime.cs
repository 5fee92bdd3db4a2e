namespace Floxide.Runtime.Tests.Support;

/// <summary>
/// A clock whose one-shot timers fire as they are armed: arming one moves the clock on to its due time and calls it back at
/// once, inline, on the arming thread. <see cref="TimeProvider"/> allows a callback there (FakeTimeProvider makes one for a
/// timer due at once), so code that arms a timer while it holds a lock the callback takes meets itself half-way.
/// </summary>
public sealed class EagerTime : TimeProvider
{
    private long _ticks = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero).UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class Timer(EagerTime time, TimerCallback callback, object? state) : ITimer
    {
        private volatile bool _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed)
            {
                return false;
            }

            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                Interlocked.Add(ref time._ticks, dueTime.Ticks);
                callback(state);
            }

            return true;
        }

        public void Dispose() => _disposed = true;

        public ValueTask DisposeAsync()
        {
            _disposed = true;
            return default;
        }
    }
}

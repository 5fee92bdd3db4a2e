namespace Floxide.Runtime.Tests.Support;

/// <summary>
/// A clock whose one-shot timers count whole milliseconds, the rest dropped, as the system's do
/// (<see cref="TimeProvider.System"/> arms a <c>TimerQueueTimer</c> for <c>(uint)dueTime.TotalMilliseconds</c>): a timer
/// asked for less than a millisecond is due at once, and fires as soon as the clock is next looked at. It moves only when
/// told (<see cref="Advance"/>), on one thread, and counts the callbacks it made.
/// </summary>
public sealed class WholeMillisecondTime : TimeProvider
{
    /// <summary>How many callbacks one instant makes at most: a timer re-armed at once for ever stops there.</summary>
    public const int MaxCallbacksAtOnce = 1_000;

    private readonly List<Timer> _timers = [];
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Gets how many times a timer called back.</summary>
    public int Callbacks { get; private set; }

    public override long GetTimestamp() => _ticks;

    public override DateTimeOffset GetUtcNow() => new(_ticks, TimeSpan.Zero);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock on by <paramref name="by"/>, then calls back the timers due, those armed again at once included.</summary>
    public void Advance(TimeSpan by)
    {
        _ticks += by.Ticks;
        for (var i = 0; i < MaxCallbacksAtOnce && _timers.Find(t => t.DueAt <= _ticks) is { } due; i++)
        {
            due.DueAt = null;
            Callbacks++;
            due.Callback(due.State);
        }
    }

    private sealed class Timer(WholeMillisecondTime time, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public long? DueAt { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : time._ticks + (TimeSpan.TicksPerMillisecond * (long)dueTime.TotalMilliseconds);
            return true;
        }

        public void Dispose()
        {
            DueAt = null;
            time._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}

using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Floxide.Orleans.Tests;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells when a timer is set and for how long, so a test advances the clock
/// only once the code under test waits on it. A timer created unarmed and armed later (as a CancellationTokenSource's is,
/// a resilience pipeline's timeout) is told when it is armed.
/// </summary>
public sealed class TimerWatch : TimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public FakeTimeProvider Clock { get; } = new();

    /// <summary>Waits until the next timer is set; returns its due time.</summary>
    public async Task<TimeSpan> NextTimerAsync() => await _timers.Reader.ReadAsync().AsTask().WaitAsync(TestClusters.Patience);

    /// <summary>Whether a timer was set that no <see cref="NextTimerAsync"/> has returned yet.</summary>
    public bool HasUnseenTimer => _timers.Reader.Count > 0;

    public override DateTimeOffset GetUtcNow() => Clock.GetUtcNow();

    public override long GetTimestamp() => Clock.GetTimestamp();

    public override long TimestampFrequency => Clock.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Armed(Clock.CreateTimer(callback, state, dueTime, period), _timers.Writer);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _timers.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    private sealed class Armed(ITimer inner, ChannelWriter<TimeSpan> timers) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                timers.TryWrite(dueTime);
            }

            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

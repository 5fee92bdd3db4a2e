using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Floxide.Runtime.Tests.Support;

/// <summary>
/// A fake clock that also tells the test every timer anyone starts on it (a retry delay, a timeout),
/// with its due time, so a test can assert the exact delays and then advance time past them. A timer
/// created unarmed and armed later (as a CancellationTokenSource's is) is told when it is armed. Linked into the
/// Orleans tests too, so both test the same way.
/// </summary>
public sealed class RecordingTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Armed(base.CreateTimer(callback, state, dueTime, period), _timers.Writer);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _timers.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>Waits (bounded) for the next timer started on this clock and returns its due time.</summary>
    public async Task<TimeSpan> NextTimerAsync() =>
        await _timers.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Whether a timer was started that no <see cref="NextTimerAsync"/> has taken yet.</summary>
    public bool HasUntakenTimer => _timers.Reader.TryPeek(out _);

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

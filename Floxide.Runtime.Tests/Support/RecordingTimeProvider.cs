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
    private readonly Channel<(TimeSpan Due, Armed Timer)> _timers = Channel.CreateUnbounded<(TimeSpan, Armed)>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Armed(base.CreateTimer(callback, state, dueTime, period), _timers.Writer);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _timers.Writer.TryWrite((dueTime, timer));
        }

        return timer;
    }

    /// <summary>Waits (bounded) for the next timer started on this clock and returns its due time.</summary>
    public async Task<TimeSpan> NextTimerAsync() =>
        (await _timers.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30))).Due;

    /// <summary>
    /// Waits (bounded) for the next timer started on this clock that is not disposed yet, and returns its due time: the
    /// ones disposed meanwhile (a delay canceled before it was due, as a background loop's idle wait is when work comes)
    /// are passed over, so a test that knows the loop is idle gets the wait it is in.
    /// </summary>
    public async Task<TimeSpan> NextUndisposedTimerAsync()
    {
        while (true)
        {
            var (due, timer) = await _timers.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            if (!timer.IsDisposed)
            {
                return due;
            }
        }
    }

    /// <summary>Whether a timer was started that no <see cref="NextTimerAsync"/> has taken yet.</summary>
    public bool HasUntakenTimer => _timers.Reader.TryPeek(out _);

    private sealed class Armed(ITimer inner, ChannelWriter<(TimeSpan, Armed)> timers) : ITimer
    {
        private volatile bool _disposed;

        public bool IsDisposed => _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                timers.TryWrite((dueTime, this));
            }

            return changed;
        }

        public void Dispose()
        {
            _disposed = true;
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            _disposed = true;
            return inner.DisposeAsync();
        }
    }
}

namespace Floxide.Runtime.Tests.Properties;

/// <summary>
/// The property's clock holds still while a wait is set up: otherwise a thread descheduled inside Task.Delay, between
/// arming its timer and registering on its token, sees the wait run to its end though its token was canceled first.
/// </summary>
public sealed class PumpedTimeTests
{
    [Fact]
    public async Task A_delay_set_up_while_the_clock_is_held_ends_canceled_when_its_token_is_canceled_first()
    {
        var time = new PumpedTime();
        using var token = new CancellationTokenSource();
        var stalling = new StallingClock(time, () =>
        {
            // What the pump does while the thread setting up the delay is descheduled: the timeout cancels the token, and
            // the clock runs on past the delay's due time.
            token.Cancel();
            time.Advance(TimeSpan.FromSeconds(2));
        });

        Task delay;
        using (time.HoldStill())
        {
            delay = Task.Delay(TimeSpan.FromSeconds(1), stalling, token.Token);
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delay);
    }

    [Fact]
    public void Without_a_hold_the_same_delay_runs_to_its_end_on_its_canceled_token()
    {
        // The race the hold is for (the runtime's own order: timer first, then the token's registration); if this starts
        // failing, Task.Delay registers first and the hold is no longer needed.
        var time = new PumpedTime();
        using var token = new CancellationTokenSource();
        var stalling = new StallingClock(time, () =>
        {
            token.Cancel();
            time.Advance(TimeSpan.FromSeconds(2));
        });

        var delay = Task.Delay(TimeSpan.FromSeconds(1), stalling, token.Token);

        Assert.True(token.IsCancellationRequested);
        Assert.Equal(TaskStatus.RanToCompletion, delay.Status);
    }

    [Fact]
    public void A_held_clock_does_not_move_nor_fire_timers_until_the_hold_ends()
    {
        var time = new PumpedTime();
        var start = time.GetUtcNow();
        var fired = 0;
        using var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromMilliseconds(10), Timeout.InfiniteTimeSpan);

        var hold = time.HoldStill();
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((start, 0), (time.GetUtcNow(), fired));

        hold.Dispose();
        hold.Dispose(); // a second dispose releases nothing more
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((start + TimeSpan.FromSeconds(1), 1), (time.GetUtcNow(), fired));
    }

    /// <summary>A clock that runs <paramref name="meanwhile"/> right after it makes a timer, as if the thread making it stalled there.</summary>
    private sealed class StallingClock(PumpedTime time, Action meanwhile) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => time.GetUtcNow();

        public override long GetTimestamp() => time.GetTimestamp();

        public override long TimestampFrequency => time.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = time.CreateTimer(callback, state, dueTime, period);
            meanwhile();
            return timer;
        }
    }
}

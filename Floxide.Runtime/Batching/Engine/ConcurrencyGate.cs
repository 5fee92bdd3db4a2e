namespace Floxide;

/// <summary>
/// Adaptive concurrency (<see cref="AdaptiveConcurrency"/>): admits attempts while fewer than the
/// current level run, and moves the level on what each attempt reports when it exits: slow start, then
/// TCP CUBIC's curve (with rounds of attempts for time) between multiplicative decreases. A signal that asks for a
/// wait (<see cref="AdaptiveConcurrency.RetryAfter"/>) also pauses it: no attempt enters until the wait has passed.
/// </summary>
/// <remarks>
/// It only gates attempts the engine already runs, so the engine's own bound
/// (<see cref="BatchOptions.MaxDegreeOfParallelism"/>) still holds; the level never exceeds it either.
/// Deterministic: the level moves on signals only, never on a clock; only a pause's end is timed.
/// A batch with a per-item (partitioned) rate limiter that does not adapt gets a fixed gate (<see cref="Fixed"/>) at
/// its limit: its loop runs more workers than the limit, so that items waiting for a partition's permit hold no slot,
/// and the gate is what keeps the attempts running at most the limit.
/// </remarks>
internal sealed class ConcurrencyGate : IDisposable
{
    // CUBIC's C, per round cubed: after a signal at level 13 with the default factor the level is back at 12 within a
    // round and probes 13 again only after eight (additive increase would after 1.3); at level 100, after 16.
    private const double CubicScale = 0.0025;

    private readonly Lock _lock = new();

    // Serialises what the pause's timer is told (made, armed, disposed), outside _lock: a TimeProvider may call the timer
    // back inline as it is armed (FakeTimeProvider does, for a timer due at once), and the callback takes _lock. Taken
    // before _lock, never inside it; each arming reads the pause's end afresh under it, so the last one told is the latest.
    private readonly Lock _timerLock = new();
    private readonly Queue<TaskCompletionSource<long>> _waiters = new();

    // Attempts that already hold their partition's permit (they waited for it outside the gate): admitted before
    // _waiters, so a permit, which other batches sharing the limiter may want, is held as briefly as the level allows.
    private readonly Queue<TaskCompletionSource<long>> _holdingPermits = new();
    private readonly bool _fixed;
    private readonly int _ceiling;
    private readonly int _minimum;
    private readonly double _decreaseFactor;
    private readonly BatchCounts _counts;
    private readonly TimeProvider _time;
    private double _level;
    private int _running;

    // Until the first throttling signal the level grows by one per success (it doubles each round), as TCP's slow start does.
    private bool _slowStart = true;

    // Bumped by every decrease: a throttled attempt that entered in an older round saw the old level.
    private long _round;

    // After a decrease: the level that drew the signal, the rounds of successes since, and the rounds the curve takes
    // to come back to that level (CUBIC's W_max, t and K).
    private double _pushedBackAt;
    private double _roundsSinceDecrease;
    private double _roundsToReturn;

    // A pause a signal asked for: until the timestamp _pausedUntil (on _time) nothing enters; _resume ends it (under
    // _timerLock; the rest under _lock).
    private bool _paused;
    private long _pausedUntil;
    private ITimer? _resume;
    private bool _disposed;

    public ConcurrencyGate(AdaptiveConcurrency settings, int ceiling, BatchCounts counts, TimeProvider time)
    {
        _ceiling = ceiling;
        _minimum = Math.Min(settings.MinimumLevel, ceiling);
        _decreaseFactor = settings.DecreaseFactor;
        _level = StartLevel(settings, ceiling);
        _counts = counts;
        _time = time;
        counts.ConcurrencyLevel = Level;
    }

    /// <summary>A gate that never moves: it admits at most <paramref name="level"/> attempts at once, and reads no signal.</summary>
    private ConcurrencyGate(int level, BatchCounts counts, TimeProvider time)
    {
        _ceiling = _minimum = level;
        _level = level;
        _slowStart = false;
        _fixed = true;
        _counts = counts;
        _time = time;
    }

    /// <summary>A gate at <paramref name="level"/> for good: <see cref="Exit"/> ignores the signal.</summary>
    public static ConcurrencyGate Fixed(int level, BatchCounts counts, TimeProvider time) => new(level, counts, time);

    /// <summary>The level a gate starts at: the initial level, within the minimum and the ceiling.</summary>
    public static int StartLevel(AdaptiveConcurrency settings, int ceiling) =>
        Math.Clamp(settings.InitialLevel, Math.Min(settings.MinimumLevel, ceiling), ceiling);

    /// <summary>How an attempt ended, as far as the level is concerned.</summary>
    public enum Signal
    {
        /// <summary>It succeeded in time: the level may rise.</summary>
        Success,

        /// <summary>The service pushed back (or was slow): the level falls.</summary>
        Throttled,

        /// <summary>It failed for another reason: the level stays.</summary>
        Neutral,
    }

    /// <summary>Gets the current level: how many attempts may run at once.</summary>
    public int Level => (int)Volatile.Read(ref _level);

    /// <summary>Waits until the attempt may run; returns the round it entered in, to pass to <see cref="Exit"/>.</summary>
    public ValueTask<long> EnterAsync(CancellationToken cancellationToken) => EnterAsync(holdsPermit: false, cancellationToken);

    /// <summary>
    /// Waits until the attempt may run; returns the round it entered in, to pass to <see cref="Exit"/>. An attempt that
    /// <paramref name="holdsPermit"/> (of a partition it waited for outside the gate) goes ahead of those that do not.
    /// </summary>
    public ValueTask<long> EnterAsync(bool holdsPermit, CancellationToken cancellationToken)
    {
        TaskCompletionSource<long> waiter;
        lock (_lock)
        {
            if (!_paused && _running < (int)_level && _holdingPermits.Count == 0 && (holdsPermit || _waiters.Count == 0))
            {
                _running++;
                return new(_round);
            }

            cancellationToken.ThrowIfCancellationRequested();
            waiter = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            (holdsPermit ? _holdingPermits : _waiters).Enqueue(waiter);
        }

        return WaitAsync(waiter, cancellationToken);
    }

    /// <summary>
    /// An attempt that entered in <paramref name="round"/> ended with <paramref name="signal"/> (a signal that asks for
    /// a wait is reported earlier, to <see cref="Throttle"/>, and its exit is <see cref="Signal.Neutral"/>).
    /// </summary>
    public void Exit(long round, Signal signal)
    {
        lock (_lock)
        {
            // Only a level in use earns an increase (at least half of it running, as Netflix's AIMD
            // limit asks): below it (a slow source, the batch's last items) successes say nothing about a higher one.
            var used = _running * 2 >= (int)_level;
            _running--;
            if (_fixed)
            {
                AdmitWaiters();
                return;
            }

            if (signal == Signal.Success && used)
            {
                if (!_slowStart)
                {
                    _roundsSinceDecrease += 1 / _level; // a full round of successes is one unit of the curve's time
                }

                Volatile.Write(ref _level, Math.Min(_ceiling, _slowStart ? _level + 1 : CubicLevel(_roundsSinceDecrease)));
            }
            else if (signal == Signal.Throttled)
            {
                Throttled(round);
            }

            _counts.ConcurrencyLevel = (int)_level;
            AdmitWaiters();
        }
    }

    /// <summary>
    /// An attempt that entered in <paramref name="round"/> and still runs met a throttling signal (its own failure, or
    /// one a step's retry absorbed): the level falls, once per round, and a positive <paramref name="pause"/> (the
    /// service asked every caller to wait) holds every new attempt until it has passed; attempts running go on. Its exit
    /// then reports <see cref="Signal.Neutral"/>. Returns when the pause now ends if this started or extended it; null otherwise.
    /// </summary>
    public DateTimeOffset? Throttle(long round, TimeSpan pause)
    {
        // The clock is read out of the lock too: a fake one may fire its timers as it is read (FakeTimeProvider's
        // AutoAdvanceAmount), and the pause's timer takes the timer lock, which is never taken inside this one.
        var pauses = pause > TimeSpan.Zero;
        var now = pauses ? _time.GetTimestamp() : 0;
        var utcNow = pauses ? _time.GetUtcNow() : default;
        DateTimeOffset? pausedUntil = null;
        lock (_lock)
        {
            Throttled(round);
            if (pauses)
            {
                pausedUntil = Pause(pause, now, utcNow);
            }

            _counts.ConcurrencyLevel = (int)_level;
        }

        if (pausedUntil is not null)
        {
            Settle(); // out of the lock: the timer may call back inline as it is armed
        }

        return pausedUntil;
    }

    /// <summary>Stops the pause's timer, so a run that ends while paused leaves nothing behind.</summary>
    public void Dispose()
    {
        lock (_timerLock)
        {
            lock (_lock)
            {
                _disposed = true;
                _counts.PausedUntil = null;
            }

            _resume?.Dispose();
            _resume = null;
        }
    }

    /// <summary>
    /// The multiplicative decrease, once per round (a throttled attempt of an older round saw a level already cut); under
    /// the lock.
    /// </summary>
    private void Throttled(long round)
    {
        if (round == _round)
        {
            // The integer level is what ran when the service pushed back; the curve lingers just below it.
            _pushedBackAt = Math.Floor(_level);
            _roundsSinceDecrease = 0;
            _roundsToReturn = Math.Cbrt(_pushedBackAt * (1 - _decreaseFactor) / CubicScale);
            Volatile.Write(ref _level, Math.Max(_minimum, _pushedBackAt * _decreaseFactor));
            _round++;
            _slowStart = false;
        }
    }

    /// <summary>
    /// Holds every new attempt until <paramref name="wait"/> from now (the timestamp <paramref name="now"/>, the time
    /// <paramref name="utcNow"/>), unless a pause already lasts longer; returns when the pause ends if it started or grew
    /// (the caller then arms the timer: <see cref="Settle"/>), null if it was already longer. Under the lock.
    /// </summary>
    private DateTimeOffset? Pause(TimeSpan wait, long now, DateTimeOffset utcNow)
    {
        if (_disposed)
        {
            return null; // the run is over: no timer outlives it
        }

        wait = wait < BatchClock.LongestTimer ? wait : BatchClock.LongestTimer; // a longer Retry-After from a service is capped
        var until = now + (long)Math.Ceiling(wait.Ticks * (double)_time.TimestampFrequency / TimeSpan.TicksPerSecond);
        if (_paused && until <= _pausedUntil)
        {
            return null;
        }

        _paused = true;
        _pausedUntil = until;
        var pausedUntil = utcNow + wait;
        _counts.PausedUntil = pausedUntil;
        return pausedUntil;
    }

    /// <summary>
    /// Ends the pause if its time has come (the waiters enter, up to the level), else arms the timer for what is left: after
    /// a pause started or grew, and when the timer fires (a timer may fire a little early on a coarse clock). Never under
    /// _lock: the timer may call back inline as it is armed, even before it is made. Armings are serialised, and each reads
    /// the pause's end afresh, so an arming for an older, shorter pause never comes after one for the longer pause it grew into.
    /// </summary>
    private void Settle()
    {
        lock (_timerLock)
        {
            var now = _time.GetTimestamp(); // out of _lock, as in Throttle
            TimeSpan left;
            lock (_lock)
            {
                if (_disposed || !_paused)
                {
                    return;
                }

                left = _time.GetElapsedTime(now, _pausedUntil);
                if (left <= TimeSpan.Zero)
                {
                    _paused = false;
                    _counts.PausedUntil = null;
                    AdmitWaiters();
                    return;
                }
            }

            // Made unarmed, then armed: a callback inline from either finds the timer kept, and arms it again if need be.
            _resume ??= _time.CreateTimer(static gate => ((ConcurrencyGate)gate!).Settle(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _resume.Change(left, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Admits waiters in order, those holding a permit first, while the level has room and no pause holds them (under the
    /// lock).
    /// </summary>
    private void AdmitWaiters()
    {
        while (!_paused && _running < (int)_level && (_holdingPermits.TryDequeue(out var waiter) || _waiters.TryDequeue(out waiter)))
        {
            // A canceled waiter is skipped; its continuation runs elsewhere (RunContinuationsAsynchronously).
            if (waiter.TrySetResult(_round))
            {
                _running++;
            }
        }
    }

    /// <summary>
    /// CUBIC's window, W(t) = W_max + C (t - K)^3, with t in rounds: it climbs fast from the decrease, flattens just below
    /// the level that was pushed back, and only after K rounds probes above it, faster the longer that level holds.
    /// </summary>
    private double CubicLevel(double rounds) =>
        Math.Max(_minimum, _pushedBackAt + (CubicScale * Math.Pow(rounds - _roundsToReturn, 3)));

    private static async ValueTask<long> WaitAsync(TaskCompletionSource<long> waiter, CancellationToken cancellationToken)
    {
        using (cancellationToken.UnsafeRegister(static state => ((TaskCompletionSource<long>)state!).TrySetCanceled(), waiter))
        {
            return await waiter.Task.ConfigureAwait(false);
        }
    }
}

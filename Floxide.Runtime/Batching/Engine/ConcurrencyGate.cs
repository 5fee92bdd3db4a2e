namespace Floxide;

/// <summary>
/// Adaptive concurrency (<see cref="AdaptiveConcurrency"/>): admits attempts while fewer than the
/// current level run, and moves the level by AIMD on what each attempt reports when it exits.
/// </summary>
/// <remarks>
/// It only gates attempts the engine already runs, so the engine's own bound
/// (<see cref="BatchOptions.MaxDegreeOfParallelism"/>) still holds; the level never exceeds it either.
/// Deterministic: the level moves on signals only, never on a clock.
/// </remarks>
internal sealed class ConcurrencyGate
{
    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource<long>> _waiters = new();
    private readonly int _ceiling;
    private readonly int _minimum;
    private readonly double _decreaseFactor;
    private readonly BatchCounts _counts;
    private double _level;
    private int _running;

    // Until the first throttling signal the level grows by one per success (it doubles each round), as TCP's slow start does.
    private bool _slowStart = true;

    // Bumped by every decrease: a throttled attempt that entered in an older round saw the old level.
    private long _round;

    public ConcurrencyGate(AdaptiveConcurrency settings, int ceiling, BatchCounts counts)
    {
        _ceiling = ceiling;
        _minimum = Math.Min(settings.MinimumLevel, ceiling);
        _decreaseFactor = settings.DecreaseFactor;
        _level = Math.Clamp(settings.InitialLevel, _minimum, ceiling);
        _counts = counts;
        counts.ConcurrencyLevel = Level;
    }

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
    public ValueTask<long> EnterAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<long> waiter;
        lock (_lock)
        {
            if (_running < (int)_level && _waiters.Count == 0)
            {
                _running++;
                return new(_round);
            }

            cancellationToken.ThrowIfCancellationRequested();
            waiter = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
        }

        return WaitAsync(waiter, cancellationToken);
    }

    /// <summary>An attempt that entered in <paramref name="round"/> ended with <paramref name="signal"/>.</summary>
    public void Exit(long round, Signal signal)
    {
        lock (_lock)
        {
            // Only a level in use earns an increase (at least half of it running, as Netflix's AIMD
            // limit asks): below it (a slow source, the batch's last items) successes say nothing about a higher one.
            var used = _running * 2 >= (int)_level;
            _running--;
            if (signal == Signal.Success && used)
            {
                // Additive increase: +1 per full round of successes at the current level.
                Volatile.Write(ref _level, Math.Min(_ceiling, _level + (_slowStart ? 1 : 1 / _level)));
            }
            else if (signal == Signal.Throttled && round == _round)
            {
                Volatile.Write(ref _level, Math.Max(_minimum, _level * _decreaseFactor));
                _round++;
                _slowStart = false;
            }

            _counts.ConcurrencyLevel = (int)_level;
            while (_running < (int)_level && _waiters.TryDequeue(out var waiter))
            {
                // A canceled waiter is skipped; its continuation runs elsewhere (RunContinuationsAsynchronously).
                if (waiter.TrySetResult(_round))
                {
                    _running++;
                }
            }
        }
    }

    private static async ValueTask<long> WaitAsync(TaskCompletionSource<long> waiter, CancellationToken cancellationToken)
    {
        using (cancellationToken.UnsafeRegister(static state => ((TaskCompletionSource<long>)state!).TrySetCanceled(), waiter))
        {
            return await waiter.Task.ConfigureAwait(false);
        }
    }
}

namespace Floxide;

/// <summary>
/// One item's stop in a run with a cancellation grace period and resilience (<see cref="BatchOptions.CancellationGracePeriod"/>):
/// the token its pipeline runs on. The run's halt cancels it at once while the item waits for an attempt (its first, a
/// retry's delay, a permit, a slot), and at the end of the attempt running at the halt, so the pipeline retries no more;
/// the end of the grace period (or the batch's own stop) cancels it as it does every running attempt's.
/// </summary>
/// <remarks>
/// A run without a grace period needs none: its attempts and their waits end together, on the run's one token. Polly
/// reads the token before each retry and waits its delays on it, and gives the attempt the same token (linked to a
/// timeout's), so the only place to tell "waiting" from "running" is here, around the attempt.
/// </remarks>
internal sealed class GracefulAttempts : IDisposable
{
    private readonly BatchStop _stop;
    private readonly CancellationTokenSource _source;
    private readonly CancellationTokenRegistration _onHalt;
    private int _running; // 1 while an attempt runs: the halt then leaves its token to Ended

    public GracefulAttempts(BatchStop stop)
    {
        _stop = stop;
        _source = CancellationTokenSource.CreateLinkedTokenSource(stop.ItemToken); // the grace period's end reaches attempts
        _onHalt = stop.Halted.UnsafeRegister(static state => ((GracefulAttempts)state!).OnHalt(), this);
    }

    /// <summary>Gets the token the item's pipeline runs on.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Whether an attempt may start; false once the run halted, and the token is then canceled.</summary>
    public bool TryStart()
    {
        // Running first (a full fence), then the halt read; the halt is written with an interlocked operation before OnHalt
        // reads the flag on the same thread: either this sees the halt, or OnHalt sees the attempt running and leaves it to
        // Ended. The caller's flag counts too: its callbacks (and continuations they run inline) may come before the halt's.
        Interlocked.Exchange(ref _running, 1);
        if (_stop.IsHalted)
        {
            Interlocked.Exchange(ref _running, 0);
            Cancel();
            return false;
        }

        return true;
    }

    /// <summary>The attempt <see cref="TryStart"/> started ended; if the run halted meanwhile, no other starts.</summary>
    public void Ended()
    {
        Interlocked.Exchange(ref _running, 0);
        if (_stop.IsHalted)
        {
            Cancel();
        }
    }

    public void Dispose()
    {
        _onHalt.Dispose();
        _source.Dispose();
    }

    private void OnHalt()
    {
        if (Volatile.Read(ref _running) == 0)
        {
            Cancel(); // waiting (for its first attempt, a retry's delay, a permit, a slot): it waits no more
        }
    }

    private void Cancel()
    {
        try
        {
            _source.Cancel();
        }
        catch (AggregateException)
        {
            // A callback registered on the item's token threw: the item still sees the cancellation and ends canceled; the
            // error must not replace the attempt's outcome, nor reach the run's halt.
        }
    }
}

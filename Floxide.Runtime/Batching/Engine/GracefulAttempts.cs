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
    private const int Waiting = 0;
    private const int Running = 1;
    private const int RunningHalted = 2;
    private const int Halted = 3;

    private readonly BatchStop _stop;
    private readonly CancellationTokenSource _source;
    private readonly CancellationTokenRegistration _onHalt;
    private int _state;

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
        if (_stop.IsHalted)
        {
            // The caller canceled and the linked halt's callback has not run yet: no attempt starts after a cancellation.
            Volatile.Write(ref _state, Halted);
            Cancel();
            return false;
        }

        return Interlocked.CompareExchange(ref _state, Running, Waiting) == Waiting;
    }

    /// <summary>The attempt <see cref="TryStart"/> started ended; if the run halted meanwhile, no other starts.</summary>
    public void Ended()
    {
        if (Interlocked.CompareExchange(ref _state, Waiting, Running) == RunningHalted)
        {
            Volatile.Write(ref _state, Halted);
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
        while (true)
        {
            switch (Volatile.Read(ref _state))
            {
                case Waiting when Interlocked.CompareExchange(ref _state, Halted, Waiting) == Waiting:
                    Cancel();
                    return;
                case Running when Interlocked.CompareExchange(ref _state, RunningHalted, Running) == Running:
                    return; // it runs on; Ended cancels the token when it is done
                case RunningHalted or Halted:
                    return;
            }
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

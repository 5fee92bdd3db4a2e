namespace Floxide;

/// <summary>
/// What one attempt of an adaptive batch's item has told the <see cref="ConcurrencyGate"/>. It is the attempt's ambient
/// <see cref="ThrottlingSignals.Current"/>, so a step's own retry (<see cref="FloxideResiliencePipelineBuilderExtensions.AddThrottlingSignals{TBuilder}"/>),
/// an HTTP client's (<see cref="ThrottlingSignalHandler"/>) or any other (<see cref="ThrottlingSignals.Report"/>) reports
/// the throttling it absorbs: a 429 retried inside the item still lowers the level and honours its wait.
/// </summary>
internal sealed class AttemptSignals(AdaptiveBatch batch, long round, ILoggedItem item) : IThrottlingSignalSink
{
    private Exception? _lastSeen;
    private InvalidOperationException? _readerFailure;
    private volatile bool _throttled;
    private volatile bool _ended;

    /// <summary>Gets whether the attempt met a throttling signal, which the gate has acted on.</summary>
    public bool Throttled => _throttled;

    /// <summary>
    /// Gets what a user's reader threw during the attempt, if one did: the attempt fails with it, even when a step's
    /// retry went past the error and the workflow succeeded.
    /// </summary>
    public InvalidOperationException? ReaderFailure => Volatile.Read(ref _readerFailure);

    /// <summary>
    /// Tells the gate about <paramref name="exception"/> if it is a throttling signal: the level falls (once per round)
    /// and a wait it asks for pauses the batch now. An exception already seen (a step's, rethrown by the item) counts
    /// once; a cancellation of the batch is never read; after <see cref="End"/> nothing is.
    /// </summary>
    /// <exception cref="InvalidOperationException">A user's reader threw.</exception>
    public void Observe(Exception exception)
    {
        if (_ended
            || batch.IsBatchCancellation(exception)
            || ReferenceEquals(exception, ReaderFailure)
            || ReferenceEquals(Interlocked.Exchange(ref _lastSeen, exception), exception))
        {
            return;
        }

        bool signal;
        TimeSpan pause;
        try
        {
            signal = batch.Classifier.IsThrottlingSignal(exception, item.Index, out pause);
        }
        catch (InvalidOperationException readerFailed)
        {
            Interlocked.CompareExchange(ref _readerFailure, readerFailed, null);
            throw;
        }

        if (!signal)
        {
            return;
        }

        _throttled = true;
        if (batch.Gate.Throttle(round, pause) is { } pausedUntil)
        {
            BatchLog.PausedBestEffort(batch.Logger, batch.BatchId, pausedUntil, item, pause.TotalSeconds);
        }
    }

    /// <summary>
    /// The attempt leaves the gate with <paramref name="signal"/>: work it started and left running reports nothing more.
    /// A throttling signal it met has moved the gate already (and paused it if it asked for a wait), so it then leaves as
    /// <see cref="ConcurrencyGate.Signal.Neutral"/>.
    /// </summary>
    public void End(ConcurrencyGate.Signal signal)
    {
        _ended = true;
        batch.Gate.Exit(round, _throttled ? ConcurrencyGate.Signal.Neutral : signal);
    }
}

using Microsoft.Extensions.Logging;

namespace Floxide;

/// <summary>
/// What one attempt of an adaptive batch's item has told the <see cref="ConcurrencyGate"/>. It is the attempt's ambient
/// <see cref="Current"/>, so a step's own retry (<see cref="ResiliencePipelineBuilderExtensions.AddThrottlingSignals{TBuilder}"/>)
/// reports the throttling it absorbs: a 429 retried inside the item still lowers the level and honours its wait.
/// </summary>
internal sealed class AttemptSignals(
    ConcurrencyGate gate, ThrottlingClassifier classifier, long round, long index, ILogger? logger, string batchId)
{
    private static readonly AsyncLocal<AttemptSignals?> Ambient = new();

    private Exception? _lastSeen;
    private volatile bool _throttled;

    /// <summary>Gets or sets the attempt the current code runs in; null outside an adaptive batch's attempt.</summary>
    public static AttemptSignals? Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }

    /// <summary>Whether <paramref name="exception"/> only says the attempt was canceled: that is never a throttling signal.</summary>
    public static bool IsCancellation(Exception exception, CancellationToken cancellationToken) =>
        exception is OperationCanceledException && cancellationToken.IsCancellationRequested;

    /// <summary>Gets whether the attempt met a throttling signal, which the gate has acted on.</summary>
    public bool Throttled => _throttled;

    /// <summary>
    /// Tells the gate about <paramref name="exception"/> if it is a throttling signal: the level falls (once per round)
    /// and a wait it asks for pauses the batch now. An exception already seen (a step's, rethrown by the item) counts once.
    /// </summary>
    /// <exception cref="InvalidOperationException">A user's reader threw.</exception>
    public void Observe(Exception exception)
    {
        if (ReferenceEquals(Interlocked.Exchange(ref _lastSeen, exception), exception))
        {
            return;
        }

        bool signal;
        TimeSpan pause;
        try
        {
            signal = classifier.IsThrottlingSignal(exception, index, out pause);
        }
        catch (InvalidOperationException readerFailed)
        {
            _lastSeen = readerFailed; // the item rethrows it: it is not read again
            throw;
        }

        if (!signal)
        {
            return;
        }

        _throttled = true;
        if (gate.Throttle(round, pause) is { } pausedUntil && logger is not null)
        {
            BatchLog.Paused(logger, batchId, pausedUntil, index, pause.TotalSeconds);
        }
    }
}

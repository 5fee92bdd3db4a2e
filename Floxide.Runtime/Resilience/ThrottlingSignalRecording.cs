namespace Floxide;

/// <summary>
/// What an item reported to <see cref="ThrottlingSignals"/> while it ran away from its batch
/// (<see cref="ThrottlingSignals.Record"/>): each exception once, the first 32 of them.
/// </summary>
public sealed class ThrottlingSignalRecording : IDisposable, IThrottlingSignalSink
{
    /// <summary>How many reports a recording keeps: enough for any item, since the level falls once a round however many it met.</summary>
    internal const int Capacity = 32;

    private readonly IThrottlingSignalSink? _previous;
    private readonly CancellationToken _batchCanceled;
    private readonly Action<Exception>? _onRecorded;
    private readonly List<Exception> _reported = [];
    private readonly Lock _lock = new();
    private bool _disposed;

    internal ThrottlingSignalRecording(IThrottlingSignalSink? previous, CancellationToken batchCanceled, Action<Exception>? onRecorded)
    {
        _onRecorded = onRecorded;
        _previous = previous;
        _batchCanceled = batchCanceled;
    }

    /// <summary>What was reported so far, in the order it was, each exception once.</summary>
    /// <returns>A copy, taken now.</returns>
    public IReadOnlyList<Exception> GetReported()
    {
        lock (_lock)
        {
            return [.. _reported];
        }
    }

    /// <summary>
    /// Ends the recording: work the item left running records nothing more, and this flow reports where it did before
    /// (disposed in another flow, it only ends the recording).
    /// </summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        if (ReferenceEquals(ThrottlingSignals.Current, this))
        {
            ThrottlingSignals.Current = _previous;
        }
    }

    /// <inheritdoc/>
    void IThrottlingSignalSink.Observe(Exception exception)
    {
        if (ThrottlingSignals.IsBatchCancellation(exception, _batchCanceled))
        {
            return; // the batch's cancellation is never a signal (as AttemptSignals.Observe judges it, on this token)
        }

        lock (_lock)
        {
            if (_disposed || _reported.Count >= Capacity || _reported.Exists(r => ReferenceEquals(r, exception)))
            {
                return;
            }

            _reported.Add(exception);

            // Under the lock, so reports from parallel work are handed over in the order they were kept.
            _onRecorded?.Invoke(exception);
        }
    }
}

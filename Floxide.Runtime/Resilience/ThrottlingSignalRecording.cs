namespace Floxide;

/// <summary>
/// What an item reported to <see cref="ThrottlingSignals"/> while it ran away from its batch
/// (<see cref="ThrottlingSignals.Record"/>): each exception once, the first <see cref="Capacity"/> of them.
/// </summary>
public sealed class ThrottlingSignalRecording : IDisposable, IThrottlingSignalSink
{
    /// <summary>How many reports a recording keeps: enough for any item, since the level falls once a round however many it met.</summary>
    public const int Capacity = 32;

    private readonly IThrottlingSignalSink? _previous;
    private readonly List<Exception> _reported = [];
    private readonly Lock _lock = new();
    private bool _disposed;

    internal ThrottlingSignalRecording(IThrottlingSignalSink? previous) => _previous = previous;

    /// <summary>Gets what was reported so far, in the order it was, each exception once.</summary>
    public IReadOnlyList<Exception> Reported
    {
        get
        {
            lock (_lock)
            {
                return [.. _reported];
            }
        }
    }

    /// <summary>Ends the recording: work the item left running records nothing more, and this flow reports where it did before.</summary>
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
        lock (_lock)
        {
            if (!_disposed && _reported.Count < Capacity && !_reported.Contains(exception, ReferenceEqualityComparer.Instance))
            {
                _reported.Add(exception);
            }
        }
    }
}

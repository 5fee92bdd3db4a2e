namespace Floxide;

/// <summary>
/// What a run puts in its async flow once, for the code it runs to read (<see cref="CurrentBatch"/>, <see cref="BatchClock"/>):
/// its stop and its clock. Set once per run, never per item: the workers and what the items run inherit it, and so does
/// work an item starts and leaves running (a singleton's loop started on first use). So the run empties it as it ends:
/// such work then sees no batch, and holds neither the stop nor, through it, the run and its results.
/// </summary>
internal sealed class RunScope(BatchStop stop, TimeProvider time)
{
    private static readonly AsyncLocal<RunScope?> Ambient = new();

    private BatchStop? _stop = stop;
    private TimeProvider? _clock = ReferenceEquals(time, TimeProvider.System) ? null : time;

    /// <summary>Gets the scope of the run whose code runs in this async flow; null outside a run.</summary>
    public static RunScope? Current => Ambient.Value;

    /// <summary>Gets the run's stop; null once it ended.</summary>
    public BatchStop? Stop => Volatile.Read(ref _stop);

    /// <summary>Gets the run's clock when it is not the system's; null for the system's, or once the run ended.</summary>
    public TimeProvider? Clock => Volatile.Read(ref _clock);

    /// <summary>
    /// Makes this the scope of the current async flow. Call it in the async method that runs the batch: the change flows
    /// into what it calls and starts, and not back to its caller.
    /// </summary>
    public void Enter() => Ambient.Value = this;

    /// <summary>The run ended: what still runs in its flow no longer sees it.</summary>
    public void End()
    {
        Volatile.Write(ref _stop, null);
        Volatile.Write(ref _clock, null);
    }
}

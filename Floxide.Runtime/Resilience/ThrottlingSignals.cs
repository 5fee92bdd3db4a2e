namespace Floxide;

/// <summary>
/// Where throttling that an item meets and gets past by itself is reported, so adaptive concurrency
/// (<see cref="BatchOptions.AdaptiveConcurrency"/>) hears of it: a 429 that a retry inside the item absorbed still lowers
/// the level, and its wait still pauses the batch. Floxide's own reporters use it (a step's
/// <see cref="ResiliencePipelineBuilderExtensions.AddThrottlingSignals{TBuilder}"/>, the <see cref="ThrottlingSignalHandler"/>);
/// call <see cref="Report"/> where another retry absorbs a failure (an SDK's retry callback, a hand-written loop).
/// </summary>
public static class ThrottlingSignals
{
    private static readonly AsyncLocal<IThrottlingSignalSink?> Ambient = new();

    /// <summary>Gets or sets what the current code reports to: an adaptive batch's attempt, a recording, or null.</summary>
    internal static IThrottlingSignalSink? Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }

    /// <summary>
    /// Reports <paramref name="exception"/>, which the current item attempt met and got past, to the adaptive batch running
    /// it: if the batch's readers call it a throttling signal, the level falls and a wait it carries pauses the batch, as if
    /// the attempt had failed with it. Outside an adaptive batch's attempt (and of a <see cref="Record"/>ing) it does nothing.
    /// </summary>
    /// <param name="exception">The exception met.</param>
    /// <exception cref="InvalidOperationException">A reader of the batch's <see cref="AdaptiveConcurrency"/> threw reading it; the attempt fails with this error too.</exception>
    public static void Report(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Current?.Observe(exception);
    }

    /// <summary>
    /// Records what the code that runs in this async flow reports, instead of reporting it to an attempt, until the
    /// recording is disposed: for an <see cref="IItemExecutor{TContext}"/> that runs an item away from its batch, which sends
    /// <see cref="ThrottlingSignalRecording.Reported"/> back with the item's outcome and reports each one there.
    /// </summary>
    /// <returns>The recording; dispose it when the item has run.</returns>
    public static ThrottlingSignalRecording Record()
    {
        var recording = new ThrottlingSignalRecording(Current);
        Current = recording;
        return recording;
    }
}

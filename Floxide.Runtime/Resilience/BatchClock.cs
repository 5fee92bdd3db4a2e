namespace Floxide;

/// <summary>
/// The clock of the batch whose code runs in this async flow, when it is not the system's: a batch run sets it as it
/// starts, so the steps' declared pipelines (<see cref="GeneratedResilience.OnBatchClock"/>) wait on the clock a test
/// gave <see cref="BatchOptions.TimeProvider"/>. Set once per run, never per item: the workers inherit it.
/// </summary>
internal static class BatchClock
{
    private static readonly AsyncLocal<TimeProvider?> Ambient = new();

    /// <summary>The longest a timer can wait (about 49.7 days): a longer wait the engine times is capped, not a crash.</summary>
    public static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>Gets the running batch's clock; null for the system's, or outside a batch.</summary>
    public static TimeProvider? Current => Ambient.Value;

    /// <summary>
    /// Makes <paramref name="time"/> the clock of this async flow. Call it in the async method that runs the batch: the
    /// change flows into what it calls and starts, and not back to its caller.
    /// </summary>
    public static void Enter(TimeProvider time)
    {
        var clock = ReferenceEquals(time, TimeProvider.System) ? null : time;
        if (!ReferenceEquals(Ambient.Value, clock))
        {
            Ambient.Value = clock; // a batch on the system's clock inside a batch on a test's is on the system's (unless it is a step that follows its workflow's)
        }
    }
}

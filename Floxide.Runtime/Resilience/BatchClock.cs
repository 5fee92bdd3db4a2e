namespace Floxide;

/// <summary>
/// The clock of the batch whose code runs in this async flow, when it is not the system's: a batch run puts it in its
/// <see cref="RunScope"/> as it starts, so the steps' declared pipelines (<see cref="GeneratedResilience.OnBatchClock"/>)
/// wait on the clock a test gave <see cref="BatchOptions.TimeProvider"/>. Work an item leaves running is back on the
/// system's clock once the run ended.
/// </summary>
internal static class BatchClock
{
    /// <summary>The longest a timer can wait (about 49.7 days): a longer wait the engine times is capped, not a crash.</summary>
    public static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>
    /// Gets the running batch's clock; null for the system's, outside a batch, or once the batch ended. A batch on the
    /// system's clock inside one on a test's is on the system's (unless it is a step that follows its workflow's).
    /// </summary>
    public static TimeProvider? Current => RunScope.Current?.Clock;
}

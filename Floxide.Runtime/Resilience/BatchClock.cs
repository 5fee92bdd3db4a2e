namespace Floxide;

/// <summary>
/// The clock of the batch whose code runs in this async flow, when it is not the system's: a batch run sets it as it
/// starts, so the steps' declared pipelines (<see cref="GeneratedResilience.OnBatchClock"/>) wait on the clock a test
/// gave <see cref="BatchOptions.TimeProvider"/>. Set once per run, never per item: the workers inherit it, and so does
/// work an item starts and leaves running, which is back on the system's clock once the run ended.
/// </summary>
internal static class BatchClock
{
    private static readonly AsyncLocal<Entered?> Ambient = new();

    /// <summary>The longest a timer can wait (about 49.7 days): a longer wait the engine times is capped, not a crash.</summary>
    public static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>Gets the running batch's clock; null for the system's, outside a batch, or once the batch ended.</summary>
    public static TimeProvider? Current => Ambient.Value is { Run.HasEnded: false } entered ? entered.Clock : null;

    /// <summary>
    /// Makes <paramref name="time"/> the clock of this async flow while <paramref name="run"/> runs. Call it in the async
    /// method that runs the batch: the change flows into what it calls and starts, and not back to its caller.
    /// </summary>
    public static void Enter(TimeProvider time, BatchStop run)
    {
        if (!ReferenceEquals(time, TimeProvider.System))
        {
            Ambient.Value = new Entered(time, run);
        }
        else if (Ambient.Value is not null)
        {
            Ambient.Value = null; // a batch on the system's clock inside a batch on a test's is on the system's (unless it is a step that follows its workflow's)
        }
    }

    private sealed record Entered(TimeProvider Clock, BatchStop Run);
}

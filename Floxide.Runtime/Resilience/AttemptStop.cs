namespace Floxide;

/// <summary>
/// Whether the running attempts of the batch whose code runs in this async flow have been stopped: the run's own stop,
/// the caller's cancellation (at the end of its grace period, when there is one). A step's rate limit reads it once its
/// permit is granted, because the token that step was given may be canceled only later: an item's own token is linked to
/// the run's, and the canceling thread reaches it after the callbacks registered later (a run ending at once hands its
/// permit to a queued run in between). Set once per run, never per item: the workers inherit it.
/// </summary>
internal static class AttemptStop
{
    private static readonly AsyncLocal<BatchStop?> Ambient = new();

    /// <summary>Gets whether the running batch's attempts are stopped; false outside a batch.</summary>
    public static bool Requested => Ambient.Value?.AttemptsStopped == true;

    /// <summary>
    /// Makes <paramref name="stop"/> the stop of this async flow. Call it in the async method that runs the batch: the
    /// change flows into what it calls and starts, and not back to its caller.
    /// </summary>
    public static void Enter(BatchStop stop) => Ambient.Value = stop;
}

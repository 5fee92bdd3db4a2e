namespace Floxide;

/// <summary>
/// The batch whose code runs in the current async flow, as a backend that runs its items elsewhere (an
/// <see cref="IItemExecutor{TContext}"/>) needs to see it: whether the batch still starts work on an item's behalf. A
/// batch canceled with a <see cref="BatchOptions.CancellationGracePeriod"/> leaves its running attempts' token alone
/// while they drain, so that token cannot tell; an executor that would start new work for an item (send a call lost
/// with its node again, say) reads <see cref="IsStopping"/> first and throws an <see cref="OperationCanceledException"/>
/// instead, as the batch's own retries stop, and the item ends canceled.
/// </summary>
public static class CurrentBatch
{
    // Set once per run, never per item: the workers, and what the items run, inherit it. So does work an item starts and
    // leaves running (a singleton's loop started on first use), which must not see the run's stop once the run ended.
    private static readonly AsyncLocal<BatchStop?> Ambient = new();

    private static BatchStop? Running => Ambient.Value is { HasEnded: false } stop ? stop : null;

    /// <summary>
    /// Gets whether the batch running in this async flow starts no more attempts: its caller canceled it (its running
    /// attempts may still go on, for a grace period) or it stopped itself (fail-fast, a failed merge or store). False
    /// outside a batch, and once it ended.
    /// </summary>
    public static bool IsStopping => Running?.IsHalted == true;

    /// <summary>
    /// Gets a token canceled once <see cref="IsStopping"/>: wait on it too where an executor waits before starting new
    /// work (a resend's delay), as the batch's own waits for a retry end. <see cref="CancellationToken.None"/> outside a
    /// batch, and once it ended.
    /// </summary>
    public static CancellationToken Stopping => Running?.Halted ?? CancellationToken.None;

    /// <summary>
    /// Gets whether the running attempts of the batch in this async flow are told to stop: the run's own stop, the
    /// caller's cancellation (at the end of its grace period, when there is one). A step's rate limit reads it once its
    /// permit is granted, because the token that step was given may be canceled only later: an item's own token is linked
    /// to the run's, and the canceling thread reaches it after the callbacks registered later (a run ending at once hands
    /// its permit to a queued run in between). False outside a batch, and once it ended.
    /// </summary>
    internal static bool AttemptsStopped => Running?.AttemptsStopped == true;

    /// <summary>
    /// Makes <paramref name="stop"/> the stop of this async flow. Call it in the async method that runs the batch: the
    /// change flows into what it calls and starts, and not back to its caller.
    /// </summary>
    internal static void Enter(BatchStop stop) => Ambient.Value = stop;
}

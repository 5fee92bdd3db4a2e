namespace Floxide;

/// <summary>
/// The batch whose code runs in the current async flow, as a backend that runs its items elsewhere (an
/// <see cref="IItemExecutor{TContext}"/>) needs to see it: whether the batch still starts work on an item's behalf. A
/// batch canceled with a <see cref="BatchOptions.CancellationGracePeriod"/> leaves its running attempts' token alone
/// while they drain, so that token cannot tell; an executor that would start new work for an item (send a call lost
/// with its node again, say) reads <see cref="IsStopping"/> first and throws an <see cref="OperationCanceledException"/>
/// instead, as the batch's own retries stop: the item ends canceled (skipped, when the batch stopped itself). In a batch
/// that an item of another runs (a workflow's batch step), it is the innermost batch.
/// </summary>
public static class CurrentBatch
{
    private static BatchStop? Running => RunScope.Current?.Stop;

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
}

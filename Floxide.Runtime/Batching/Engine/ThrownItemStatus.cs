namespace Floxide;

/// <summary>
/// What became of an item (or an attempt) that threw: the one rule behind its result's status and its span's, so
/// the two cannot disagree.
/// </summary>
internal static class ThrownItemStatus
{
    /// <summary>
    /// Canceled when it observed the caller's cancellation, skipped when it observed the batch's own stop (fail-fast, a
    /// failed merge or store), failed otherwise (also a cancellation neither asked for, such as a timeout's: see
    /// <see cref="TimedOut"/>). A cancellation an executor ran elsewhere reports (a <see cref="RemoteException"/> that
    /// stands for one) reads as one thrown here: a silo's item that ends with its own cancellation while the batch drains
    /// is canceled, as in process, though the silo, whose token the drain leaves alone, reported it failed.
    /// </summary>
    /// <param name="exception">What the item threw.</param>
    /// <param name="stop">The run's stops: the caller's cancellation, and the batch's own.</param>
    public static BatchItemStatus Of(Exception exception, BatchStop stop) =>
        !IsCancellation(exception) ? BatchItemStatus.Failed
        : stop.CallerCanceled ? BatchItemStatus.Canceled
        : stop.IsHalted ? BatchItemStatus.Skipped
        : BatchItemStatus.Failed;

    /// <summary>
    /// Whether an attempt that threw <paramref name="exception"/> was stopped by a timeout in the item's resilience
    /// pipeline (one in <see cref="BatchOptions.ResiliencePipeline"/>, or <see cref="TimeoutAttribute"/> on a
    /// <c>[BatchContext]</c>). Polly's timeout turns the attempt's <see cref="OperationCanceledException"/> into its
    /// <c>TimeoutRejectedException</c> only outside the attempt, so whoever sees the attempt end (its span) sees the
    /// cancellation, while the item's result reports the timeout (failed, <see cref="BatchItemResult{TContext, TItem}.TimedOut"/>,
    /// no step). This reads Polly's rule for that conversion on the attempt's token (Polly reads its own timeout's), so
    /// any cancellation made inside the item's pipeline counts: the attempt ended with an
    /// <see cref="OperationCanceledException"/> (as the pipeline sees it, <see cref="NodeFailedException.ThrownByStep"/>) and
    /// its token, the one the pipeline handed the attempt, was canceled while the token outside the pipeline was not:
    /// neither the caller's nor the batch's own stop (which <see cref="Of"/> reads as canceled and skipped). Such an
    /// attempt is failed by <see cref="Of"/> too. A step's own timeout is not one: the step's pipeline throws
    /// <c>TimeoutRejectedException</c> itself, inside the attempt, which its span then reports as it is, naming the step.
    /// </summary>
    /// <param name="exception">What the attempt threw.</param>
    /// <param name="attemptToken">The token the attempt was given (inside the pipeline's timeout).</param>
    /// <param name="stop">The run's stops. Once it halted, an attempt's end is its stop's, grace period or not: an attempt
    /// that ends after the halt has its item's own token canceled (see <see cref="GracefulAttempts"/>), so Polly does not
    /// call its cancellation a timeout either.</param>
    public static bool TimedOut(Exception exception, CancellationToken attemptToken, BatchStop stop) =>
        NodeFailedException.ThrownByStep(exception) is OperationCanceledException
        && attemptToken.IsCancellationRequested
        && !stop.IsHalted;

    private static bool IsCancellation(Exception exception) =>
        exception is OperationCanceledException
        || NodeFailedException.ThrownByStep(exception) is RemoteException remote && remote.Is<OperationCanceledException>();
}

namespace Floxide;

/// <summary>
/// What became of an item (or an attempt) that threw: the one rule behind its result's status and its span's, so
/// the two cannot disagree.
/// </summary>
internal static class ThrownItemStatus
{
    /// <summary>
    /// Canceled when it observed the caller's cancellation, skipped when it observed the batch's own stop (fail-fast, a
    /// failed merge or store), failed otherwise (also a cancellation neither asked for, such as a timeout's).
    /// </summary>
    /// <param name="exception">What the item threw.</param>
    /// <param name="callerToken">The caller's cancellation.</param>
    /// <param name="stopToken">The batch's own stop (linked to the caller's).</param>
    public static BatchItemStatus Of(Exception exception, CancellationToken callerToken, CancellationToken stopToken) =>
        exception is not OperationCanceledException ? BatchItemStatus.Failed
        : callerToken.IsCancellationRequested ? BatchItemStatus.Canceled
        : stopToken.IsCancellationRequested ? BatchItemStatus.Skipped
        : BatchItemStatus.Failed;
}

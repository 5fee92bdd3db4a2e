namespace Floxide;

/// <summary>
/// A fail-fast batch stopped at its first failed item. The parent context has already received the
/// results of every item (the ones that never ran are <see cref="BatchItemStatus.Skipped"/>); the
/// item's exception is the <see cref="Exception.InnerException"/>.
/// </summary>
public sealed class BatchFailedException : FloxideException
{
    /// <summary>Creates the error.</summary>
    /// <param name="nodeId">The batch node that stopped.</param>
    /// <param name="itemIndex">The input index of the first item that failed.</param>
    /// <param name="innerException">What that item threw.</param>
    /// <param name="failedStepId">The id of the item workflow's step that threw, when known.</param>
    public BatchFailedException(string nodeId, long itemIndex, Exception innerException, string? failedStepId = null)
        : base(
            failedStepId is null
                ? $"Batch node '{nodeId}' stopped: item {itemIndex} failed: {innerException?.Message}"
                : $"Batch node '{nodeId}' stopped: item {itemIndex} failed at step '{failedStepId}': {innerException?.Message}",
            nodeId,
            itemIndex,
            innerException)
    {
        FailedStepId = failedStepId;
    }

    /// <summary>Gets the id of the item workflow's step that threw, when known.</summary>
    public string? FailedStepId { get; }
}

using Microsoft.Extensions.Logging;

namespace Floxide;

/// <summary>
/// The wordings of the per-item events that name a durable run's item by its key as well as its index: the key is
/// what the user knows the item by (a row id, a file name), the index only its input position. Each keeps its event's
/// id, name and properties, and adds <c>ItemKey</c>. The key is asked for only when the event is written.
/// </summary>
internal static partial class BatchLog
{
    // Second wordings of events (see BatchLog.cs): the generator's warnings about a reused event name, and a property
    // left out of a wording, are meant here too.
#pragma warning disable SYSLIB1025, SYSLIB1015

    [LoggerMessage(EventId = 3, EventName = "ItemFailed", Level = LogLevel.Warning,
        Message = "Batch {BatchId}: item {ItemIndex} (key '{ItemKey}') failed in step {FailedStepId}")]
    public static partial void KeyedItemFailedInStep(ILogger logger, string batchId, long itemIndex, string itemKey, string? failedStepId, string? FailedOutsideSteps, Exception exception);

    [LoggerMessage(EventId = 3, EventName = "ItemFailed", Level = LogLevel.Warning,
        Message = "Batch {BatchId}: item {ItemIndex} (key '{ItemKey}') failed")]
    public static partial void KeyedItemFailedOutsideSteps(ILogger logger, string batchId, long itemIndex, string itemKey, string? FailedStepId, string? FailedOutsideSteps, Exception exception);

    [LoggerMessage(EventId = 3, EventName = "ItemFailed", Level = LogLevel.Warning,
        Message = "Batch {BatchId}: item {ItemIndex} (key '{ItemKey}') failed outside its steps: {FailedOutsideSteps}")]
    public static partial void KeyedItemFailedInExecutor(ILogger logger, string batchId, long itemIndex, string itemKey, string? FailedStepId, string? failedOutsideSteps, Exception exception);

    [LoggerMessage(EventId = 8, EventName = "BatchPaused", Level = LogLevel.Warning,
        Message = "Batch {BatchId} paused until {PausedUntil:O}: an attempt of item {ItemIndex} (key '{ItemKey}') was throttled and asked to wait {WaitSeconds:0.###} s")]
    public static partial void KeyedPaused(ILogger logger, string batchId, DateTimeOffset pausedUntil, long itemIndex, string itemKey, double waitSeconds);

    [LoggerMessage(EventId = 10, EventName = "ItemFailureRestored", Level = LogLevel.Debug,
        Message = "Batch {BatchId}: item {ItemIndex} (key '{ItemKey}') failed in an earlier run; its recorded failure is restored, not run again")]
    public static partial void KeyedItemFailureRestored(ILogger logger, string batchId, long itemIndex, string itemKey, Exception exception);

#pragma warning restore SYSLIB1025, SYSLIB1015

    /// <summary>
    /// The <c>ItemFailed</c> event, best effort, naming the item's key when <paramref name="keys"/> (a durable run's) has one
    /// for it; otherwise as <see cref="ItemFailedBestEffort(ILogger?, string, long, string?, string?, Exception)"/> writes it.
    /// </summary>
    public static void ItemFailedBestEffort<TItem>(
        ILogger? logger, string batchId, long itemIndex, IItemKeys<TItem>? keys, TItem item, string? failedStepId, string? failedOutsideSteps, Exception exception)
    {
        if (keys is null)
        {
            ItemFailedBestEffort(logger, batchId, itemIndex, failedStepId, failedOutsideSteps, exception);
            return;
        }

        BestEffort(logger, (batchId, itemIndex, keys, item, failedStepId, failedOutsideSteps, exception), static (logger, e) =>
        {
            if (!logger.IsEnabled(LogLevel.Warning))
            {
                return;
            }

            if (e.keys.KeyOf(e.itemIndex, e.item) is not { } key)
            {
                ItemFailedBestEffort(logger, e.batchId, e.itemIndex, e.failedStepId, e.failedOutsideSteps, e.exception);
            }
            else if (e.failedStepId is not null)
            {
                KeyedItemFailedInStep(logger, e.batchId, e.itemIndex, key, e.failedStepId, e.failedOutsideSteps, e.exception);
            }
            else if (e.failedOutsideSteps is not null)
            {
                KeyedItemFailedInExecutor(logger, e.batchId, e.itemIndex, key, e.failedStepId, e.failedOutsideSteps, e.exception);
            }
            else
            {
                KeyedItemFailedOutsideSteps(logger, e.batchId, e.itemIndex, key, e.failedStepId, e.failedOutsideSteps, e.exception);
            }
        });
    }

    /// <summary>
    /// <see cref="ItemFailureRestored"/>, best effort, naming the item's key when <paramref name="keys"/> has one for it;
    /// otherwise as <see cref="ItemFailureRestoredBestEffort(ILogger?, string, long, Exception)"/> writes it.
    /// </summary>
    public static void ItemFailureRestoredBestEffort<TItem>(ILogger? logger, string batchId, long itemIndex, IItemKeys<TItem>? keys, TItem item, Exception exception) =>
        BestEffort(logger, (batchId, itemIndex, keys, item, exception), static (logger, e) =>
        {
            if (!logger.IsEnabled(LogLevel.Debug))
            {
                return;
            }

            if (e.keys?.KeyOf(e.itemIndex, e.item) is { } key)
            {
                KeyedItemFailureRestored(logger, e.batchId, e.itemIndex, key, e.exception);
            }
            else
            {
                ItemFailureRestoredBestEffort(logger, e.batchId, e.itemIndex, e.exception);
            }
        });

    /// <summary>
    /// <see cref="Paused"/>, best effort, naming the item's key when it has one (<see cref="ILoggedItem.Key"/>); otherwise as
    /// <see cref="PausedBestEffort(ILogger?, string, DateTimeOffset, long, double)"/> writes it.
    /// </summary>
    public static void PausedBestEffort(ILogger? logger, string batchId, DateTimeOffset pausedUntil, ILoggedItem item, double waitSeconds) =>
        BestEffort(logger, (batchId, pausedUntil, item, waitSeconds), static (logger, e) =>
        {
            if (!logger.IsEnabled(LogLevel.Warning))
            {
                return;
            }

            if (e.item.Key() is { } key)
            {
                KeyedPaused(logger, e.batchId, e.pausedUntil, e.item.Index, key, e.waitSeconds);
            }
            else
            {
                PausedBestEffort(logger, e.batchId, e.pausedUntil, e.item.Index, e.waitSeconds);
            }
        });
}

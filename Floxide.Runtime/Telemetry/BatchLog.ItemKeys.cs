using Microsoft.Extensions.Logging;

namespace Floxide;

/// <summary>
/// Writes the per-item events that name a durable run's item by its key as well as its index: the key is what the user
/// knows the item by (a row id, a file name), the index only its input position. Each wording (in BatchLog.cs: the
/// logging generator writes a partial class's methods in the order of its files, which a clean clone may list in
/// another order, so every [LoggerMessage] stays in one file for a reproducible build) keeps its event's id, name and
/// properties, and adds <c>ItemKey</c>. The key is asked for only when the event is written.
/// </summary>
internal static partial class BatchLog
{
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

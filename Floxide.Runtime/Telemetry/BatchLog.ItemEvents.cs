using Microsoft.Extensions.Logging;

namespace Floxide;

/// <summary>
/// Writes the per-item events, best effort (see the note above <c>RunFailedBestEffort</c>), naming a durable run's item
/// by its key as well as its index: the key is what the user knows the item by (a row id, a file name), the index only
/// its input position. Each event has a wording with the key and one without (in BatchLog.cs: the logging generator
/// writes a partial class's methods in the order of its files, which a clean clone may list in another order, so every
/// [LoggerMessage] stays in one file for a reproducible build); both keep the event's id, name and properties. The key
/// is asked for only when the event's level is enabled.
/// </summary>
internal static partial class BatchLog
{
    /// <summary>
    /// The <c>ItemFailed</c> event, in the wording that fits whether a step failed (not the context factory, nor a
    /// resilience pipeline's own rejection), or the item's executor failed it outside its steps, saying where
    /// (<paramref name="failedOutsideSteps"/>, the <see cref="ItemFailedOutsideStepsException"/>'s message, which the
    /// item's result leaves out: it reports what failed), and whether <paramref name="keys"/> (a durable run's) has a key
    /// for the item; nothing without a logger.
    /// </summary>
    public static void ItemFailedBestEffort<TItem>(
        ILogger? logger, string batchId, long itemIndex, IItemKeys<TItem>? keys, TItem item, string? failedStepId, string? failedOutsideSteps, Exception exception) =>
        BestEffort(logger, (batchId, itemIndex, keys, item, failedStepId, failedOutsideSteps, exception), static (logger, e) =>
        {
            if (!logger.IsEnabled(LogLevel.Warning))
            {
                return;
            }

            var key = e.keys?.KeyOf(e.itemIndex, e.item);
            switch (e.failedStepId, e.failedOutsideSteps, key)
            {
                case (not null, _, null):
                    ItemFailedInStep(logger, e.batchId, e.itemIndex, e.failedStepId, e.failedOutsideSteps, e.exception);
                    break;
                case (not null, _, not null):
                    KeyedItemFailedInStep(logger, e.batchId, e.itemIndex, key, e.failedStepId, e.failedOutsideSteps, e.exception);
                    break;
                case (null, not null, null):
                    ItemFailedInExecutor(logger, e.batchId, e.itemIndex, e.failedStepId, e.failedOutsideSteps, e.exception);
                    break;
                case (null, not null, not null):
                    KeyedItemFailedInExecutor(logger, e.batchId, e.itemIndex, key, e.failedStepId, e.failedOutsideSteps, e.exception);
                    break;
                case (null, null, null):
                    ItemFailedOutsideSteps(logger, e.batchId, e.itemIndex, e.failedStepId, e.failedOutsideSteps, e.exception);
                    break;
                case (null, null, not null):
                    KeyedItemFailedOutsideSteps(logger, e.batchId, e.itemIndex, key, e.failedStepId, e.failedOutsideSteps, e.exception);
                    break;
            }
        });

    /// <summary>
    /// <see cref="ItemFailureRestored"/>, naming the item's key when <paramref name="keys"/> has one for it; nothing
    /// without a logger.
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
                ItemFailureRestored(logger, e.batchId, e.itemIndex, e.exception);
            }
        });

    /// <summary>
    /// <see cref="Paused"/>, naming the item's key when it has one (<see cref="ILoggedItem.Key"/>); nothing without a
    /// logger.
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
                Paused(logger, e.batchId, e.pausedUntil, e.item.Index, e.waitSeconds);
            }
        });
}

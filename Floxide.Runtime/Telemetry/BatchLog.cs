using Microsoft.Extensions.Logging;

namespace Floxide;

/// <summary>
/// Floxide's log events, source-generated (no boxing, no formatting unless the level is enabled). They are written
/// to the category <see cref="Category"/> of <see cref="BatchOptions.LoggerFactory"/>; without one nothing is logged.
/// </summary>
internal static partial class BatchLog
{
    /// <summary>The logger category of batch events.</summary>
    public const string Category = "Floxide.Batch";

    [LoggerMessage(EventId = 1, EventName = "BatchStarted", Level = LogLevel.Information,
        Message = "Batch {BatchId} started: {ItemsTotal} items known, at most {Parallelism} at a time")]
    public static partial void Started(ILogger logger, string batchId, long? itemsTotal, int parallelism);

    [LoggerMessage(EventId = 2, EventName = "BatchFinished", Level = LogLevel.Information,
        Message = "Batch {BatchId} finished in {DurationSeconds:0.###} s: {Succeeded} succeeded, {Failed} failed, {Canceled} canceled, {Skipped} skipped")]
    public static partial void Finished(ILogger logger, string batchId, double durationSeconds, long succeeded, long failed, long canceled, long skipped);

    [LoggerMessage(EventId = 3, EventName = "ItemFailed", Level = LogLevel.Warning,
        Message = "Batch {BatchId}: item {ItemIndex} failed")]
    public static partial void ItemFailed(ILogger logger, string batchId, long itemIndex, Exception exception);

    [LoggerMessage(EventId = 4, EventName = "BatchCanceled", Level = LogLevel.Warning,
        Message = "Batch {BatchId} was canceled after {DurationSeconds:0.###} s: {Completed} items completed, {Canceled} canceled")]
    public static partial void Canceled(ILogger logger, string batchId, double durationSeconds, long completed, long canceled);

    [LoggerMessage(EventId = 5, EventName = "BatchSourceFailed", Level = LogLevel.Error,
        Message = "Batch {BatchId}: reading its items failed after {ItemsRead} items")]
    public static partial void SourceFailed(ILogger logger, string batchId, long itemsRead, Exception exception);

    [LoggerMessage(EventId = 6, EventName = "BatchStopped", Level = LogLevel.Warning,
        Message = "Batch {BatchId} stopped at the failure of item {ItemIndex} (fail-fast): {Skipped} items skipped")]
    public static partial void Stopped(ILogger logger, string batchId, long itemIndex, long skipped);

    [LoggerMessage(EventId = 7, EventName = "BatchFailed", Level = LogLevel.Error,
        Message = "Batch {BatchId} failed after {DurationSeconds:0.###} s")]
    public static partial void Failed(ILogger logger, string batchId, double durationSeconds, Exception exception);

    [LoggerMessage(EventId = 8, EventName = "BatchPaused", Level = LogLevel.Warning,
        Message = "Batch {BatchId} paused until {PausedUntil:O}: an attempt of item {ItemIndex} was throttled and asked to wait {WaitSeconds:0.###} s")]
    public static partial void Paused(ILogger logger, string batchId, DateTimeOffset pausedUntil, long itemIndex, double waitSeconds);
}

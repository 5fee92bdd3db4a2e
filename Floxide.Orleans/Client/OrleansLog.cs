using Microsoft.Extensions.Logging;

namespace Floxide.Orleans;

/// <summary>
/// The Orleans executor's log events, source-generated as the batch's are (<c>BatchLog</c> in the runtime), numbered from
/// 100, apart from the batch's (below 100), so an event id names one event in every Floxide category (a filter or an
/// alert on an id alone does not catch another) and a new batch event never takes one of these. They are written to the
/// category <see cref="Category"/> of the cluster client's <see cref="ILoggerFactory"/>.
/// </summary>
internal static partial class OrleansLog
{
    /// <summary>The logger category of the Orleans executor's events.</summary>
    public const string Category = "Floxide.Orleans";

    [LoggerMessage(EventId = 100, EventName = "LostCallResent", Level = LogLevel.Warning,
        Message = "Item {ItemIndex} of workflow '{Workflow}': call {Attempt} of at most {MaxAttempts} was lost ({ExceptionType}); it is sent again in {DelaySeconds:0.###} s")]
    public static partial void LostCallResent(ILogger logger, long? itemIndex, string workflow, int attempt, int maxAttempts, string exceptionType, double delaySeconds, Exception exception);

    /// <summary>
    /// <see cref="LostCallResent"/>, best effort: a logging provider that throws must not fail the item it reports on, as the
    /// batch's own events do not; nothing without a logger.
    /// </summary>
    public static void LostCallResentBestEffort(ILogger? logger, long? itemIndex, string workflow, int attempt, int maxAttempts, TimeSpan delay, Exception exception)
    {
        if (logger is null)
        {
            return;
        }

        try
        {
            LostCallResent(logger, itemIndex, workflow, attempt, maxAttempts, exception.GetType().Name, delay.TotalSeconds, exception);
        }
        catch (Exception)
        {
            // The provider's error is not the item's.
        }
    }
}

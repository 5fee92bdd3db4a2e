namespace Floxide;

/// <summary>
/// The recorded failure of an item of a resumed durable batch (a dead letter), replayed as the item's
/// exception without running it again; set <see cref="DurableRun{TContext, TItem}.RetryFailed"/> to
/// run failed items again instead.
/// </summary>
public sealed class RecordedItemFailureException : FloxideException
{
    private readonly string? _recordedStackTrace;

    /// <summary>Creates the error from a record.</summary>
    /// <param name="record">A failed item's record.</param>
    public RecordedItemFailureException(ItemRecord record)
        : base(
            $"{record?.ErrorType}: {record?.ErrorMessage} (recorded when the item failed in an earlier run)",
            record?.FailedStepId,
            record?.Index,
            null)
    {
        ArgumentNullException.ThrowIfNull(record);
        ErrorType = record.ErrorType ?? "";
        ErrorMessage = record.ErrorMessage ?? "";
        _recordedStackTrace = record.ErrorStackTrace;
    }

    /// <summary>Gets the full name of the type of the exception the item threw.</summary>
    public string ErrorType { get; }

    /// <summary>Gets the message of the exception the item threw.</summary>
    public string ErrorMessage { get; }

    /// <summary>Gets the stack trace the item's exception had when it was recorded.</summary>
    public override string? StackTrace => _recordedStackTrace;
}

using System.Net;
using global::Orleans;

namespace Floxide.Orleans;

/// <summary>What a silo sends back for one item attempt.</summary>
[GenerateSerializer, Immutable, Alias("Floxide.Orleans.ItemReply")]
internal sealed class ItemReply
{
    /// <summary>Gets how the attempt ended.</summary>
    [Id(0)]
    public ItemOutcome Outcome { get; init; }

    /// <summary>Gets the mapping's reply; null when the item context could not be built.</summary>
    [Id(1)]
    public object? Reply { get; init; }

    /// <summary>Gets the name of the action that ended the workflow, when it succeeded.</summary>
    [Id(2)]
    public string? Action { get; init; }

    /// <summary>Gets the id of the step that failed, when known.</summary>
    [Id(3)]
    public string? FailedStepId { get; init; }

    /// <summary>Gets the full name of the failing exception's type.</summary>
    [Id(4)]
    public string? ErrorType { get; init; }

    /// <summary>Gets the failing exception's message.</summary>
    [Id(5)]
    public string? ErrorMessage { get; init; }

    /// <summary>Gets the failing exception's text (type, message, stack trace, inner exceptions) on the silo.</summary>
    [Id(6)]
    public string? ErrorDetails { get; init; }

    /// <summary>Gets the silo the attempt ran on.</summary>
    [Id(7)]
    public required string Silo { get; init; }

    /// <summary>Gets the full names of the failing exception's base types, nearest first (a silo of an older version sends none).</summary>
    [Id(8)]
    public string[]? ErrorBaseTypes { get; init; }

    /// <summary>Gets the HTTP status the failing exception carried (an <see cref="HttpRequestException"/>'s), if any.</summary>
    [Id(9)]
    public int? ErrorStatusCode { get; init; }

    /// <summary>Gets the wait the failing exception asked for, if it carried one Floxide reads (<see cref="RemoteException.RetryAfter"/>).</summary>
    [Id(10)]
    public TimeSpan? ErrorRetryAfter { get; init; }

    /// <summary>
    /// Gets what the item reported to <see cref="ThrottlingSignals"/> during the attempt (the failing exception aside), for
    /// the coordinator to report to its own attempt; null when nothing was (or the silo is of an older version).
    /// </summary>
    [Id(11)]
    public ReportedSignal[]? Signals { get; init; }

    /// <summary>The reply for an attempt that failed with <paramref name="thrown"/>: what the coordinator needs to read it as the original.</summary>
    public static ItemReply Failed(
        Exception thrown, string silo, string? failedStepId = null, object? reply = null, ReportedSignal[]? signals = null)
    {
        var shape = ExceptionShape.Of(thrown);
        return new ItemReply
        {
            Outcome = ItemOutcome.Failed,
            Reply = reply,
            FailedStepId = failedStepId,
            ErrorType = shape.Types[0],
            ErrorBaseTypes = [.. shape.Types.Skip(1)],
            ErrorStatusCode = (int?)shape.Status,
            ErrorRetryAfter = shape.RetryAfter,
            ErrorMessage = thrown.Message,
            ErrorDetails = thrown.ToString(),
            Silo = silo,
            Signals = signals,
        };
    }

    /// <summary>The exception the coordinator throws for a failed attempt.</summary>
    public RemoteItemException ToException() =>
        new ExceptionShape([ErrorType ?? "unknown", .. ErrorBaseTypes ?? []], (HttpStatusCode?)ErrorStatusCode, ErrorRetryAfter)
            .ToException(ErrorMessage ?? "", ErrorDetails ?? "", Silo);
}

using System.Net;
using global::Orleans;

namespace Floxide.Orleans;

/// <summary>
/// An exception an item reported to <see cref="ThrottlingSignals"/> on its silo (a 429 a step's retry absorbed, say), on
/// its way back to be reported to the coordinator's adaptive concurrency.
/// </summary>
[GenerateSerializer, Immutable, Alias("Floxide.Orleans.ReportedSignal")]
internal sealed class ReportedSignal
{
    /// <summary>Gets the full names of the exception's type and of its base types, most derived first.</summary>
    [Id(0)]
    public required string[] Types { get; init; }

    /// <summary>Gets the exception's message.</summary>
    [Id(1)]
    public string Message { get; init; } = "";

    /// <summary>Gets the HTTP status it carried, if any.</summary>
    [Id(2)]
    public int? StatusCode { get; init; }

    /// <summary>
    /// Gets what was left, when the reply was sent, of the wait it asked for (if it carried one Floxide reads): the silo
    /// has often waited part or all of it already, and the coordinator's pause starts when the reply comes back.
    /// </summary>
    [Id(3)]
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>What crosses the wire of a recorded report.</summary>
    public static ReportedSignal From(RecordedThrottlingSignal recorded)
    {
        var shape = ExceptionShape.Of(recorded.Exception);
        return new()
        {
            Types = [.. shape.Types],
            Message = recorded.Exception.Message,
            StatusCode = (int?)shape.Status,
            RetryAfter = shape.RetryAfter is { } wait ? (wait <= recorded.Age ? TimeSpan.Zero : wait - recorded.Age) : null, // never below zero, never an overflow
        };
    }

    /// <summary>The exception the coordinator reports for it (a silo that named no type sends "unknown").</summary>
    public RemoteItemException ToException(string silo)
    {
        var shape = new ExceptionShape(Types ?? [], (HttpStatusCode?)StatusCode, RetryAfter);
        return shape.ToException(Message, $"{shape.Name}: {Message} (reported on the silo by the item, which went on)", silo);
    }
}

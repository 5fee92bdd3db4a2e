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

    /// <summary>Gets the wait it asked for, if it carried one Floxide reads.</summary>
    [Id(3)]
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>What crosses the wire of <paramref name="reported"/>.</summary>
    public static ReportedSignal From(Exception reported)
    {
        var shape = ExceptionShape.Of(reported);
        return new() { Types = [.. shape.Types], Message = reported.Message, StatusCode = (int?)shape.Status, RetryAfter = shape.RetryAfter };
    }

    /// <summary>The exception the coordinator reports for it.</summary>
    public RemoteItemException ToException(string silo) =>
        new(Message, Types, $"{Types[0]}: {Message} (reported on the silo by the item, which went on)", (HttpStatusCode?)StatusCode, RetryAfter, silo);
}

using System.Net;
using global::Orleans;

namespace Floxide.Orleans;

/// <summary>
/// What of an exception on a silo crosses the wire, for the coordinator to read it as the original: the exception an item
/// failed with, or one it reported to <see cref="ThrottlingSignals"/> and went on (a 429 a step's retry absorbed, say).
/// </summary>
[GenerateSerializer, Immutable, Alias("Floxide.Orleans.WireException")]
internal sealed class WireException
{
    /// <summary>Gets the full names of the exception's type and of its base types, most derived first.</summary>
    [Id(0)]
    public required string[] Types { get; init; }

    /// <summary>Gets the exception's message.</summary>
    [Id(1)]
    public string Message { get; init; } = "";

    /// <summary>Gets its text on the silo (type, message, stack trace, inner exceptions).</summary>
    [Id(2)]
    public string Details { get; init; } = "";

    /// <summary>Gets the HTTP status it carried (an <see cref="HttpRequestException"/>'s), if any.</summary>
    [Id(3)]
    public int? StatusCode { get; init; }

    /// <summary>
    /// Gets the wait it asked for, if it carried one the silo's mapping (<see cref="ItemMapping{TContext, TItem, TRequest, TReply}.RetryAfterOf"/>)
    /// or Floxide (<see cref="ThrottlingSignals.RetryAfterOf(Exception)"/>) reads.
    /// </summary>
    [Id(4)]
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The exception the coordinator throws or reports for it.</summary>
    /// <param name="silo">The silo it happened on.</param>
    public RemoteItemException ToException(string silo) => new(Message, Types, Details, (HttpStatusCode?)StatusCode, RetryAfter, silo);

    /// <summary>
    /// What crosses the wire of <paramref name="exception"/> (one an item failed with, or reported and went on past); one
    /// that came from further away (a <see cref="RemoteException"/>) passes on what it stands for, not what it is.
    /// </summary>
    /// <param name="exception">The exception.</param>
    /// <param name="retryAfter">The wait the silo's mapping read from it, which goes before what Floxide reads; null for none.</param>
    public static WireException Of(Exception exception, TimeSpan? retryAfter = null)
    {
        string[] types;
        HttpStatusCode? status;
        if (exception is RemoteException remote)
        {
            (types, status) = ([.. remote.RemoteTypes], remote.StatusCode);
        }
        else
        {
            var names = new List<string>();
            for (var type = exception.GetType(); type is not null && type != typeof(object); type = type.BaseType)
            {
                names.Add(type.FullName ?? type.Name);
            }

            (types, status) = ([.. names], (exception as HttpRequestException)?.StatusCode);
        }

        return new()
        {
            Types = types,
            Message = exception.Message,
            Details = Describe(exception),
            StatusCode = (int?)status,
            RetryAfter = retryAfter ?? ThrottlingSignals.RetryAfterOf(exception), // a RemoteException's own wait included
        };
    }

    /// <summary>Its text; an exception whose <c>ToString</c> throws is described by its type and message instead.</summary>
    private static string Describe(Exception exception)
    {
        try
        {
            return exception.ToString();
        }
        catch (Exception)
        {
            return $"{exception.GetType().FullName}: {exception.Message}";
        }
    }
}

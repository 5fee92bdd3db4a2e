using System.Net;

namespace Floxide.Orleans;

/// <summary>
/// What of an exception crosses the wire for the coordinator to read it as the original: its type's full name and its
/// base types', most derived first, the HTTP status it carried and the wait it asked for.
/// </summary>
internal readonly record struct ExceptionShape(IReadOnlyList<string> Types, HttpStatusCode? Status, TimeSpan? RetryAfter)
{
    /// <summary>The shape of <paramref name="exception"/>; one reported from further away passes on what it stands for, not what it is.</summary>
    public static ExceptionShape Of(Exception exception)
    {
        if (exception is RemoteException remote)
        {
            return new(remote.RemoteTypes, remote.StatusCode, remote.RetryAfter);
        }

        var names = new List<string>();
        for (var type = exception.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            names.Add(type.FullName ?? type.Name);
        }

        return new(names, (exception as HttpRequestException)?.StatusCode, ThrottlingSignals.RetryAfterOf(exception));
    }

    /// <summary>Gets the full name of the exception's type ("unknown" when a silo named none).</summary>
    public string Name => Types.Count > 0 ? Types[0] : "unknown";

    /// <summary>The exception the coordinator throws or reports for an exception of this shape.</summary>
    public RemoteItemException ToException(string message, string details, string silo) =>
        new(message, Types.Count > 0 ? Types : [Name], details, Status, RetryAfter, silo);
}

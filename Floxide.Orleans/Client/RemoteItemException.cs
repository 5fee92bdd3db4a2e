using System.Net;

namespace Floxide.Orleans;

/// <summary>
/// What an item's workflow threw on a silo, or what its steps reported there (<see cref="ThrottlingSignals.Report"/>), as the
/// coordinator sees it: the original exception's type names, message, text (with its stack trace), HTTP status and wait,
/// since exceptions themselves do not cross the wire. A <c>[Retry(On = ...)]</c> and adaptive concurrency read it as they
/// would the original (<see cref="RemoteException"/>).
/// </summary>
public sealed class RemoteItemException : RemoteException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The original exception's message.</param>
    /// <param name="remoteTypes">The full names of the original exception's type and of its base types, most derived first.</param>
    /// <param name="remoteDetails">Its text on the silo: type, message, stack trace and inner exceptions.</param>
    /// <param name="statusCode">The HTTP status it carried (an <see cref="HttpRequestException"/>'s), if any.</param>
    /// <param name="retryAfter">The wait it asked for, if it carried one Floxide reads (<see cref="RemoteException.RetryAfter"/>).</param>
    /// <param name="silo">The silo the item ran on.</param>
    public RemoteItemException(string message, IEnumerable<string> remoteTypes, string remoteDetails, HttpStatusCode? statusCode, TimeSpan? retryAfter, string silo)
        : base(message, remoteTypes, remoteDetails, statusCode, retryAfter)
    {
        Silo = silo;
    }

    /// <summary>Gets the silo the item ran on.</summary>
    public string Silo { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{GetType().FullName}: {RemoteType} on silo {Silo}: {Message}\n--- on the silo ---\n{RemoteDetails}\n--- on the coordinator ---\n{StackTrace}";
}

using System.Collections.ObjectModel;
using System.Net;

namespace Floxide;

/// <summary>
/// What an item's workflow threw somewhere else (another process, a cluster's node), as an <see cref="IItemExecutor{TContext}"/>
/// that ran it there reports it: exceptions do not cross the wire, their type names, message and text do. So that a
/// batch behaves the same wherever its items run, a <c>[Retry(On = ...)]</c> matches it by the original exception's
/// type (<see cref="Is{TException}"/>), and adaptive concurrency reads its <see cref="StatusCode"/> as it reads an
/// <see cref="HttpRequestException"/>'s. The wait the original asked for, when Floxide knows how to read it, is its
/// <see cref="RetryAfter"/>: read it in <see cref="AdaptiveConcurrency.RetryAfter"/> to pause for it.
/// </summary>
public abstract class RemoteException : Exception
{
    private readonly ReadOnlyCollection<string> _remoteTypes;

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The original exception's message.</param>
    /// <param name="remoteTypes">The full names of the original exception's type and of its base types, most derived first.</param>
    /// <param name="remoteDetails">The original exception's text: type, message, stack trace and inner exceptions.</param>
    /// <param name="statusCode">The HTTP status the original exception carried (an <see cref="HttpRequestException"/>'s), if any.</param>
    /// <param name="retryAfter">The wait the original exception asked for, if it carried one Floxide reads (see <see cref="RetryAfter"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="remoteTypes"/> is empty.</exception>
    protected RemoteException(string message, IEnumerable<string> remoteTypes, string remoteDetails, HttpStatusCode? statusCode, TimeSpan? retryAfter)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(remoteTypes);
        ArgumentNullException.ThrowIfNull(remoteDetails);
        _remoteTypes = Array.AsReadOnly<string>([.. remoteTypes]);
        if (_remoteTypes.Count == 0)
        {
            throw new ArgumentException("The original exception's type must be named.", nameof(remoteTypes));
        }

        RemoteDetails = remoteDetails;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>Gets the full name of the original exception's type.</summary>
    public string RemoteType => _remoteTypes[0];

    /// <summary>Gets the full names of the original exception's type and of its base types, most derived first.</summary>
    public IReadOnlyList<string> RemoteTypes => _remoteTypes;

    /// <summary>Gets the original exception's text: type, message, stack trace and inner exceptions.</summary>
    public string RemoteDetails { get; }

    /// <summary>Gets the HTTP status the original exception carried (an <see cref="HttpRequestException"/>'s), if any.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>
    /// Gets the wait the original exception asked for, if it carried one Floxide reads: a <see cref="ThrottledResponseException"/>'s
    /// or a <see cref="RateLimitRejectedException"/>'s <c>RetryAfter</c>. For one the item reported and went on past
    /// (<see cref="ThrottlingSignals.Report"/>), the same wait, sent as the report was made.
    /// </summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// Whether the original exception was a <typeparamref name="TException"/> (or derived from it), by full type name:
    /// what a retry's <c>Handle&lt;TException&gt;</c> would have matched had the exception been thrown here.
    /// </summary>
    /// <typeparam name="TException">The exception type.</typeparam>
    /// <returns>Whether it was.</returns>
    public bool Is<TException>()
        where TException : Exception =>
        _remoteTypes.Contains(typeof(TException).FullName!);
}

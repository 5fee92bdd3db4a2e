using System.Net;

namespace Floxide.Runtime.Tests.Support;

/// <summary>What an executor that ran an item elsewhere throws for the exception the item threw there.</summary>
public sealed class ReportedException : RemoteException
{
    public ReportedException(HttpStatusCode? statusCode, params string[] remoteTypes)
        : this(statusCode, retryAfter: null, remoteTypes)
    {
    }

    public ReportedException(HttpStatusCode? statusCode, TimeSpan? retryAfter, params string[] remoteTypes)
        : base("thrown elsewhere", remoteTypes, "thrown elsewhere", statusCode, retryAfter)
    {
    }

    public override string ToString() => RetryAfter is { } wait ? $"{RemoteType} {StatusCode} {wait}" : $"{RemoteType} {StatusCode}"; // a theory's case name
}

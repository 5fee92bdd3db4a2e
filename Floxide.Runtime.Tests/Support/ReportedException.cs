using System.Net;

namespace Floxide.Runtime.Tests.Support;

/// <summary>What an executor that ran an item elsewhere throws for the exception the item threw there.</summary>
public sealed class ReportedException(HttpStatusCode? statusCode, params string[] remoteTypes)
    : RemoteException("thrown elsewhere", remoteTypes, "thrown elsewhere", statusCode, retryAfter: null)
{
    public override string ToString() => $"{RemoteType} {StatusCode}"; // a theory's case name
}

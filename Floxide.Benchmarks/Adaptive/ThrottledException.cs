using System.Net;

namespace Floxide.Benchmarks.Adaptive;

/// <summary>A 429 answer, with the server's Retry-After: what a client that honours it waits before trying again.</summary>
/// <param name="retryAfter">The wait the server asked for, if it did (<see cref="ThrottlingSignals.RetryAfterOf(HttpResponseMessage, TimeProvider?)"/>).</param>
public sealed class ThrottledException(TimeSpan? retryAfter)
    : HttpRequestException("The server answered 429 Too Many Requests.", null, HttpStatusCode.TooManyRequests)
{
    /// <summary>Gets how long the server asked the client to wait.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

using System.Net;

namespace Floxide;

/// <summary>
/// A 429 or 503 response a <see cref="ThrottlingSignalHandler"/> saw, as adaptive concurrency's readers
/// (<see cref="AdaptiveConcurrency.IsThrottled"/>, <see cref="AdaptiveConcurrency.RetryAfter"/>) get it. It is reported,
/// never thrown: the response itself goes back to the caller unchanged.
/// </summary>
public sealed class ThrottledResponseException : HttpRequestException
{
    /// <summary>Creates the report of a throttled response.</summary>
    /// <param name="statusCode">The response's status.</param>
    /// <param name="retryAfter">How long it asked to wait (its <c>retry-after-ms</c>, <c>x-ms-retry-after-ms</c> or <c>Retry-After</c>), if it did.</param>
    /// <param name="requestUri">The request's address, if known.</param>
    public ThrottledResponseException(HttpStatusCode statusCode, TimeSpan? retryAfter, Uri? requestUri)
        : base(retryAfter is { } wait
            ? $"{requestUri?.ToString() ?? "A request"} was answered {(int)statusCode} ({statusCode}), asking to wait {wait.TotalSeconds:0.###} s."
            : $"{requestUri?.ToString() ?? "A request"} was answered {(int)statusCode} ({statusCode}).",
            inner: null,
            statusCode)
    {
        RetryAfter = retryAfter;
        RequestUri = requestUri;
    }

    /// <summary>Gets how long the response asked to wait (its <c>retry-after-ms</c>, <c>x-ms-retry-after-ms</c> or <c>Retry-After</c>), if it did.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Gets the request's address, if known.</summary>
    public Uri? RequestUri { get; }
}

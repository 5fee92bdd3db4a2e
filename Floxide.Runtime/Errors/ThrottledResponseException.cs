using System.Globalization;
using System.Net;

namespace Floxide;

/// <summary>
/// A 429 or 503 response a <see cref="ThrottlingSignalHandler"/> saw, as adaptive concurrency's readers
/// (<see cref="AdaptiveConcurrency.IsThrottled"/>, <see cref="AdaptiveConcurrency.RetryAfter"/>) get it. It is reported,
/// never thrown: the response itself goes back to the caller unchanged.
/// </summary>
public sealed class ThrottledResponseException : HttpRequestException
{
    // OpenAI's and Azure's: a wait to the millisecond, beside the whole seconds of Retry-After.
    private static readonly string[] MillisecondHeaders = ["retry-after-ms", "x-ms-retry-after-ms"];

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

    /// <summary>
    /// The wait <paramref name="response"/> asks for, as <see cref="ThrottlingSignalHandler"/> reads it into
    /// <see cref="RetryAfter"/>: the milliseconds LLM APIs send (<c>retry-after-ms</c> or <c>x-ms-retry-after-ms</c>) when
    /// present, being more precise, else <c>Retry-After</c>, a number of seconds or a date. For a client's own retry that
    /// should wait as long (a <c>DelayGenerator</c>, say).
    /// </summary>
    /// <param name="response">The response.</param>
    /// <param name="timeProvider">
    /// The clock a <c>Retry-After</c> date is measured against when the response has no <c>Date</c> header (a date is read
    /// against the service's own clock first); <see cref="TimeProvider.System"/> when null.
    /// </param>
    /// <returns>The wait (zero for a date already past), or null when the response asks for none.</returns>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage response, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        foreach (var header in MillisecondHeaders)
        {
            if (response.Headers.TryGetValues(header, out var values)
                && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
                && milliseconds >= 0
                && milliseconds < TimeSpan.MaxValue.TotalMilliseconds)
            {
                return TimeSpan.FromMilliseconds(milliseconds);
            }
        }

        return response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - (response.Headers.Date ?? (timeProvider ?? TimeProvider.System).GetUtcNow()) is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero,
            _ => null,
        };
    }
}

using System.Globalization;
using System.Net;

namespace Floxide.Benchmarks.Adaptive;

/// <summary>A 429 answer, with the server's Retry-After: what a client that honours it waits before trying again.</summary>
/// <param name="retryAfter">The server's Retry-After, if it sent one.</param>
public sealed class ThrottledException(TimeSpan? retryAfter)
    : HttpRequestException("The server answered 429 Too Many Requests.", null, HttpStatusCode.TooManyRequests)
{
    /// <summary>Gets how long the server asked the client to wait.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>
    /// The error for a 429 <paramref name="response"/>: its wait from <c>retry-after-ms</c> (what LLM APIs send, to
    /// the millisecond) when present, else from <c>Retry-After</c> in seconds.
    /// </summary>
    /// <param name="response">The 429 answer.</param>
    /// <returns>The error to throw.</returns>
    public static ThrottledException From(HttpResponseMessage response) =>
        new(response.Headers.TryGetValues("retry-after-ms", out var values)
            && double.TryParse(values.First(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)
                ? TimeSpan.FromMilliseconds(ms)
                : response.Headers.RetryAfter?.Delta);
}

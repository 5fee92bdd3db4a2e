using System.Net;

namespace Floxide;

/// <summary>
/// Reads a failed attempt's exception for adaptive concurrency: whether it says the downstream service is overloaded
/// (a built-in signal, thrown here or reported as a <see cref="RemoteException"/>, or <see cref="AdaptiveConcurrency.IsThrottled"/>),
/// and how long it asked every caller to wait (<see cref="AdaptiveConcurrency.RetryAfter"/>).
/// </summary>
internal sealed class ThrottlingClassifier(AdaptiveConcurrency settings)
{
    private readonly Func<Exception, bool>? _isThrottled = settings.IsThrottled;
    private readonly Func<Exception, TimeSpan?>? _retryAfter = settings.RetryAfter;
    private readonly bool _useBuiltInSignals = settings.UseBuiltInSignals;

    /// <summary>
    /// Whether <paramref name="exception"/>, which an attempt of item <paramref name="index"/> met, is a throttling
    /// signal; <paramref name="pause"/> is the wait it asks for (zero for none).
    /// </summary>
    /// <exception cref="InvalidOperationException">A user's reader threw; the attempt fails with it.</exception>
    public bool IsThrottlingSignal(Exception exception, long index, out TimeSpan pause)
    {
        pause = TimeSpan.Zero;
        if (_retryAfter is not null && Read(_retryAfter, nameof(AdaptiveConcurrency.RetryAfter), exception, index) is { } wait && wait > TimeSpan.Zero)
        {
            pause = wait;
            return true;
        }

        return (_useBuiltInSignals && IsBuiltInSignal(exception))
            || (_isThrottled is not null && Read(_isThrottled, nameof(AdaptiveConcurrency.IsThrottled), exception, index));
    }

    /// <summary>
    /// Polly's refusal by a rate limiter in a pipeline (<c>AddRateLimiter</c>, or the one in
    /// Microsoft.Extensions.Http.Resilience's standard handler), named rather than referenced: Floxide does not depend on
    /// Polly.RateLimiting.
    /// </summary>
    internal const string PollyRateLimiterRejected = "Polly.RateLimiting.RateLimiterRejectedException";

    /// <summary>
    /// A refused permit (Floxide's or Polly's rate limiter), or an HTTP 429 or 503; thrown here or, reported by an
    /// executor, where the item ran.
    /// </summary>
    internal static bool IsBuiltInSignal(Exception exception) => exception switch
    {
        RateLimitRejectedException => true,
        HttpRequestException { StatusCode: { } status } => IsThrottlingStatus(status),
        RemoteException remote => remote.StatusCode is { } status
            ? IsThrottlingStatus(status)
            : remote.Is<RateLimitRejectedException>() || remote.RemoteTypes.Contains(PollyRateLimiterRejected),
        _ => IsPollyRateLimiterRejection(exception.GetType()),
    };

    private static bool IsPollyRateLimiterRejection(Type? type)
    {
        for (; type is not null && type != typeof(Exception); type = type.BaseType)
        {
            if (type.FullName == PollyRateLimiterRejected)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a response's status says the service is overloaded: 429 or 503.</summary>
    internal static bool IsThrottlingStatus(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;

    /// <summary>Asks a user's reader about an attempt's exception; a reader that throws fails the attempt, naming itself.</summary>
    private static T Read<T>(Func<Exception, T> reader, string name, Exception exception, long index)
    {
        try
        {
            return reader(exception);
        }
        catch (Exception failure)
        {
            throw new InvalidOperationException(
                $"AdaptiveConcurrency.{name} threw while reading item {index}'s {exception.GetType().FullName} (\"{exception.Message}\"). "
                + "The attempt fails with this exception rather than lose its throttling signal; a reader must answer for any exception.",
                failure);
        }
    }
}

using System.Net;

namespace Floxide;

/// <summary>
/// An <see cref="HttpClient"/> handler that reports every 429 and 503 response to the adaptive concurrency of the batch
/// item attempt sending the request (<see cref="BatchOptions.AdaptiveConcurrency"/>), so that a retry inside the client
/// (the standard resilience handler of <c>Microsoft.Extensions.Http.Resilience</c>, say) cannot hide the service's
/// push-back from the batch: the level falls, and with <see cref="AdaptiveConcurrency.RetryAfter"/> reading
/// <see cref="ThrottledResponseException.RetryAfter"/> the batch pauses for the wait the response asked for
/// (<c>retry-after-ms</c> or <c>x-ms-retry-after-ms</c>, as LLM APIs send it, else <c>Retry-After</c>). Responses
/// pass through unchanged; outside an adaptive batch's attempt it does nothing else.
/// </summary>
/// <remarks>
/// Put it inside the client's retry, so it sees every response: with <c>IHttpClientFactory</c>, add it after the resilience
/// handler (<c>AddHttpMessageHandler(() =&gt; new ThrottlingSignalHandler())</c>). If a reader throws for the report,
/// the request fails with the <see cref="InvalidOperationException"/> naming it.
/// </remarks>
public sealed class ThrottlingSignalHandler : DelegatingHandler
{
    /// <summary>Creates the handler; the client factory (or you) sets <see cref="DelegatingHandler.InnerHandler"/>.</summary>
    public ThrottlingSignalHandler()
    {
    }

    /// <summary>Creates the handler in front of <paramref name="innerHandler"/>.</summary>
    /// <param name="innerHandler">The handler that sends the requests.</param>
    public ThrottlingSignalHandler(HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
    }

    /// <summary>
    /// Gets the clock an HTTP-date <c>Retry-After</c> is measured against when the response has no <c>Date</c> header;
    /// defaults to <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Reported(request, await base.SendAsync(request, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Reported(request, base.Send(request, cancellationToken));

    private HttpResponseMessage Reported(HttpRequestMessage request, HttpResponseMessage response)
    {
        if (ThrottlingClassifier.IsThrottlingStatus(response.StatusCode) && ThrottlingSignals.IsListening)
        {
            try
            {
                ThrottlingSignals.Report(new ThrottledResponseException(response.StatusCode, ThrottlingSignals.RetryAfterOf(response, TimeProvider), request.RequestUri));
            }
            catch (InvalidOperationException)
            {
                response.Dispose(); // a reader threw: the request fails with its error
                throw;
            }
        }

        return response;
    }
}

using System.Diagnostics;
using Floxide;

namespace HttpFanOut;

/// <summary>
/// The item workflow: one GET request. A non-success status (429, 503) throws an
/// <see cref="HttpRequestException"/>, which the context's [Retry] retries; after the last attempt it fails
/// that item only. The generator makes it an <see cref="INode{TContext}"/> around <see cref="ProcessAsync"/>.
/// </summary>
[Node(Id = "fetch")]
public sealed partial class FetchNode
{
    /// <summary>Fetches the item context's id.</summary>
    /// <param name="context">The item context.</param>
    /// <param name="cancellationToken">The batch's cancellation, and the attempt's [Timeout].</param>
    /// <returns>A task that completes when <see cref="FanOutContext.Fetched"/> is set.</returns>
    public async Task ProcessAsync(FanOutContext context, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await context.Client.GetAsync($"items/{context.ItemId}", cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        context.Fetched = new FetchResult(context.ItemId, body.Length, Stopwatch.GetElapsedTime(started));
    }
}

using System.Diagnostics;
using Floxide;

namespace HttpFanOut;

/// <summary>
/// The item workflow: one GET request. A non-success status throws, which fails that item only.
/// The generator makes it an <see cref="INode{TContext}"/> around <see cref="ProcessAsync"/>.
/// </summary>
[Node(Id = "fetch")]
public sealed partial class FetchNode
{
    /// <summary>Fetches the item context's id.</summary>
    /// <param name="context">The item context.</param>
    /// <param name="cancellationToken">The batch's cancellation.</param>
    /// <returns>A task that completes when <see cref="FanOutContext.Fetched"/> is set.</returns>
    public async Task ProcessAsync(FanOutContext context, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(context.RequestTimeout);
        var started = Stopwatch.GetTimestamp();
        using var response = await context.Client.GetAsync($"items/{context.ItemId}", timeout.Token);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync(timeout.Token);
        context.Fetched = new FetchResult(context.ItemId, body.Length, Stopwatch.GetElapsedTime(started));
    }
}

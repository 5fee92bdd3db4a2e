using System.Diagnostics;
using Floxide;

namespace HttpFanOut;

/// <summary>
/// The item workflow: one GET request. A non-success status throws, which fails that item only.
/// With the generator this is <c>[Node(Id = "fetch")] partial class FetchNode</c> with only <see cref="ProcessAsync"/>.
/// </summary>
public sealed class FetchNode : INode<FanOutContext>
{
    /// <inheritdoc/>
    public string Id => "fetch";

    /// <summary>Fetches the item context's id.</summary>
    /// <param name="context">The item context.</param>
    /// <param name="cancellationToken">The batch's cancellation.</param>
    /// <returns>A task that completes when <see cref="FanOutContext.Fetched"/> is set.</returns>
    public async Task ProcessAsync(FanOutContext context, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(context.RequestTimeout);
        var started = Stopwatch.GetTimestamp();
        using var response = await context.Client.GetAsync($"items/{context.Id}", timeout.Token);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync(timeout.Token);
        context.Fetched = new FetchResult(context.Id, body.Length, Stopwatch.GetElapsedTime(started));
    }

    /// <inheritdoc/>
    public async ValueTask<NodeAction> RunAsync(FanOutContext context, CancellationToken cancellationToken)
    {
        await ProcessAsync(context, cancellationToken);
        return NodeAction.Default;
    }
}

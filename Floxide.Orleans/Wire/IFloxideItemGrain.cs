using global::Orleans;
using global::Orleans.Concurrency;

namespace Floxide.Orleans;

/// <summary>The grain that runs one attempt of one item: a fresh activation (a new key) per attempt.</summary>
[Alias("Floxide.Orleans.IFloxideItemGrain")]
internal interface IFloxideItemGrain : IGrainWithGuidKey
{
    /// <summary>Runs the item workflow registered under <see cref="ItemCall.Workflow"/>.</summary>
    /// <param name="call">The workflow's name and the item's request.</param>
    /// <param name="cancellationToken">
    /// Canceled by Orleans only (for instance on a silo that shuts down, or at the response timeout when the user's client
    /// sets <c>MessagingOptions.CancelRequestOnTimeout</c>): the coordinator passes none, since Orleans would end its call as
    /// soon as its token is canceled and drop the reply; it cancels the attempt through <see cref="CancelAsync"/> instead.
    /// </param>
    /// <returns>What became of the item; the item's own exception is in it, never thrown.</returns>
    [Alias("Run")]
    Task<ItemReply> RunAsync(ItemCall call, CancellationToken cancellationToken);

    /// <summary>
    /// Runs the item workflow as <see cref="RunAsync"/> does, for a coordinator whose attempt listens to
    /// <see cref="ThrottlingSignals"/>: each report the item makes comes first, as it is recorded
    /// (<see cref="ItemOutcome.Reported"/>), then the final reply. Orleans keeps a long item's call alive with heartbeats.
    /// </summary>
    /// <param name="call">The workflow's name and the item's request.</param>
    /// <param name="cancellationToken">Canceled by Orleans only, as <see cref="RunAsync"/>'s.</param>
    /// <returns>The reports, then what became of the item.</returns>
    [Alias("RunReporting")]
    IAsyncEnumerable<ItemReply> RunReportingAsync(ItemCall call, CancellationToken cancellationToken);

    /// <summary>
    /// Cancels this activation's attempt (its item's workflow sees its token canceled), which still replies: what an item
    /// that runs on past its token finishes is kept, as in-process. Runs while the attempt's call does; one that arrives
    /// before that call cancels it as it starts.
    /// </summary>
    /// <returns>Nothing: the caller does not wait for it.</returns>
    [Alias("Cancel")]
    [OneWay]
    [AlwaysInterleave]
    Task CancelAsync();
}

using global::Orleans;

namespace Floxide.Orleans;

/// <summary>The grain that runs one attempt of one item: a fresh activation (a new key) per attempt.</summary>
[Alias("Floxide.Orleans.IFloxideItemGrain")]
internal interface IFloxideItemGrain : IGrainWithGuidKey
{
    /// <summary>Runs the item workflow registered under <see cref="ItemCall.Workflow"/>.</summary>
    /// <param name="call">The workflow's name and the item's request.</param>
    /// <param name="cancellationToken">The batch's token; Orleans forwards its cancellation to the silo.</param>
    /// <returns>What became of the item; the item's own exception is in it, never thrown.</returns>
    [Alias("Run")]
    Task<ItemReply> RunAsync(ItemCall call, CancellationToken cancellationToken);

    /// <summary>
    /// Runs the item workflow as <see cref="RunAsync"/> does, for a coordinator whose attempt listens to
    /// <see cref="ThrottlingSignals"/>: each report the item makes comes first, as it is recorded
    /// (<see cref="ItemOutcome.Reported"/>), then the final reply. Orleans keeps a long item's call alive with heartbeats.
    /// </summary>
    /// <param name="call">The workflow's name and the item's request.</param>
    /// <param name="cancellationToken">The batch's token; Orleans forwards its cancellation to the silo.</param>
    /// <returns>The reports, then what became of the item.</returns>
    [Alias("RunReporting")]
    IAsyncEnumerable<ItemReply> RunReportingAsync(ItemCall call, CancellationToken cancellationToken);
}

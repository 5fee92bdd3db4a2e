using global::Orleans;

namespace Floxide.Orleans;

/// <summary>What a silo sends back for one item attempt.</summary>
[GenerateSerializer, Immutable, Alias("Floxide.Orleans.ItemReply")]
internal sealed class ItemReply
{
    /// <summary>Gets how the attempt ended.</summary>
    [Id(0)]
    public ItemOutcome Outcome { get; init; }

    /// <summary>Gets the mapping's reply, which may be null (see <see cref="HasReply"/>).</summary>
    [Id(1)]
    public object? Reply { get; init; }

    /// <summary>Gets the name of the action that ended the workflow, when it succeeded.</summary>
    [Id(2)]
    public string? Action { get; init; }

    /// <summary>Gets the id of the step that failed, when known.</summary>
    [Id(3)]
    public string? FailedStepId { get; init; }

    /// <summary>Gets the exception the attempt failed with, when it failed.</summary>
    [Id(4)]
    public WireException? Error { get; init; }

    /// <summary>Gets the silo the attempt ran on.</summary>
    [Id(5)]
    public required string Silo { get; init; }

    /// <summary>
    /// Gets what the item reported to <see cref="ThrottlingSignals"/> during the attempt (the failing exception aside), for
    /// the coordinator to report to its own attempt; null when nothing was.
    /// </summary>
    [Id(6)]
    public WireException[]? Signals { get; init; }

    /// <summary>
    /// Gets whether <see cref="Reply"/> is the mapping's reply (null included); false when the item context could not be
    /// built or the mapping could not read a failed item's outputs.
    /// </summary>
    [Id(7)]
    public bool HasReply { get; init; }

    /// <summary>The reply for an attempt that failed with <paramref name="thrown"/>: what the coordinator needs to read it as the original.</summary>
    public static ItemReply Failed(
        Exception thrown, string silo, string? failedStepId = null, object? reply = null, WireException[]? signals = null, bool hasReply = false) => new()
    {
        Outcome = ItemOutcome.Failed,
        Reply = reply,
        HasReply = hasReply,
        FailedStepId = failedStepId,
        Error = WireException.Thrown(thrown),
        Silo = silo,
        Signals = signals,
    };

    /// <summary>The exception the coordinator throws for a failed attempt (one whose silo sent no error reads "unknown").</summary>
    public RemoteItemException ToException() =>
        (Error ?? new WireException { Types = [], Details = "unknown: the silo sent no error with the failed reply" }).ToException(Silo);
}

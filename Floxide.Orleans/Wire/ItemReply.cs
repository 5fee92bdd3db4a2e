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
    /// Gets, in a <see cref="ItemOutcome.Reported"/> reply, what the item reported to <see cref="ThrottlingSignals"/>, sent as
    /// it was recorded, for the coordinator to report to its own attempt at once; null in a final reply.
    /// </summary>
    [Id(6)]
    public WireException? Signal { get; init; }

    /// <summary>
    /// Gets whether <see cref="Reply"/> is the mapping's reply (null included); false when the item context could not be
    /// built or the mapping could not read a failed item's outputs.
    /// </summary>
    [Id(7)]
    public bool HasReply { get; init; }

    /// <summary>
    /// Gets whether the exception the attempt failed with is the one the item reported last (a step's retry reports its
    /// last attempt's exception, then gives up with it): the coordinator then fails with the exception it reported, which
    /// its attempt has read already, as in-process.
    /// </summary>
    [Id(8)]
    public bool ErrorReported { get; init; }

    /// <summary>
    /// Gets, for a failure outside the steps that the silo says more of (a mapping method's: which method, which item),
    /// the message of the <see cref="ItemFailedOutsideStepsException"/> the coordinator throws around <see cref="Error"/>,
    /// which stays what was thrown; null otherwise.
    /// </summary>
    [Id(9)]
    public string? OutsideStepsMessage { get; init; }

    /// <summary>The reply for an attempt that failed with <paramref name="thrown"/>: what the coordinator needs to read it as the original.</summary>
    /// <param name="thrown">The exception, unwrapped from the workflow's <see cref="NodeFailedException"/>.</param>
    /// <param name="silo">The silo.</param>
    /// <param name="failedStepId">The step that threw it, when known.</param>
    /// <param name="reply">The mapping's reply of the failed item's outputs, if read.</param>
    /// <param name="hasReply">Whether <paramref name="reply"/> was read.</param>
    /// <param name="reported">What was sent of <paramref name="thrown"/> when the item reported it last; null when it did not.</param>
    /// <param name="retryAfter">The wait the silo's mapping read from <paramref name="thrown"/>, if any (see <see cref="WireException.Of"/>).</param>
    /// <param name="outsideSteps">The <see cref="OutsideStepsMessage"/>, if any.</param>
    public static ItemReply Failed(
        Exception thrown,
        string silo,
        string? failedStepId = null,
        object? reply = null,
        bool hasReply = false,
        WireException? reported = null,
        TimeSpan? retryAfter = null,
        string? outsideSteps = null) => new()
    {
        OutsideStepsMessage = outsideSteps,
        Outcome = ItemOutcome.Failed,
        Reply = reply,
        HasReply = hasReply,
        FailedStepId = failedStepId,
        Error = reported ?? WireException.Of(thrown, retryAfter),
        ErrorReported = reported is not null,
        Silo = silo,
    };

    /// <summary>The exception the coordinator throws for a failed attempt (one whose silo sent no error reads "unknown").</summary>
    public RemoteItemException ToException() =>
        (Error ?? new WireException { Types = ["unknown"], Details = "unknown: the silo sent no error with the failed reply" }).ToException(Silo);
}

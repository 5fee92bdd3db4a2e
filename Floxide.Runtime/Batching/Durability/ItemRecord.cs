namespace Floxide;

/// <summary>
/// What a durable batch keeps of one finished item: its identity, a fingerprint of the item, and
/// either its outputs (succeeded) or its exception (failed: a dead letter a rerun can retry).
/// </summary>
public sealed class ItemRecord
{
    /// <summary>
    /// Gets the item's identity within its batch: the codec's key (<see cref="IItemStateCodec{TContext, TItem}.GetKey"/>),
    /// or, for items identified by position, the input index in invariant decimal digits.
    /// </summary>
    public required string Key { get; init; }

    /// <summary>Gets the item's input position when it was recorded.</summary>
    public required long Index { get; init; }

    /// <summary>Gets the fingerprint of the item (<see cref="IItemStateCodec{TContext, TItem}.GetFingerprint"/>).</summary>
    public required long Fingerprint { get; init; }

    /// <summary>Gets <see cref="BatchItemStatus.Succeeded"/> or <see cref="BatchItemStatus.Failed"/>; no other status is recorded.</summary>
    public required BatchItemStatus Status { get; init; }

    /// <summary>Gets the name of the action that ended the item's workflow (succeeded items).</summary>
    public string? Action { get; init; }

    /// <summary>Gets the item's serialized outputs (succeeded items; empty otherwise).</summary>
    public ReadOnlyMemory<byte> Outputs { get; init; }

    /// <summary>Gets the full name of the exception's type (failed items); for a <see cref="RemoteException"/>, the original's.</summary>
    public string? ErrorType { get; init; }

    /// <summary>Gets the exception's message (failed items).</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>
    /// Gets the exception's stack trace (failed items), when it had one; for a <see cref="RemoteException"/>, the original's
    /// text where it was thrown (<see cref="RemoteException.RemoteDetails"/>: type, message, stack trace).
    /// </summary>
    public string? ErrorStackTrace { get; init; }

    /// <summary>Gets the id of the step that failed (failed items), when known.</summary>
    public string? FailedStepId { get; init; }
}

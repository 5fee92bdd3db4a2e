using System.Globalization;

namespace Floxide;

/// <summary>
/// Another run holds the lease on a durable batch (a second writer on the same batch id), or took it
/// over after this run's lease expired. Nothing was written by the call that threw.
/// </summary>
public sealed class BatchLeaseException : FloxideException
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="batchId">The batch.</param>
    /// <param name="holder">The owner holding the lease, if known.</param>
    /// <param name="expiresAt">When the holder's lease expires, if known.</param>
    public BatchLeaseException(string message, string batchId, string? holder, DateTimeOffset? expiresAt)
        : this(message, batchId, holder, expiresAt, null)
    {
    }

    private BatchLeaseException(string message, string batchId, string? holder, DateTimeOffset? expiresAt, Exception? innerException)
        : base(message, innerException)
    {
        BatchId = batchId;
        Holder = holder;
        ExpiresAt = expiresAt;
    }

    /// <summary>Gets the batch.</summary>
    public string BatchId { get; }

    /// <summary>Gets the owner holding the lease, if known.</summary>
    public string? Holder { get; }

    /// <summary>Gets when the holder's lease expires, if known.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>The error for a batch whose lease another owner holds.</summary>
    /// <param name="batchId">The batch.</param>
    /// <param name="holder">The holder.</param>
    /// <param name="expiresAt">When its lease expires.</param>
    /// <returns>The error.</returns>
    public static BatchLeaseException Held(string batchId, string holder, DateTimeOffset expiresAt) =>
        new($"{HeldBy(batchId, holder, expiresAt)} (a crashed run's lease frees itself when it expires).", batchId, holder, expiresAt);

    /// <summary>
    /// The error a durable run throws when it gives up on another owner's lease: what the store's <see cref="Held"/> (kept
    /// as its inner exception) says, ending with how to wait for the lease when the run did not
    /// (<see cref="DurableRun{TContext, TItem}.LeaseWaitTimeout"/> zero), or with how long it waited when it did.
    /// </summary>
    /// <param name="held">The store's error, naming the holder and when its lease expires.</param>
    /// <param name="waited">The run's <see cref="DurableRun{TContext, TItem}.LeaseWaitTimeout"/>.</param>
    /// <returns>The error.</returns>
    internal static BatchLeaseException GaveUpOn(BatchLeaseException held, TimeSpan waited)
    {
        var start = HeldBy(held.BatchId, held.Holder, held.ExpiresAt);
        var message = waited == TimeSpan.Zero
            ? $"{start}. Set DurableRun.LeaseWaitTimeout to wait for that lease to end (a killed run's lease expires by itself)."
            : string.Create(CultureInfo.InvariantCulture, $"{start}, and this run waited {waited.TotalSeconds:0.###} s (DurableRun.LeaseWaitTimeout) for that lease to end.");
        return new(message, held.BatchId, held.Holder, held.ExpiresAt, held);
    }

    /// <summary>The error for a run whose lease another owner took over.</summary>
    /// <param name="batchId">The batch.</param>
    /// <param name="owner">The run that lost it.</param>
    /// <param name="holder">The new holder, if any.</param>
    /// <returns>The error.</returns>
    public static BatchLeaseException Lost(string batchId, string owner, string? holder) =>
        new($"Durable batch '{batchId}': the lease of run {owner} expired and {(holder is null ? "was released" : $"was taken over by {holder}")}; the records of this commit and of any after it were not written (those committed before are kept).", batchId, holder, null);

    /// <summary>The error for a run whose lease expired and whose batch was deleted meanwhile (<see cref="IBatchStore.DeleteBatchAsync"/>).</summary>
    /// <param name="batchId">The batch.</param>
    /// <param name="owner">The run that lost its lease.</param>
    /// <returns>The error.</returns>
    public static BatchLeaseException Deleted(string batchId, string owner) =>
        new($"Durable batch '{batchId}': the lease of run {owner} expired and the batch was deleted; the records of this commit and of any after it were not written, and those committed before were deleted with the batch.", batchId, null, null);

    /// <summary>The words every "held by another writer" error starts with.</summary>
    private static string HeldBy(string batchId, string? holder, DateTimeOffset? expiresAt) =>
        string.Create(CultureInfo.InvariantCulture, $"Durable batch '{batchId}' is being run by another writer ({holder}) whose lease expires at {expiresAt:O}; only one run of a batch id may write at a time");
}

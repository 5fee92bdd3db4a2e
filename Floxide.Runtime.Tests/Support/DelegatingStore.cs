namespace Floxide.Runtime.Tests.Support;

/// <summary>
/// A store that keeps everything in an <see cref="InMemoryBatchStore"/>; a test store derives from it to block or fail
/// its commits and forwards the rest unchanged.
/// </summary>
/// <param name="time">The clock leases expire on; the system's when null.</param>
internal abstract class DelegatingStore(TimeProvider? time = null) : IBatchStore
{
    /// <summary>Gets the store that holds the records.</summary>
    protected InMemoryBatchStore Inner { get; } = new(time);

    public ValueTask<BatchLease> AcquireLeaseAsync(string batchId, string owner, TimeSpan duration, CancellationToken cancellationToken) =>
        Inner.AcquireLeaseAsync(batchId, owner, duration, cancellationToken);

    public ValueTask<IReadOnlyList<ItemRecord>> ReadItemsAsync(string batchId, CancellationToken cancellationToken) => Inner.ReadItemsAsync(batchId, cancellationToken);

    public virtual ValueTask<BatchLease> CommitAsync(BatchLease lease, IReadOnlyList<ItemRecord> records, CancellationToken cancellationToken) =>
        Inner.CommitAsync(lease, records, cancellationToken);

    public virtual ValueTask ReleaseLeaseAsync(BatchLease lease, CancellationToken cancellationToken) => Inner.ReleaseLeaseAsync(lease, cancellationToken);

    public ValueTask<long> DeleteBatchAsync(string batchId, CancellationToken cancellationToken = default) => Inner.DeleteBatchAsync(batchId, cancellationToken);
}

namespace Floxide.Runtime.Tests.Support;

/// <summary>
/// An in-memory store whose every commit after one it refused for a duplicate key fails like a full disk; its commits
/// first wait for <paramref name="commitsWaitFor"/>, when given, so a test decides what one commit holds.
/// </summary>
internal sealed class FailingAfterDuplicateStore(Task? commitsWaitFor = null) : IBatchStore
{
    private readonly InMemoryBatchStore _inner = new();
    private bool _refused;

    public ValueTask<BatchLease> AcquireLeaseAsync(string batchId, string owner, TimeSpan duration, CancellationToken cancellationToken) =>
        _inner.AcquireLeaseAsync(batchId, owner, duration, cancellationToken);

    public ValueTask<IReadOnlyList<ItemRecord>> ReadItemsAsync(string batchId, CancellationToken cancellationToken) => _inner.ReadItemsAsync(batchId, cancellationToken);

    public async ValueTask<BatchLease> CommitAsync(BatchLease lease, IReadOnlyList<ItemRecord> records, CancellationToken cancellationToken)
    {
        if (commitsWaitFor is not null && records.Count > 0)
        {
            await commitsWaitFor;
        }

        if (_refused)
        {
            throw new BatchStoreException("disk full", "memory", null);
        }

        try
        {
            return await _inner.CommitAsync(lease, records, cancellationToken);
        }
        catch (DuplicateItemKeyException)
        {
            _refused = true;
            throw;
        }
    }

    public ValueTask ReleaseLeaseAsync(BatchLease lease, CancellationToken cancellationToken) => _inner.ReleaseLeaseAsync(lease, cancellationToken);
}

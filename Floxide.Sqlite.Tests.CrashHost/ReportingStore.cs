namespace Floxide.Sqlite.Tests.CrashHost;

/// <summary>The SQLite store, printing "committed n" after each commit: the progress signal the crash test kills on.</summary>
internal sealed class ReportingStore(IBatchStore inner) : IBatchStore
{
    private long _committed;

    public ValueTask<BatchLease> AcquireLeaseAsync(string batchId, string owner, TimeSpan duration, CancellationToken cancellationToken) =>
        inner.AcquireLeaseAsync(batchId, owner, duration, cancellationToken);

    public ValueTask<IReadOnlyList<ItemRecord>> ReadItemsAsync(string batchId, CancellationToken cancellationToken) => inner.ReadItemsAsync(batchId, cancellationToken);

    public async ValueTask<BatchLease> CommitAsync(BatchLease lease, IReadOnlyList<ItemRecord> records, CancellationToken cancellationToken)
    {
        var renewed = await inner.CommitAsync(lease, records, cancellationToken);
        if (records.Count > 0)
        {
            Console.WriteLine($"committed {_committed += records.Count}");
        }

        return renewed;
    }

    public ValueTask ReleaseLeaseAsync(BatchLease lease, CancellationToken cancellationToken) => inner.ReleaseLeaseAsync(lease, cancellationToken);

    public ValueTask<long> DeleteBatchAsync(string batchId, CancellationToken cancellationToken = default) => inner.DeleteBatchAsync(batchId, cancellationToken);
}

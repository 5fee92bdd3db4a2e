namespace Floxide;

/// <summary>
/// An <see cref="IBatchStore"/> that keeps records in this process's memory: for tests, and for runs
/// that only need to resume after a cancellation, not after a crash. Thread-safe.
/// </summary>
/// <param name="timeProvider">The clock leases expire on; <see cref="TimeProvider.System"/> when null.</param>
public sealed class InMemoryBatchStore(TimeProvider? timeProvider = null) : IBatchStore
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<string, Entry>> _batches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BatchLease> _leases = new(StringComparer.Ordinal);

    /// <summary>Gets how many commits were made, empty ones (lease renewals) included.</summary>
    public int Commits { get; private set; }

    /// <inheritdoc/>
    public ValueTask<BatchLease> AcquireLeaseAsync(string batchId, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_leases.TryGetValue(batchId, out var held) && held.Owner != owner && held.ExpiresAt > now)
            {
                throw BatchLeaseException.Held(batchId, held.Owner, held.ExpiresAt);
            }

            var lease = new BatchLease(batchId, owner, duration, now + duration);
            _leases[batchId] = lease;
            return new(lease);
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<ItemRecord>> ReadItemsAsync(string batchId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return new(_batches.TryGetValue(batchId, out var records) ? records.Values.Select(e => e.Record).ToArray() : []);
        }
    }

    /// <inheritdoc/>
    public ValueTask<BatchLease> CommitAsync(BatchLease lease, IReadOnlyList<ItemRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(records);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!_leases.TryGetValue(lease.BatchId, out var held) || held.Owner != lease.Owner)
            {
                throw BatchLeaseException.Lost(lease.BatchId, lease.Owner, held?.Owner);
            }

            if (!_batches.TryGetValue(lease.BatchId, out var batch))
            {
                _batches[lease.BatchId] = batch = new(StringComparer.Ordinal);
            }

            RequireNoDuplicateKeys(lease, batch, records);
            foreach (var record in records)
            {
                batch[record.Key] = new(record, lease.Owner);
            }

            Commits++;
            var renewed = lease with { ExpiresAt = _time.GetUtcNow() + lease.Duration };
            _leases[lease.BatchId] = renewed;
            return new(renewed);
        }
    }

    /// <inheritdoc/>
    public ValueTask ReleaseLeaseAsync(BatchLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        lock (_lock)
        {
            if (_leases.TryGetValue(lease.BatchId, out var held) && held.Owner == lease.Owner)
            {
                _leases.Remove(lease.BatchId);
            }
        }

        return default;
    }

    /// <summary>
    /// Throws, before anything is written, when a record's key was committed by this lease's owner (this run) for another
    /// item, earlier or in this commit; a record another owner (an earlier run) left is replaced.
    /// </summary>
    private static void RequireNoDuplicateKeys(BatchLease lease, Dictionary<string, Entry> batch, IReadOnlyList<ItemRecord> records)
    {
        Dictionary<string, long>? inThisCommit = records.Count > 1 ? new(records.Count, StringComparer.Ordinal) : null;
        foreach (var record in records)
        {
            if (batch.TryGetValue(record.Key, out var held) && held.Owner == lease.Owner && held.Record.Index != record.Index)
            {
                throw new DuplicateItemKeyException(null, lease.BatchId, held.Record.Index, record.Key, record.Index);
            }

            if (inThisCommit is not null && !inThisCommit.TryAdd(record.Key, record.Index) && inThisCommit[record.Key] != record.Index)
            {
                throw new DuplicateItemKeyException(null, lease.BatchId, inThisCommit[record.Key], record.Key, record.Index);
            }
        }
    }

    /// <summary>A record and the owner of the lease it was committed under: the run that wrote it.</summary>
    private readonly record struct Entry(ItemRecord Record, string Owner);
}

using System.Runtime.InteropServices;

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

    // Per batch, the number of the latest run (lease) taken, which a held lease belongs to: kept when a lease is released,
    // so the next run's number is higher.
    private readonly Dictionary<string, long> _runs = new(StringComparer.Ordinal);

    /// <summary>Gets how many commits were made, empty ones (lease renewals) included.</summary>
    internal int Commits { get; private set; }

    /// <inheritdoc/>
    public ValueTask<BatchLease> AcquireLeaseAsync(string batchId, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (duration.Ticks > DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks)
            {
                throw new ArgumentOutOfRangeException(nameof(duration), duration, $"A lease of {duration} from {now:O} would end after the last date a DateTimeOffset holds.");
            }

            var holding = _leases.TryGetValue(batchId, out var held);
            if (holding && held!.Owner != owner && held.ExpiresAt > now)
            {
                throw BatchLeaseException.Held(batchId, held.Owner, held.ExpiresAt);
            }

            // Renewing a lease one holds goes on with its run; any other acquire (a new lease, a takeover) starts the next run.
            if (!(holding && held!.Owner == owner))
            {
                _runs[batchId] = _runs.GetValueOrDefault(batchId) + 1;
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
                // A release keeps the batch's count of runs; a delete removes it.
                throw held is null && !_runs.ContainsKey(lease.BatchId)
                    ? BatchLeaseException.Deleted(lease.BatchId, lease.Owner)
                    : BatchLeaseException.Lost(lease.BatchId, lease.Owner, held?.Owner);
            }

            if (!_batches.TryGetValue(lease.BatchId, out var batch))
            {
                _batches[lease.BatchId] = batch = new(StringComparer.Ordinal);
            }

            var run = _runs[lease.BatchId];
            RequireNoDuplicateKeys(lease.BatchId, run, batch, records);
            foreach (var record in records)
            {
                batch[record.Key] = new(record, run);
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

    /// <inheritdoc/>
    public ValueTask<long> DeleteBatchAsync(string batchId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_leases.TryGetValue(batchId, out var held) && held.ExpiresAt > _time.GetUtcNow())
            {
                throw BatchLeaseException.Held(batchId, held.Owner, held.ExpiresAt);
            }

            _leases.Remove(batchId);
            _runs.Remove(batchId);
            return new(_batches.Remove(batchId, out var records) ? records.Count : 0);
        }
    }

    /// <summary>
    /// Throws, before anything is written, when a record's key was committed by this run (<paramref name="run"/>) for another
    /// item, earlier or in this commit; a record an earlier run left is replaced.
    /// </summary>
    private static void RequireNoDuplicateKeys(string batchId, long run, Dictionary<string, Entry> batch, IReadOnlyList<ItemRecord> records)
    {
        Dictionary<string, long>? inThisCommit = records.Count > 1 ? new(records.Count, StringComparer.Ordinal) : null;
        foreach (var record in records)
        {
            if (batch.TryGetValue(record.Key, out var held) && held.Run == run && held.Record.Index != record.Index)
            {
                throw new DuplicateItemKeyException(null, batchId, held.Record.Index, record.Key, record.Index);
            }

            if (inThisCommit is null)
            {
                continue;
            }

            ref var first = ref CollectionsMarshal.GetValueRefOrAddDefault(inThisCommit, record.Key, out var seen);
            if (seen && first != record.Index)
            {
                throw new DuplicateItemKeyException(null, batchId, first, record.Key, record.Index);
            }

            first = record.Index;
        }
    }

    /// <summary>A record and the number of the run (lease) that wrote it.</summary>
    private readonly record struct Entry(ItemRecord Record, long Run);
}

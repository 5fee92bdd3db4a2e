using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Floxide;

/// <summary>
/// The background writer of a durable run: finished items are posted (never awaited by an item) and
/// committed in batches, as many per transaction as have arrived meanwhile, so the store is off the
/// critical path. Renews the lease when nothing arrives for a third of its duration.
/// </summary>
internal sealed class DurableWriter
{
    private const int MaxRecordsPerCommit = 16 * 1024;

    private readonly Channel<List<ItemRecord>> _channel = Channel.CreateUnbounded<List<ItemRecord>>(new() { SingleReader = true });
    private readonly IBatchStore _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _renewEvery;
    private readonly Action<Exception> _onError;
    private readonly string _nodeId;
    private readonly ILogger? _logger;
    private readonly Task _loop;
    private BatchLease _lease;
    private volatile bool _failed;
    private bool _stopped;

    /// <param name="store">The store.</param>
    /// <param name="lease">The run's lease.</param>
    /// <param name="time">The clock renewals wait on.</param>
    /// <param name="onError">Called once, with the first duplicate key or failed commit: stops the batch.</param>
    /// <param name="nodeId">The batch node, named in a duplicate key the store refused (a store does not know it).</param>
    /// <param name="logger">Where a lease that could not be released is told; null for nowhere.</param>
    public DurableWriter(IBatchStore store, BatchLease lease, TimeProvider time, Action<Exception> onError, string nodeId, ILogger? logger)
    {
        _store = store;
        _lease = lease;
        _time = time;
        _renewEvery = TimeSpan.FromTicks(Math.Max(lease.Duration.Ticks / 3, TimeSpan.TicksPerMillisecond)); // never a busy loop, whatever a store granted
        _onError = onError;
        _nodeId = nodeId;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Gets how many records were committed.</summary>
    public long Committed { get; private set; }

    /// <summary>Gets what a commit threw other than a duplicate key, if one did: nothing is committed after it.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Hands records to the writer; returns at once.</summary>
    public void Post(List<ItemRecord> records)
    {
        if (!_failed)
        {
            _channel.Writer.TryWrite(records);
        }
    }

    /// <summary>Commits everything posted, then releases the lease. Never throws: a duplicate key went to the error callback, see <see cref="Failure"/> for the rest.</summary>
    public async Task CompleteAsync()
    {
        _channel.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        try
        {
            await _store.ReleaseLeaseAsync(_lease, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is BatchStoreException or BatchLeaseException)
        {
            // What was committed is what counts, and the lease expires by itself; but until then the next run meets it, as
            // another writer's, so say why. Not after a failed commit or a lost lease: the run fails with that error, which
            // says what the next run meets.
            if (Failure is null)
            {
                BatchLog.LeaseNotReleasedBestEffort(_logger, _nodeId, _lease, ex);
            }
        }
    }

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        var pending = new List<ItemRecord>();
        Task<bool>? wait = null;
        try
        {
            while (true)
            {
                while (pending.Count < MaxRecordsPerCommit && reader.TryRead(out var records))
                {
                    pending.AddRange(records);
                }

                if (pending.Count > 0)
                {
                    await CommitAsync(pending).ConfigureAwait(false);
                    pending.Clear();
                    continue;
                }

                wait ??= reader.WaitToReadAsync().AsTask();
                if (!wait.IsCompleted)
                {
                    using var stopDelay = new CancellationTokenSource();
                    var renew = Task.Delay(_renewEvery, _time, stopDelay.Token);
                    var first = await Task.WhenAny(wait, renew).ConfigureAwait(false);
                    await stopDelay.CancelAsync().ConfigureAwait(false);
                    if (first != wait)
                    {
                        _lease = await _store.CommitAsync(_lease, [], CancellationToken.None).ConfigureAwait(false);
                        continue;
                    }
                }

                var more = await wait.ConfigureAwait(false);
                wait = null;
                if (!more)
                {
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            _failed = true;
            Failed(ex); // a duplicate rethrown here is a store naming a key the commit does not repeat: writing stops all the same
            while (await (wait ?? reader.WaitToReadAsync().AsTask()).ConfigureAwait(false))
            {
                wait = null;
                while (reader.TryRead(out _))
                {
                    // Dropped: the run fails with Failure, and a rerun runs these items again.
                }
            }
        }
    }

    /// <summary>
    /// Commits the records. A duplicate key costs only the records that repeat a key: the others are items that finished,
    /// which a rerun must not run again. The duplicate stops the batch and is the run's error; later records still commit.
    /// </summary>
    private async Task CommitAsync(List<ItemRecord> records)
    {
        if (await TryCommitAsync(records).ConfigureAwait(false) is not { } duplicate)
        {
            return;
        }

        StopOnce(duplicate);
        var rest = WithoutRepeatedKeys(records, duplicate);
        if (rest.Count == records.Count)
        {
            ExceptionDispatchInfo.Throw(duplicate); // a store naming a key this commit does not repeat: nothing to leave out
        }

        await CommitSplittingAsync(rest).ConfigureAwait(false);
    }

    /// <summary>
    /// Commits what is left of a refused commit. Another duplicate (of a key committed before) costs that key's record and
    /// splits the rest in halves: d such duplicates among n records take O(d log n) commits, where leaving out one key per
    /// retry of all the rest could take d retries of n.
    /// </summary>
    private async Task CommitSplittingAsync(List<ItemRecord> records)
    {
        if (records.Count == 0 || await TryCommitAsync(records).ConfigureAwait(false) is not { } duplicate)
        {
            return;
        }

        if (records.RemoveAll(r => r.Key == duplicate.Key) == 0)
        {
            ExceptionDispatchInfo.Throw(duplicate);
        }

        var half = records.Count / 2;
        await CommitSplittingAsync(records.GetRange(0, half)).ConfigureAwait(false);
        await CommitSplittingAsync(records.GetRange(half, records.Count - half)).ConfigureAwait(false);
    }

    /// <summary>Commits the records; returns the duplicate key the store refused them for, if it did (any other error throws).</summary>
    private async Task<DuplicateItemKeyException?> TryCommitAsync(List<ItemRecord> records)
    {
        try
        {
            // Not cancelable: a canceled batch still commits everything that finished.
            _lease = await _store.CommitAsync(_lease, records, CancellationToken.None).ConfigureAwait(false);
            Committed += records.Count;
            return null;
        }
        catch (DuplicateItemKeyException duplicate)
        {
            return duplicate.NodeId is null ? duplicate.WithNode(_nodeId) : duplicate;
        }
    }

    /// <summary>
    /// The records without the ones the store cannot take: of several with one key, all but the lowest index's (a rerun
    /// over the same source reads that item first, replays it, and stops at the other before running it); and every record
    /// of <paramref name="duplicate"/>'s key when its other item was committed before (that record stays).
    /// </summary>
    private static List<ItemRecord> WithoutRepeatedKeys(List<ItemRecord> records, DuplicateItemKeyException duplicate)
    {
        var lowest = new Dictionary<string, long>(records.Count, StringComparer.Ordinal);
        foreach (var record in records)
        {
            lowest[record.Key] = lowest.TryGetValue(record.Key, out var index) ? Math.Min(index, record.Index) : record.Index;
        }

        var inThisCommit = records.Exists(r => r.Key == duplicate.Key && r.Index == duplicate.FirstIndex)
            && records.Exists(r => r.Key == duplicate.Key && r.Index == duplicate.SecondIndex);
        return records.FindAll(r => r.Index == lowest[r.Key] && (inThisCommit || r.Key != duplicate.Key));
    }

    /// <summary>A commit failed, and nothing more is written: the batch stops if nothing stopped it yet.</summary>
    private void Failed(Exception failure)
    {
        StopOnce(failure);
        Failure ??= failure;
    }

    /// <summary>Stops the batch on the first duplicate key or failure; what the error callback gets is the run's error.</summary>
    private void StopOnce(Exception error)
    {
        if (!_stopped)
        {
            _stopped = true;
            _onError(error);
        }
    }
}

using System.Threading.Channels;

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
    private readonly Action _onError;
    private readonly Task _loop;
    private BatchLease _lease;
    private volatile bool _failed;

    /// <param name="store">The store.</param>
    /// <param name="lease">The run's lease.</param>
    /// <param name="time">The clock renewals wait on.</param>
    /// <param name="onError">Called once when a commit fails: stops the batch.</param>
    public DurableWriter(IBatchStore store, BatchLease lease, TimeProvider time, Action onError)
    {
        _store = store;
        _lease = lease;
        _time = time;
        _renewEvery = lease.Duration / 3;
        _onError = onError;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Gets how many records were committed.</summary>
    public long Committed { get; private set; }

    /// <summary>Gets what a commit threw, if one did; nothing is committed after it.</summary>
    public Exception? Error { get; private set; }

    /// <summary>Hands records to the writer; returns at once.</summary>
    public void Post(List<ItemRecord> records)
    {
        if (!_failed)
        {
            _channel.Writer.TryWrite(records);
        }
    }

    /// <summary>Commits everything posted, then releases the lease. Never throws: see <see cref="Error"/>.</summary>
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
            // The lease expires by itself; what was committed is what counts.
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
                    // Not cancelable: a canceled batch still commits everything that finished.
                    _lease = await _store.CommitAsync(_lease, pending, CancellationToken.None).ConfigureAwait(false);
                    Committed += pending.Count;
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
            Error = ex;
            _failed = true;
            _onError();
            while (await (wait ?? reader.WaitToReadAsync().AsTask()).ConfigureAwait(false))
            {
                wait = null;
                while (reader.TryRead(out _))
                {
                    // Dropped: the run fails with Error, and a rerun runs these items again.
                }
            }
        }
    }
}

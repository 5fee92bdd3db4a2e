using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Floxide;

/// <summary>
/// One durable run: holds the lease and what earlier runs recorded, decides as items are read which
/// replay their record (and checks that they are the same items), restores replayed items in place of
/// running them, and records finished items through the background <see cref="DurableWriter"/>.
/// </summary>
/// <remarks>
/// The pieces plug into the engine's seams: "an item was read" (<see cref="OnRead"/>, called by the
/// serialised reader), "run one item" (this is the run's <see cref="IItemExecutor{TContext}"/>, wrapping
/// the node's own) and "results are final" (<see cref="DurableSink{TContext, TItem}"/>).
/// </remarks>
internal sealed class DurableSession<TContext, TItem> : IItemReadObserver<TItem>, IItemExecutor<TContext>, IItemKeys<TItem>
    where TContext : IBatchContext<TContext, TItem>
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_outputs;

    private static readonly bool ContextWantsKeys = typeof(IDurableItemContext).IsAssignableFrom(typeof(TContext));

    // While waiting for another owner's lease: the longest and the shortest wait before asking the store again.
    private static readonly TimeSpan LeasePollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinimumLeaseWait = TimeSpan.FromMilliseconds(20);

    private readonly DurableRun<TContext, TItem> _run;
    private readonly IItemStateCodec<TContext, TItem> _codec;
    private readonly string _nodeId;
    private readonly IItemExecutor<TContext>? _inner;
    private readonly TelemetryItemExecutor<TContext>? _traced; // _inner, when it spans items: it is given their keys
    private readonly BatchStop _stop;
    private readonly Dictionary<string, Recorded> _recorded;
    private readonly ConcurrentDictionary<long, PlannedItem> _plan = new();
    private readonly DurableWriter _writer;
    private volatile bool _planned;
    private long _resumed;
    private Exception? _error;

    private DurableSession(
        DurableRun<TContext, TItem> run,
        BatchNode<TContext, TItem> node,
        BatchStop stop,
        BatchLease lease,
        IReadOnlyList<ItemRecord> recorded,
        TimeProvider time)
    {
        _run = run;
        _codec = run.Codec;
        _nodeId = node.Id;
        _inner = node.Executor;
        _traced = _inner as TelemetryItemExecutor<TContext>;
        _stop = stop;
        _recorded = new(recorded.Count, StringComparer.Ordinal);
        foreach (var record in recorded)
        {
            _recorded[record.Key] = new(record);
        }

        Node = new BatchNode<TContext, TItem>(node, this, node.Telemetry);
        _writer = new DurableWriter(run.Store, lease, time, Stop, _nodeId, node.Logger);
    }

    /// <summary>Gets the node the run executes: the user's, with this session as its executor.</summary>
    public BatchNode<TContext, TItem> Node { get; }

    /// <summary>Gets how many items were restored from their records instead of running.</summary>
    public long Resumed => Interlocked.Read(ref _resumed);

    /// <summary>Takes the lease (waiting for an expiring one if the run allows) and reads what was recorded.</summary>
    public static async Task<DurableSession<TContext, TItem>> OpenAsync(
        DurableRun<TContext, TItem> run, BatchNode<TContext, TItem> node, BatchStop stop, CancellationToken cancellationToken)
    {
        var owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        var time = run.TimeProvider ?? node.Options.TimeProvider; // the lease's clock: the batch's unless the run says otherwise
        var lease = await AcquireAsync(run, owner, node, time, cancellationToken).ConfigureAwait(false);
        try
        {
            var recorded = await run.Store.ReadItemsAsync(run.BatchId, cancellationToken).ConfigureAwait(false);
            return new DurableSession<TContext, TItem>(run, node, stop, lease, recorded, time);
        }
        catch
        {
            await run.Store.ReleaseLeaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Wraps where results go, so finished results are recorded first.</summary>
    public IResultSink<TContext, TItem> Wrap(IResultSink<TContext, TItem> sink) => new DurableSink<TContext, TItem>(this, sink);

    /// <summary>
    /// Plans the items just read: those with a record replay it, after checking the item is the one recorded and the only
    /// item of this run with its key (the reader calls this in input order, one call at a time).
    /// </summary>
    public void OnRead(long start, TItem[] items, int count)
    {
        if ((_recorded.Count == 0 && !ContextWantsKeys) || items.Length < count)
        {
            return; // a fresh run plans nothing; an item accounted for as never started has no items array
        }

        var call = nameof(IItemStateCodec<TContext, TItem>.GetKey); // which codec call failed, for the message
        var index = start;
        try
        {
            for (var i = 0; i < count; i++)
            {
                index = start + i;
                var item = items[i];
                call = nameof(IItemStateCodec<TContext, TItem>.GetKey);
                var key = _codec.GetKey(item);
                var identity = key ?? Positional(index);
                ref var recorded = ref CollectionsMarshal.GetValueRefOrNullRef(_recorded, identity);
                if (!Unsafe.IsNullRef(ref recorded))
                {
                    // Another item of this run matched the record already: its key is not unique.
                    if (recorded.ReadAt >= 0 && recorded.ReadAt != index)
                    {
                        Stop(new DuplicateItemKeyException(_nodeId, _run.BatchId, recorded.ReadAt, identity, index));
                        return;
                    }

                    recorded.ReadAt = index;
                    var record = recorded.Record;

                    // A failure RetryFailed runs again is run whatever the keyed item is now: its input may have been
                    // corrected; under RunChangedItems so is any keyed item whose input changed. Not by position: there a
                    // corrected item and one that moved (a line inserted) look the same.
                    var failed = record.Status != BatchItemStatus.Succeeded;
                    var runAgain = failed && _run.RetryFailed;
                    if (!runAgain || key is null)
                    {
                        call = nameof(IItemStateCodec<TContext, TItem>.GetFingerprint);
                        if (record.Fingerprint != _codec.GetFingerprint(item))
                        {
                            if (key is null || !_run.RunChangedItems)
                            {
                                Stop(new DurableSourceChangedException(_nodeId, _run.BatchId, index, identity, record.Index, failed, keyed: key is not null));
                                return;
                            }

                            runAgain = true;
                        }
                    }

                    if (!runAgain)
                    {
                        _planned = true;
                        _plan[index] = new(identity, record);
                        continue;
                    }
                }

                if (key is not null && ContextWantsKeys)
                {
                    _planned = true;
                    _plan[index] = new(key, null);
                }
            }
        }
        catch (Exception ex)
        {
            Stop(CodecFailedOnItem(call, index, ex));
        }
    }

    /// <inheritdoc/>
    public bool HasRecordedResult(long index) => _planned && _plan.TryGetValue(index, out var planned) && planned.Replay is not null;

    /// <inheritdoc/>
    /// <remarks>The engine calls the overload given the item (<see cref="AttemptRunner{TContext, TItem}"/>); this one, without it, cannot name the item's key in its span.</remarks>
    public ValueTask<NodeAction> ExecuteAsync(INode<TContext> itemWorkflow, TContext itemContext, long itemIndex, CancellationToken cancellationToken) =>
        TryReplay(itemContext, itemIndex, cancellationToken, out var replay)
            ? replay
            : RunInner(itemWorkflow, itemContext, itemIndex, cancellationToken);

    /// <summary>
    /// Runs one attempt of <paramref name="item"/>, as <see cref="ExecuteAsync(INode{TContext}, TContext, long, CancellationToken)"/>
    /// does: the engine's call, which has the item, so that the item's span can name its key.
    /// </summary>
    public ValueTask<NodeAction> ExecuteAsync(INode<TContext> itemWorkflow, TContext itemContext, long itemIndex, TItem item, CancellationToken cancellationToken)
    {
        if (TryReplay(itemContext, itemIndex, cancellationToken, out var replay))
        {
            return replay;
        }

        Identify(itemIndex, item, cancellationToken);
        return _traced is not null
            ? _traced.ExecuteAsync(itemWorkflow, itemContext, itemIndex, this, item, cancellationToken)
            : RunInner(itemWorkflow, itemContext, itemIndex, cancellationToken);
    }

    /// <summary>
    /// Takes the key and fingerprint of an item about to run, once (a retry's attempt finds them): the record is then of
    /// the item as read, which a rerun reads again, though a node may change its item in place. A codec that fails on it
    /// stops the run before the item runs, as it would stop it when the item is recorded.
    /// </summary>
    private void Identify(long itemIndex, TItem item, CancellationToken cancellationToken)
    {
        var planned = _planned && _plan.TryGetValue(itemIndex, out var found) ? found : default;
        if (planned.Fingerprint is not null)
        {
            return;
        }

        var call = nameof(IItemStateCodec<TContext, TItem>.GetKey);
        try
        {
            var key = planned.Key ?? _codec.GetKey(item);
            call = nameof(IItemStateCodec<TContext, TItem>.GetFingerprint);
            _plan[itemIndex] = new(key, null, _codec.GetFingerprint(item));
            if (!_planned)
            {
                _planned = true; // once: the workers would otherwise all write one shared field per item
            }
        }
        catch (Exception ex)
        {
            Stop(CodecFailedOnItem(call, itemIndex, ex));
            throw new OperationCanceledException(cancellationToken);
        }
    }

    private FloxideException CodecFailedOnItem(string call, long index, Exception exception) =>
        new($"Durable batch '{_run.BatchId}' (node '{_nodeId}'): the codec's {call} failed on the item at input position {index.ToString(CultureInfo.InvariantCulture)}: {exception.Message}", _nodeId, null, exception);

    /// <inheritdoc/>
    public string? KeyOf(long index, TItem item)
    {
        if (_planned && _plan.TryGetValue(index, out var planned) && planned.Replay is null)
        {
            return planned.Key; // planned to run, with its key or by position (an item with a record to replay may be known by its position)
        }

        try
        {
            return _codec.GetKey(item);
        }
        catch (Exception)
        {
            return null; // the codec's error stops the run when the item is recorded, and is reported there
        }
    }

    /// <summary>
    /// Replays the item's record when the plan has one (<paramref name="replay"/>, true); otherwise gives a context that
    /// asks for it the item's key and returns false, for the attempt to run.
    /// </summary>
    private bool TryReplay(TContext itemContext, long itemIndex, CancellationToken cancellationToken, out ValueTask<NodeAction> replay)
    {
        string? key = null;
        ItemRecord? toReplay = null;
        if (_planned && _plan.TryGetValue(itemIndex, out var planned))
        {
            (key, toReplay) = (planned.Key, planned.Replay);
        }

        // A restored context has its key too: a merge may correlate results by it.
        if (ContextWantsKeys && itemContext is IDurableItemContext keyed)
        {
            keyed.ItemKey = new(_run.BatchId, key ?? Positional(itemIndex));
        }

        if (toReplay is not null)
        {
            replay = new(Replay(itemContext, toReplay, cancellationToken));
            return true;
        }

        replay = default;
        return false;
    }

    private ValueTask<NodeAction> RunInner(INode<TContext> itemWorkflow, TContext itemContext, long itemIndex, CancellationToken cancellationToken) =>
        _inner is null
            ? itemWorkflow.RunAsync(itemContext, cancellationToken)
            : _inner.ExecuteAsync(itemWorkflow, itemContext, itemIndex, cancellationToken);

    /// <summary>
    /// Records the finished results of a run of slots, and marks those replayed from their records as
    /// <see cref="BatchItemResult{TContext, TItem}.Resumed"/> (counted in <see cref="Resumed"/>) instead.
    /// </summary>
    public void Record(BatchItemResult<TContext, TItem>[] results, int offset, int count)
    {
        List<ItemRecord>? records = null;
        var failed = false;
        var resumed = 0;
        for (var i = offset; i < offset + count; i++)
        {
            ref var result = ref results[i];
            PlannedItem planned = default;
            if (_planned && _plan.TryRemove(result.Index, out planned) && planned.Replay is not null)
            {
                // Recorded already. Replayed, unless the item got no further than its context factory (it then runs again).
                if (Replayed(result.Status, result.Exception))
                {
                    result = result.AsResumed();
                    resumed++;
                }

                continue;
            }

            // Canceled and skipped items did not finish. Every failure is a dead letter, one with no context too (a refused
            // permit, its context factory's error): its record reads no context.
            if (failed || result.Status is not (BatchItemStatus.Succeeded or BatchItemStatus.Failed))
            {
                continue;
            }

            // Nothing of a run of slots with an item the codec cannot record is recorded; its replayed items are still told apart.
            if (ToRecord(result, planned) is { } record)
            {
                (records ??= new(count)).Add(record);
            }
            else
            {
                failed = true;
            }
        }

        if (resumed > 0)
        {
            Interlocked.Add(ref _resumed, resumed); // once per run of slots, not per item: workers record runs at once
        }

        if (records is not null && !failed)
        {
            _writer.Post(records);
        }
    }

    /// <summary>
    /// Whether an item with a record to replay ended as the replay ends it: a success restored, or the recorded failure
    /// (<see cref="RecordedItemFailureException"/>); not when its context factory threw, or a stop came first.
    /// </summary>
    internal static bool Replayed(BatchItemStatus status, Exception? error) =>
        status == BatchItemStatus.Succeeded || (status == BatchItemStatus.Failed && error is RecordedItemFailureException);

    /// <summary>
    /// Commits everything recorded and releases the lease; returns the errors that end the run, none when it ended well:
    /// what stopped it first (this session's, or the store's), then a commit that failed after it, since what that commit
    /// held is not recorded either (the run joins two in an <see cref="AggregateException"/>, in this order).
    /// </summary>
    public async Task<Exception[]> CloseAsync()
    {
        await _writer.CompleteAsync().ConfigureAwait(false);
        var first = Volatile.Read(ref _error);
        var failure = _writer.Failure;
        if (first is null)
        {
            return failure is null ? [] : [failure]; // not expected: a failed commit stops the run, so it is or follows the first
        }

        return failure is null || ReferenceEquals(failure, first) ? [first] : [first, failure];
    }

    private static string Positional(long index) => index.ToString(CultureInfo.InvariantCulture);

    private static async Task<BatchLease> AcquireAsync(
        DurableRun<TContext, TItem> run, string owner, BatchNode<TContext, TItem> node, TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + run.LeaseWaitTimeout;
        var waiting = false;
        while (true)
        {
            try
            {
                return await run.Store.AcquireLeaseAsync(run.BatchId, owner, run.LeaseDuration, cancellationToken).ConfigureAwait(false);
            }
            catch (BatchLeaseException ex) when (ex.ExpiresAt is { } expires && time.GetUtcNow() < deadline)
            {
                if (!waiting && node.Logger is { } logger)
                {
                    BatchLog.WaitingForLease(logger, node.Id, run.BatchId, ex.Holder, expires, run.LeaseWaitTimeout.TotalSeconds);
                }

                waiting = true;

                // Until the lease expires or the wait ends, but asking again at least once a second: a holder that ends
                // releases its lease long before it would expire.
                var now = time.GetUtcNow();
                var wait = Math.Min(Math.Min((expires - now).Ticks, (deadline - now).Ticks), LeasePollInterval.Ticks);
                await Task.Delay(TimeSpan.FromTicks(Math.Max(MinimumLeaseWait.Ticks, wait)), time, cancellationToken).ConfigureAwait(false);
            }
            catch (BatchLeaseException ex) when (ex.Holder is not null && ex.ExpiresAt is not null)
            {
                // The store's error says who holds the lease; the run's says what to do about it.
                throw BatchLeaseException.GaveUpOn(ex, run.LeaseWaitTimeout);
            }
        }
    }

    private NodeAction Replay(TContext itemContext, ItemRecord record, CancellationToken cancellationToken)
    {
        if (record.Status == BatchItemStatus.Failed)
        {
            throw new RecordedItemFailureException(record);
        }

        try
        {
            _codec.ReadOutputs(itemContext, record.Outputs.Span);
        }
        catch (Exception ex)
        {
            // Not the item's failure (nothing ran) but the codec's, and every rerun would meet it again: the run stops,
            // and the item ends as skipped, neither restored nor run.
            Stop(new FloxideException(
                $"Durable batch '{_run.BatchId}' (node '{_nodeId}'): the codec failed to read the outputs recorded for the item at input position {record.Index.ToString(CultureInfo.InvariantCulture)} (key '{record.Key}'): {ex.Message} "
                + "The outputs' type or its serialization may have changed since they were recorded; a run under a new batch id starts afresh.",
                _nodeId,
                null,
                ex));
            throw new OperationCanceledException(cancellationToken);
        }

        return record.Action is null ? NodeAction.Default : new NodeAction(record.Action);
    }

    /// <summary>
    /// The record of a finished item, of its identity as <paramref name="planned"/> took it before its first attempt (one that
    /// never reached it, its context factory's failure say, is taken now); null, with the run stopped, when the codec fails on it.
    /// </summary>
    private ItemRecord? ToRecord(in BatchItemResult<TContext, TItem> result, in PlannedItem planned)
    {
        var call = nameof(IItemStateCodec<TContext, TItem>.GetKey); // which codec call failed, for the message
        try
        {
            var key = planned.Key ?? (planned.Fingerprint is null ? _codec.GetKey(result.Item) : null) ?? Positional(result.Index);
            call = nameof(IItemStateCodec<TContext, TItem>.GetFingerprint);
            var fingerprint = planned.Fingerprint ?? _codec.GetFingerprint(result.Item);
            if (result.Status == BatchItemStatus.Succeeded)
            {
                var outputs = t_outputs ??= new ArrayBufferWriter<byte>();
                outputs.ResetWrittenCount();
                call = nameof(IItemStateCodec<TContext, TItem>.WriteOutputs);
                _codec.WriteOutputs(result.Context!, outputs); // a success always ran on its context
                return new ItemRecord
                {
                    Key = key,
                    Index = result.Index,
                    Fingerprint = fingerprint,
                    Status = BatchItemStatus.Succeeded,
                    Action = result.Action.IsDefault ? null : result.Action.Name,
                    Outputs = outputs.WrittenSpan.ToArray(),
                };
            }

            // One that failed elsewhere (on a silo) is recorded as the original: its type, and its text there with the stack.
            var exception = result.Exception!;
            var remote = exception as RemoteException;
            return new ItemRecord
            {
                Key = key,
                Index = result.Index,
                Fingerprint = fingerprint,
                Status = BatchItemStatus.Failed,
                ErrorType = remote?.RemoteType ?? exception.GetType().FullName,
                ErrorMessage = exception.Message,
                ErrorStackTrace = remote?.RemoteDetails ?? exception.StackTrace,
                FailedStepId = result.FailedStepId,
            };
        }
        catch (Exception ex)
        {
            // A fresh run keys and fingerprints items only here, so the message names the call rather than assume the outputs.
            Stop(new FloxideException(
                $"Durable batch '{_run.BatchId}' (node '{_nodeId}'): the codec's {call} failed while recording the item at input position {result.Index.ToString(CultureInfo.InvariantCulture)}: {ex.Message}", _nodeId, null, ex));
            return null;
        }
    }

    /// <summary>Stops the batch; the first error given is the one the run throws.</summary>
    private void Stop(Exception? error)
    {
        if (error is not null)
        {
            Interlocked.CompareExchange(ref _error, error, null);
        }

        _stop.StopNow();
    }

    /// <summary>A record an earlier run left, and the input position of the item of this run that matched it (-1: none yet).</summary>
    private struct Recorded(ItemRecord record)
    {
        public readonly ItemRecord Record = record;
        public long ReadAt = -1;
    }
}

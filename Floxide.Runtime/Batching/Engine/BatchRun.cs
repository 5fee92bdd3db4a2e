using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Floxide;

/// <summary>
/// One run of a <see cref="BatchNode{TContext, TItem}"/>: gets the items, sets up where results go,
/// drives the loop over the source, accounts for items read but never started, then merges and
/// decides what the caller sees (a report, or the error that ends the run).
/// </summary>
/// <remarks>
/// The pieces, each owning its state: <see cref="ChunkFeed{TContext, TItem}"/> (what the chunkers
/// read into), <see cref="ChunkWorker{TContext, TItem}"/> (the loop body),
/// <see cref="ResultSlots{TContext, TItem}"/> or <see cref="StreamingMerge{TContext, TItem}"/>
/// (where results go) and <see cref="BatchCounts"/>. The run's span, metrics and log events start and end here
/// (<see cref="BatchTelemetry"/>, <see cref="BatchLog"/>); what happens per item is recorded by the worker's
/// <see cref="ItemRecorder{TContext, TItem}"/> through the run's view of the node.
/// </remarks>
internal sealed class BatchRun<TContext, TItem>
    where TContext : IBatchContext<TContext, TItem>
{
    private readonly BatchNode<TContext, TItem> _node;
    private readonly TContext _parent;
    private readonly IProgress<BatchProgress>? _progress;
    private Exception? _progressError;

    // One report at a time, and none after the end's: the run disposes its timer before the last report, but only a timer
    // whose disposal waits for a callback in flight (the system's) keeps a tick from overlapping that report or coming after
    // it; FakeTimeProvider's, which README suggests for tests, does not wait.
    private readonly Lock _reporting = new();
    private bool _reportedEnd;
    private readonly CancellationToken _cancellationToken;
    private readonly BatchStop _stop;
    private readonly RunScope _scope;
    private readonly BatchCounts _counts = new();
    private readonly ResultStream<TContext, TItem>? _stream;
    private readonly DurableRun<TContext, TItem>? _durableRun;
    private readonly Microsoft.Extensions.Logging.ILogger? _logger;
    private BatchTelemetry? _telemetry;

    // The node as this run executes it: with item telemetry around its executor when that is listened to.
    private BatchNode<TContext, TItem>? _runNode;

    // Set up once the count is known (or known to be unknown), before the first item is read.
    private long? _knownCount;
    private ResultSlots<TContext, TItem>? _slots;
    private StreamingMerge<TContext, TItem>? _merge;
    private ChunkFeed<TContext, TItem>? _feed;
    private ChunkWorker<TContext, TItem>? _worker;
    private bool _loopCanceled;
    private DurableSession<TContext, TItem>? _durable;

    public BatchRun(
        BatchNode<TContext, TItem> node,
        TContext parent,
        IProgress<BatchProgress>? progress,
        CancellationToken cancellationToken,
        ResultStream<TContext, TItem>? stream = null,
        DurableRun<TContext, TItem>? durable = null,
        bool asStep = false)
    {
        // A batch step left on the system's clock runs on the clock of the batch its workflow runs in (a test's), as its
        // steps' pipelines do: a workflow's [BatchStep] runs on the options its context declares. Only a step: any other
        // batch on the system's clock stays there (and stops a test's clock from reaching work it starts).
        if (asStep && ReferenceEquals(node.Options.TimeProvider, TimeProvider.System) && BatchClock.Current is { } outer)
        {
            node = new BatchNode<TContext, TItem>(node, node.Executor, node.Telemetry, node.Options with { TimeProvider = outer });
        }

        _stream = stream;
        _durableRun = durable;
        _node = node;
        _parent = parent;
        _progress = progress;
        _cancellationToken = cancellationToken;
        _logger = node.Logger;
        var grace = node.Options.CancellationGracePeriod;
        _stop = grace == TimeSpan.Zero
            ? new BatchStop(cancellationToken)
            : new BatchStop(cancellationToken, grace, node.Options.TimeProvider, stream is null ? null : () => stream.Abandoned, LogStopping);
        _scope = new RunScope(_stop, node.Options.TimeProvider);
    }

    public async Task<BatchReport<TContext, TItem>> RunAsync()
    {
        try
        {
            var time = _node.Options.TimeProvider;
            var started = time.GetTimestamp();
            _scope.Enter(); // the steps' declared pipelines wait on the run's clock, and a step's permit granted as the attempts stop starts nothing, nor does an executor's resend (this method's flow only)

            // Decided once per run: null when nobody listens, and then nothing below records anything.
            _telemetry = BatchTelemetry.Start(_node.Id, _node.Options, _counts, _durableRun?.BatchId);
            _runNode = WithItemTelemetry(_node);
            BatchReport<TContext, TItem> report;
            try
            {
                report = await RunCoreAsync(time, started).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                var elapsed = time.GetElapsedTime(started);
                _telemetry?.Stop(ex, _durable?.Resumed, elapsed);
                BatchLog.RunFailedBestEffort(_logger, _node.Id, ex, elapsed.TotalSeconds, _counts.Succeeded + _counts.Failed, _counts.Canceled);

                throw;
            }

            // Out of the try: a logging provider that throws here fails the run once, after the merge, with its own error.
            _telemetry?.Stop(null, _durable?.Resumed, report.Duration);
            if (_logger is not null)
            {
                LogFinished(_logger, report);
            }

            return report;
        }
        finally
        {
            _scope.End();
            _stop.Dispose(); // also when the run failed before its loop: the stop is registered on the caller's token
        }
    }

    private async Task<BatchReport<TContext, TItem>> RunCoreAsync(TimeProvider time, long started)
    {
        var items = await OpenDurableAndGetItemsAsync().ConfigureAwait(false);
        Exception[] durableErrors = [];
        ITimer? timer = null;
        Exception? timerError = null;
        try
        {
            // Inside the try: a clock that cannot start the timer must still close the durable session (the lease's release).
            var tick = TimeSpan.FromMilliseconds(100);
            timer = _progress is null ? null : time.CreateTimer(static state => ((BatchRun<TContext, TItem>)state!).ReportProgress(), this, tick, tick);
            if (items.Sequence is { } sequence)
            {
                await RunSequenceAsync(sequence).ConfigureAwait(false);
            }
            else
            {
                await RunStreamAsync(items.Stream!).ConfigureAwait(false);
            }

            _merge?.Flush();
        }
        finally
        {
            // A clock whose timer throws on disposal must not leave the session open (its lease held and renewed for
            // ever), nor hide a failed commit: its error is thrown after the session closed, joined with the session's.
            if (timer is not null)
            {
                try
                {
                    await timer.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    timerError = ex;
                }
            }

            try
            {
                if (_durable is not null)
                {
                    durableErrors = await _durable.CloseAsync().ConfigureAwait(false); // commits every finished item, canceled or not
                }
            }
            finally
            {
                _worker?.Dispose();
            }
        }

        if (timerError is not null)
        {
            ExceptionDispatchInfo.Throw(JoinedWith(durableErrors, timerError));
        }

        ReportProgress(end: true);
        var feed = _feed!;
        if (feed.SourceError is not null && feed.Read == 0)
        {
            throw new BatchSourceException(_node.Id, typeof(TContext), 0, feed.SourceError);
        }

        Debug.Assert(_merge is null || _merge.Merged == feed.Read, "every result was merged");
        if (_merge?.Error is { } mergeError)
        {
            throw JoinedWith(durableErrors, new FloxideException($"Batch node '{_node.Id}': merging results into {typeof(TContext).FullName} failed: {mergeError.Message}", _node.Id, null, mergeError));
        }

        var resumed = _durable?.Resumed ?? 0;
        var results = _merge is null
            ? _slots!.ToResults(feed.Read, _counts, resumed)
            : new BatchResults<TContext, TItem>([], 1, 0, feed.Read, _counts, _merge.Failures, resumed);
        try
        {
            Merge(results);
        }
        catch (Exception ex) when (durableErrors.Length > 0)
        {
            throw JoinedWith(durableErrors, ex);
        }

        if (durableErrors.Length == 1)
        {
            ExceptionDispatchInfo.Throw(durableErrors[0]);
        }

        if (durableErrors.Length > 1)
        {
            throw new AggregateException(durableErrors);
        }

        if ((_counts.Canceled > 0 || _loopCanceled) && _cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"Batch node '{_node.Id}' was canceled after {_counts.Succeeded + _counts.Failed} of {feed.Read} items finished; their results were merged.", null, _cancellationToken);
        }

        if (feed.SourceError is not null)
        {
            throw new BatchSourceException(_node.Id, typeof(TContext), feed.SourceErrorAt, feed.SourceError);
        }

        if (Volatile.Read(ref _progressError) is { } progressError)
        {
            throw new FloxideException(
                $"Batch node '{_node.Id}': the progress reporter threw: {progressError.Message} It was not called again; the batch ran to the end and its results were merged.",
                _node.Id,
                null,
                progressError);
        }

        return new BatchReport<TContext, TItem>(_node.Id, results, time.GetElapsedTime(started), _counts.FirstFailure);
    }

    /// <summary>Opens the durable session, if the run is durable (taking its lease), then gets the items.</summary>
    private async ValueTask<BatchItems<TItem>> OpenDurableAndGetItemsAsync()
    {
        if (_durableRun is null)
        {
            return GetItems();
        }

        _durable = await DurableSession<TContext, TItem>.OpenAsync(_durableRun, _runNode!, _stop, _cancellationToken).ConfigureAwait(false);
        try
        {
            return GetItems();
        }
        catch
        {
            await _durable.CloseAsync().ConfigureAwait(false);
            throw;
        }
    }

    private BatchItems<TItem> GetItems()
    {
        BatchItems<TItem> items;
        try
        {
            items = _parent.GetBatchItems();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new BatchSourceException(_node.Id, typeof(TContext), 0, ex);
        }

        if (items.Sequence is null && items.Stream is null)
        {
            throw new BatchSourceException(
                _node.Id, typeof(TContext), 0, new InvalidOperationException($"{typeof(TContext).Name}.GetBatchItems returned an empty BatchItems value; wrap a sequence or a stream."));
        }

        return items;
    }

    /// <summary>Sets up where results go and the pieces that read and run items.</summary>
    private ChunkFeed<TContext, TItem> Prepare(long? knownCount)
    {
        _knownCount = knownCount;
        var parallelism = _node.Options.MaxDegreeOfParallelism;
        // Before the run is observable (the gauge, progress): an adaptive run starts at its gate's level, not at the ceiling.
        _counts.ConcurrencyLevel = _node.Options.AdaptiveConcurrency is { } adaptive ? ConcurrencyGate.StartLevel(adaptive, parallelism) : parallelism;
        _telemetry?.Prepared(knownCount);
        if (_logger is not null)
        {
            BatchLog.Started(_logger, _node.Id, knownCount, parallelism);
            if (_durableRun is not null)
            {
                BatchLog.DurableBatchOpened(_logger, _node.Id, _durableRun.BatchId);
            }
        }

        // The node the worker runs: a durable run's session replays recorded items through the executor seam, around the
        // item telemetry's (see WithItemTelemetry).
        var node = _durable?.Node ?? _runNode!;

        IResultSink<TContext, TItem> sink;
        if (_parent is IStreamingBatchContext<TContext, TItem> || _stream is not null)
        {
            // A stream consumer takes results as they become final, so it needs the window whatever the context.
            sink = _merge = new StreamingMerge<TContext, TItem>(
                _parent as IStreamingBatchContext<TContext, TItem>, StreamingMerge<TContext, TItem>.RingSize(parallelism, knownCount), _counts, _stop, _stream,
                StreamingMerge<TContext, TItem>.ConsumerBacklog(parallelism));
            _stream?.Attach(_merge);
        }
        else
        {
            sink = _slots = new ResultSlots<TContext, TItem>(knownCount);
        }

        if (_durable is not null)
        {
            sink = _durable.Wrap(sink);
        }

        // Only with an item limiter: items waiting for a partition's permit then hold neither a slot nor (up to a bound) a worker.
        var waits = _node.ItemRateLimiter is null ? null : new PermitWaits(parallelism, _stop.Halted);
        _feed = new ChunkFeed<TContext, TItem>(sink, _merge, knownCount, parallelism, _stop.Halted, _durable, waits);
        _worker = new ChunkWorker<TContext, TItem>(node, _parent, _stop, _counts, _feed, sink);
        return _feed;
    }

    /// <summary>
    /// The run's view of <paramref name="node"/>: when item telemetry is listened to, it records through the view, whose
    /// executor also spans and counts each attempt. A durable run's session wraps this executor, so an item it replays
    /// from its record is not seen running: no workflow ran.
    /// </summary>
    private BatchNode<TContext, TItem> WithItemTelemetry(BatchNode<TContext, TItem> node)
    {
        if (_telemetry?.Items is not { } itemTelemetry)
        {
            return node;
        }

        var executor = itemTelemetry.WrapsExecution
            ? new TelemetryItemExecutor<TContext>(node.Executor, itemTelemetry, _stop)
            : node.Executor;
        return new BatchNode<TContext, TItem>(node, executor, itemTelemetry);
    }

    private async Task RunSequenceAsync(IEnumerable<TItem> sequence)
    {
        var feed = Prepare(sequence.TryGetNonEnumeratedCount(out var count) ? count : null);
        IEnumerator<TItem> source;
        try
        {
            source = sequence.GetEnumerator();
        }
        catch (Exception ex)
        {
            feed.OnSourceFailed(ex, 0);
            return;
        }

        try
        {
            if (_merge is null && feed.Waits is null)
            {
                await LoopAsync(() => ChunkLoop.RunAsync(new SequenceChunker<TContext, TItem>(feed, source), _worker!, _node.Options.MaxDegreeOfParallelism, _stop.Halted)).ConfigureAwait(false);
            }
            else
            {
                // A streaming merge needs the window's back-pressure, and items waiting for permits a reader that can wait for a
                // worker's room: the stream chunker applies both to sequences too.
                var chunker = new StreamChunker<TContext, TItem>(feed, source);
                await LoopAsync(() => ChunkLoop.RunAsync(chunker, _worker!, _node.Options.MaxDegreeOfParallelism, _stop.Halted)).ConfigureAwait(false);
            }

            // An in-memory collection is cheap to finish reading, so every item gets a result (unless nobody will read them).
            if (_knownCount is not null && _stop.IsHalted && feed.SourceError is null && _stream?.Abandoned != true)
            {
                try
                {
                    while (source.MoveNext())
                    {
                        // A stream's consumer takes these too: keep them within its window, not all queued at once.
                        if (_stream is not null && !_merge!.HasRoom(feed.Read, 1) && !await _merge.WaitForConsumerAsync(feed.Read, 1).ConfigureAwait(false))
                        {
                            break;
                        }

                        _worker!.RecordNotStarted(source.Current);
                    }
                }
                catch (Exception ex)
                {
                    feed.OnSourceFailed(ex, 0);
                }
            }
        }
        finally
        {
            try
            {
                source.Dispose();
            }
            catch (Exception ex)
            {
                feed.OnSourceFailed(ex, 0); // a source error like any other: the items it gave still merge
            }
        }
    }

    private async Task RunStreamAsync(IAsyncEnumerable<TItem> stream)
    {
        var feed = Prepare(null);
        IAsyncEnumerator<TItem> source;
        try
        {
            source = stream.GetAsyncEnumerator(_stop.Halted);
        }
        catch (Exception ex)
        {
            feed.OnSourceFailed(ex, 0);
            return;
        }

        try
        {
            var chunker = new StreamChunker<TContext, TItem>(feed, source);
            await LoopAsync(() => ChunkLoop.RunAsync(chunker, _worker!, _node.Options.MaxDegreeOfParallelism, _stop.Halted)).ConfigureAwait(false);
            if (await chunker.SettlePendingAsync().ConfigureAwait(false))
            {
                _worker!.RecordNotStarted(source.Current);
            }
        }
        finally
        {
            try
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                feed.OnSourceFailed(ex, 0); // a source error like any other: the items it gave still merge
            }
        }
    }

    private async Task LoopAsync(Func<Task> loop)
    {
        try
        {
            await loop().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsHalted)
        {
            // Canceled or stopped by a fail-fast failure: the results account for every item read.
            _loopCanceled = _cancellationToken.IsCancellationRequested;
        }
    }

    /// <summary>
    /// The error of the context's merge or update step, joined by the durable run's errors when there are any, so none is
    /// lost: a commit that failed means finished items went unrecorded. The step's error comes first, where a plain run has
    /// it, then the durable errors in <see cref="DurableSession{TContext, TItem}.CloseAsync"/>'s order (what stopped the
    /// durable run, then a commit failing after it): the same order whichever happened first.
    /// </summary>
    private static Exception JoinedWith(Exception[] durableErrors, Exception stepError) =>
        durableErrors.Length == 0 ? stepError : new AggregateException([stepError, .. durableErrors]);

    private void Merge(BatchResults<TContext, TItem> results)
    {
        try
        {
            _parent.UpdateWithResults(results);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not FloxideException)
        {
            throw new FloxideException($"Batch node '{_node.Id}': the update step of {typeof(TContext).FullName} failed: {ex.Message}", _node.Id, null, ex);
        }
    }

    /// <summary>
    /// The stream's consumer left, after canceling the run: its running attempts are canceled now, also when the consumer
    /// had canceled its token before (a drain it no longer waits for).
    /// </summary>
    public void ConsumerLeft() => _stop.CancelAttempts();

    /// <summary>Whether <paramref name="error"/> is the one this run throws for its progress reporter's.</summary>
    public bool IsProgressError(Exception error) =>
        error is FloxideException { InnerException: { } inner } && ReferenceEquals(inner, Volatile.Read(ref _progressError));

    private void ReportProgress(bool end = false)
    {
        if (_progress is null)
        {
            return;
        }

        lock (_reporting)
        {
            if (_reportedEnd || Volatile.Read(ref _progressError) is not null)
            {
                return;
            }

            _reportedEnd = end;
            try
            {
                // Resumed first: items are counted as they finish and as resumed only when merged after, so never more than completed.
                var resumed = _durable?.Resumed ?? 0;
                _progress.Report(_counts.Progress(_knownCount) with { Resumed = resumed, DrainingUntil = _stop.DrainingUntil });
            }
            catch (Exception ex)
            {
                // Never out of the timer's callback (it would end the process) nor before the merge (it would lose results):
                // the reporter is not called again, and the run throws it once the batch has ended.
                Interlocked.CompareExchange(ref _progressError, ex, null);
            }
        }
    }

    /// <summary>The caller canceled a run with a grace period: said on the canceling thread, so best effort.</summary>
    private void LogStopping(TimeSpan grace) => BatchLog.DrainingBestEffort(_logger, _node.Id, grace);

    private void LogFinished(Microsoft.Extensions.Logging.ILogger logger, BatchReport<TContext, TItem> report)
    {
        if (report.StoppedAtIndex is { } index)
        {
            BatchLog.Stopped(logger, _node.Id, index, _counts.Skipped);
        }

        BatchLog.Finished(logger, _node.Id, report.Duration.TotalSeconds, _counts.Succeeded, _counts.Failed, _counts.Canceled, _counts.Skipped);
    }
}

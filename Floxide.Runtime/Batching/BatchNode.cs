using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;

namespace Floxide;

/// <summary>
/// A node that runs an item workflow over every item of its batch context, at most
/// <see cref="BatchOptions.MaxDegreeOfParallelism"/> at a time, and merges the results back in input order.
/// </summary>
/// <typeparam name="TContext">The batch context type.</typeparam>
/// <typeparam name="TItem">The item type.</typeparam>
/// <remarks>
/// <para>Semantics, whatever the source or the executor:</para>
/// <list type="bullet">
/// <item>Each item read from the source yields exactly one result, and
/// <see cref="IBatchContext{TContext, TItem}.UpdateWithResults"/> receives them all once, in input order;
/// a <see cref="IStreamingBatchContext{TContext, TItem}"/> receives each once through
/// <see cref="IStreamingBatchContext{TContext, TItem}.MergeResults"/> instead, and the final call
/// keeps the counts and the failed results.</item>
/// <item>A failing item becomes a <see cref="BatchItemStatus.Failed"/> result and the others go on;
/// with <see cref="BatchErrorMode.FailFast"/> no item starts after the first failure.</item>
/// <item>On cancellation no item starts, running items see the token (at once, or at the end of
/// <see cref="BatchOptions.CancellationGracePeriod"/>, finishing meanwhile), the rest are reported
/// <see cref="BatchItemStatus.Canceled"/>, the results are merged, and only then does the run throw
/// <see cref="OperationCanceledException"/>.</item>
/// <item>If the items getter throws, the run throws <see cref="BatchSourceException"/> and merges nothing.</item>
/// </list>
/// </remarks>
public sealed class BatchNode<TContext, TItem> : INode<TContext>
    where TContext : IBatchContext<TContext, TItem>
{
    /// <summary>Creates a batch node.</summary>
    /// <param name="id">The node's id.</param>
    /// <param name="itemWorkflow">The workflow (or single node) each item runs.</param>
    /// <param name="options">The concurrency limit and error mode; null for the defaults.</param>
    /// <param name="executor">Where items run; null runs them in this process.</param>
    public BatchNode(string id, INode<TContext> itemWorkflow, BatchOptions? options = null, IItemExecutor<TContext>? executor = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(itemWorkflow);
        Id = id;
        ItemWorkflow = itemWorkflow;
        Options = options ?? new BatchOptions();
        Executor = executor;
        Logger = Options.LoggerFactory?.CreateLogger(BatchLog.Category);
    }

    /// <summary>
    /// A view of <paramref name="node"/> with another executor and item telemetry, as a run's layers need it (a durable
    /// session replaying records, telemetry seeing items start and end), and for a run on another clock other options.
    /// The one place a node is copied, so nothing the node carries can be lost by one of the views.
    /// </summary>
    internal BatchNode(BatchNode<TContext, TItem> node, IItemExecutor<TContext>? executor, ItemTelemetry? telemetry, BatchOptions? options = null)
    {
        Id = node.Id;
        ItemWorkflow = node.ItemWorkflow;
        Options = options ?? node.Options;
        Executor = executor;
        Logger = node.Logger;
        ItemRateLimiter = node.ItemRateLimiter;
        ItemPermitCount = node.ItemPermitCount;
        Telemetry = telemetry;
    }

    /// <summary>Creates a batch node with a concurrency limit.</summary>
    /// <param name="id">The node's id.</param>
    /// <param name="itemWorkflow">The workflow (or single node) each item runs.</param>
    /// <param name="maxDegreeOfParallelism">How many items may run at once, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is below 1.</exception>
    public BatchNode(string id, INode<TContext> itemWorkflow, int maxDegreeOfParallelism)
        : this(id, itemWorkflow, new BatchOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism })
    {
    }

    /// <inheritdoc/>
    public string Id { get; }

    /// <summary>Gets the workflow each item runs.</summary>
    public INode<TContext> ItemWorkflow { get; }

    /// <summary>Gets the options the node runs with.</summary>
    public BatchOptions Options { get; }

    /// <summary>Gets where items run; null when they run in this process.</summary>
    public IItemExecutor<TContext>? Executor { get; }

    /// <summary>Gets the logger of <see cref="BatchOptions.LoggerFactory"/>, or null when nothing logs.</summary>
    internal Microsoft.Extensions.Logging.ILogger? Logger { get; }

    /// <summary>Gets what a run records per item; null except on a run's view of the node (and then null when nobody listens).</summary>
    internal ItemTelemetry? Telemetry { get; }

    /// <summary>
    /// Gets a rate limiter keyed per item (per host, per tenant, ...): every attempt of an item acquires
    /// permits of the item's partition (one, or <see cref="ItemPermitCount"/>) before it starts (before
    /// <see cref="BatchOptions.RateLimiter"/>) and holds them while it runs; null (the default) for none. An item waiting
    /// for them holds no slot of <see cref="BatchOptions.MaxDegreeOfParallelism"/>, so up to that many and 1,024 more items
    /// may wait in a partition's queue: size a queue limit for that. A refused permit fails the attempt with
    /// <see cref="RateLimitRejectedException"/>; waiting for one ends when the batch is canceled.
    /// </summary>
    public PartitionedRateLimiter<TItem>? ItemRateLimiter { get; init; }

    /// <summary>
    /// Gets how many permits of <see cref="ItemRateLimiter"/> each attempt of an item takes, for a quota counted in
    /// something other than requests (the tokens an LLM request will use, the bytes of an upload); null (the default) for
    /// one; ignored without <see cref="ItemRateLimiter"/>. Asked once per item, before its pipeline (so also for an item
    /// canceled before its first attempt); every attempt takes that many. A count of 0 or more: a negative count, or one that throws, fails the item (with no attempt, so no retry)
    /// with an <see cref="InvalidOperationException"/> that names it; a count the item's partition can never grant (more
    /// than a token bucket's limit) fails each attempt so, as the limiter only tells when asked.
    /// </summary>
    public Func<TItem, int>? ItemPermitCount { get; init; }

    /// <summary>
    /// Runs the batch as a workflow step: durably when the context is an <see cref="IDurableBatchContext{TContext, TItem}"/>
    /// that gives this step a durable run, else as <see cref="RunBatchAsync(TContext, IProgress{BatchProgress}, CancellationToken)"/> does.
    /// </summary>
    /// <param name="context">The batch context.</param>
    /// <param name="cancellationToken">Cancels the batch; see the remarks on the type.</param>
    /// <returns><see cref="BatchOptions.FailureAction"/> when set and an item failed, else <see cref="NodeAction.Default"/>.</returns>
    /// <exception cref="BatchFailedException">A fail-fast batch stopped at a failed item (after merging).</exception>
    /// <exception cref="OperationCanceledException">The batch was canceled (after merging the partial results).</exception>
    /// <exception cref="BatchSourceException">The items could not be read.</exception>
    /// <exception cref="FloxideException">
    /// A durable step's run failed as <see cref="RunDurableBatchAsync(TContext, DurableRun{TContext, TItem}, IProgress{BatchProgress}, CancellationToken)"/> fails: its lease is held
    /// (<see cref="BatchLeaseException"/>), its source changed (<see cref="DurableSourceChangedException"/>), two items share a
    /// key (<see cref="DuplicateItemKeyException"/>) or its store failed (<see cref="BatchStoreException"/>).
    /// </exception>
    /// <exception cref="AggregateException">
    /// A durable step failed twice, as <see cref="RunDurableBatchAsync(TContext, DurableRun{TContext, TItem}, IProgress{BatchProgress}, CancellationToken)"/> can: a commit failed after the error that ended its
    /// run, or the context's merge or update step threw in a run that also failed durably; with every error.
    /// </exception>
    public async ValueTask<NodeAction> RunAsync(TContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var durable = context is IDurableBatchContext<TContext, TItem> durableContext ? durableContext.GetDurableRun(Id) : null;
        var report = await new BatchRun<TContext, TItem>(this, context, null, cancellationToken, durable: durable, asStep: true).RunAsync().ConfigureAwait(false);
        if (report.StoppedAtIndex is { } index)
        {
            var failure = report.Failures.First(f => f.Index == index);
            throw new BatchFailedException(Id, index, failure.Exception!, failure.FailedStepId);
        }

        return report.Failed > 0 && Options.FailureAction is { } failureAction ? failureAction : NodeAction.Default;
    }

    /// <summary>Runs the batch and reports what it did.</summary>
    /// <param name="context">The batch context.</param>
    /// <param name="progress">Receives progress at most every 100 ms and once at the end; may be null.</param>
    /// <param name="cancellationToken">Cancels the batch; see the remarks on the type.</param>
    /// <returns>The report; a fail-fast stop is reported, not thrown.</returns>
    /// <exception cref="OperationCanceledException">The batch was canceled (after merging the partial results).</exception>
    /// <exception cref="BatchSourceException">The items could not be read.</exception>
    /// <exception cref="FloxideException">
    /// The context's merge or update step threw, or the progress reporter threw (after the batch ran to the end and merged).
    /// </exception>
    public Task<BatchReport<TContext, TItem>> RunBatchAsync(
        TContext context, IProgress<BatchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new BatchRun<TContext, TItem>(this, context, progress, cancellationToken).RunAsync();
    }

    /// <summary>Runs the batch and reports what it did, as <see cref="RunBatchAsync(TContext, IProgress{BatchProgress}, CancellationToken)"/> does without progress.</summary>
    /// <param name="context">The batch context.</param>
    /// <param name="cancellationToken">Cancels the batch; see the remarks on the type.</param>
    /// <returns>The report; a fail-fast stop is reported, not thrown.</returns>
    /// <exception cref="OperationCanceledException">The batch was canceled (after merging the partial results).</exception>
    /// <exception cref="BatchSourceException">The items could not be read.</exception>
    /// <exception cref="FloxideException">The context's merge or update step threw.</exception>
    public Task<BatchReport<TContext, TItem>> RunBatchAsync(TContext context, CancellationToken cancellationToken) =>
        RunBatchAsync(context, null, cancellationToken);

    /// <summary>Runs the batch and yields every item's result, in input order, as results become contiguous.</summary>
    /// <param name="context">The batch context.</param>
    /// <param name="cancellationToken">Cancels the batch, as for <see cref="RunBatchAsync(TContext, IProgress{BatchProgress}, CancellationToken)"/>.</param>
    /// <returns>One result per item read, in input order; the batch starts when enumeration starts.</returns>
    /// <remarks>
    /// <para>The promises of <see cref="RunBatchAsync(TContext, IProgress{BatchProgress}, CancellationToken)"/> hold: every item read yields exactly one result,
    /// in input order, whatever its status (<see cref="BatchItemStatus.Failed"/>,
    /// <see cref="BatchItemStatus.Canceled"/> and <see cref="BatchItemStatus.Skipped"/> included); a
    /// failing item is a result, not an exception; a <see cref="BatchErrorMode.FailFast"/> stop yields the
    /// skipped items and ends normally.</para>
    /// <para>Back-pressure: results wait in a bounded window (the one a
    /// <see cref="IStreamingBatchContext{TContext, TItem}"/> gets). A consumer that stops pulling stops the
    /// source from being read and new items from starting once more than
    /// (<see cref="BatchOptions.MaxDegreeOfParallelism"/> + 2) × 64 results wait for it, so memory stays bounded whatever the batch's length, and items that cost something
    /// stop soon after the consumer does (the ones already read still run).</para>
    /// <para>The context: a <see cref="IStreamingBatchContext{TContext, TItem}"/> gets each result through
    /// <see cref="IStreamingBatchContext{TContext, TItem}.MergeResults"/> before it is yielded. Every
    /// context then gets <see cref="IBatchContext{TContext, TItem}.UpdateWithResults"/> once, when the batch
    /// has stopped (also after an early break), with the counts and every failed result but no other result
    /// (<see cref="BatchResults{TContext, TItem}.Count"/> is zero, <see cref="BatchResults{TContext, TItem}.Total"/> is not):
    /// the results went to the consumer, and keeping them all for that call would unbound memory.</para>
    /// <para>Cancellation by <paramref name="cancellationToken"/>: no item starts, running items see the
    /// token (at once, or when <see cref="BatchOptions.CancellationGracePeriod"/> ends, their results yielded if they
    /// finish before), and the results of the items read (the canceled ones as <see cref="BatchItemStatus.Canceled"/>)
    /// are still yielded; then the enumeration throws <see cref="OperationCanceledException"/>. Results
    /// already yielded stay yielded.</para>
    /// <para>Leaving early (break, an exception, or disposing the enumerator) cancels the batch: no item
    /// starts afterwards, running items see cancellation at once (whatever the grace period: nobody reads their
    /// results), and disposal returns only once the batch has
    /// stopped, so nothing keeps running in the background. No further result is yielded.</para>
    /// <para>If the items getter throws, or the source throws, the enumeration throws
    /// <see cref="BatchSourceException"/> after the results of the items read before it.</para>
    /// </remarks>
    /// <exception cref="OperationCanceledException">The batch was canceled (after yielding the results of the items read).</exception>
    /// <exception cref="BatchSourceException">The items could not be read.</exception>
    /// <exception cref="FloxideException">The context's merge or update step threw.</exception>
    public IAsyncEnumerable<BatchItemResult<TContext, TItem>> StreamBatchAsync(TContext context, CancellationToken cancellationToken) =>
        StreamBatchAsync(context, null, cancellationToken);

    /// <summary>
    /// Runs the batch and yields every item's result, in input order, as results become contiguous, as
    /// <see cref="StreamBatchAsync(TContext, CancellationToken)"/> does, reporting progress as <see cref="RunBatchAsync(TContext, IProgress{BatchProgress}, CancellationToken)"/> does.
    /// </summary>
    /// <param name="context">The batch context.</param>
    /// <param name="progress">
    /// Receives progress at most every 100 ms and once at the end, before the enumeration ends; may be null. The results
    /// yielded say which items finished; progress adds what they cannot: the concurrency level, a pause for a throttled service, the total.
    /// </param>
    /// <param name="cancellationToken">Cancels the batch, as for <see cref="RunBatchAsync(TContext, IProgress{BatchProgress}, CancellationToken)"/>.</param>
    /// <returns>One result per item read, in input order; the batch starts when enumeration starts.</returns>
    /// <remarks>
    /// A reporter that throws is not called again; every result is still yielded, and the enumeration then throws a
    /// <see cref="FloxideException"/> with the reporter's error, as <see cref="RunBatchAsync(TContext, IProgress{BatchProgress}, CancellationToken)"/> does.
    /// </remarks>
    /// <exception cref="OperationCanceledException">The batch was canceled (after yielding the results of the items read).</exception>
    /// <exception cref="BatchSourceException">The items could not be read.</exception>
    /// <exception cref="FloxideException">The context's merge or update step threw, or the progress reporter threw.</exception>
    public IAsyncEnumerable<BatchItemResult<TContext, TItem>> StreamBatchAsync(
        TContext context, IProgress<BatchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return StreamBatchCoreAsync(context, null, progress, cancellationToken);
    }

    /// <summary>
    /// Runs the batch durably and yields every item's result, in input order, as results become contiguous: as
    /// <see cref="StreamBatchAsync(TContext, IProgress{BatchProgress}, CancellationToken)"/> does, while finished items are recorded as <see cref="RunDurableBatchAsync(TContext, DurableRun{TContext, TItem}, IProgress{BatchProgress}, CancellationToken)"/> records
    /// them. A rerun with the same batch id yields the restored results (<see cref="BatchItemResult{TContext, TItem}.Resumed"/>)
    /// in their places among the new ones, without running them again.
    /// </summary>
    /// <param name="context">The batch context.</param>
    /// <param name="durable">The store, batch id and codec.</param>
    /// <param name="cancellationToken">Cancels the batch, as for <see cref="StreamBatchAsync(TContext, IProgress{BatchProgress}, CancellationToken)"/>; every item that finished is still recorded.</param>
    /// <returns>One result per item read, in input order, with back-pressure; the batch starts when enumeration starts.</returns>
    /// <remarks>
    /// Leaving early (a break) stops the batch at once, as for <see cref="StreamBatchAsync(TContext, IProgress{BatchProgress}, CancellationToken)"/>, and the disposal returns
    /// only after what finished by then is recorded, yielded or not, so a rerun does not run it again. A durable error
    /// then (a commit that failed) comes out of the disposal, so the loop throws after the break: what it names was not
    /// recorded. A loop body that throws leaves the same way, and such an error from the disposal then replaces the body's
    /// exception (C#'s rule for a <c>finally</c> that throws). Dispose the enumerator (<c>await foreach</c> does): one left
    /// undisposed keeps the batch paused and its lease renewed, as a consumer that pauses does. The errors of
    /// <see cref="RunDurableBatchAsync(TContext, DurableRun{TContext, TItem}, IProgress{BatchProgress}, CancellationToken)"/> end the enumeration, after the results of the items read.
    /// </remarks>
    /// <exception cref="OperationCanceledException">The batch was canceled (after yielding and recording the finished items).</exception>
    /// <exception cref="BatchSourceException">The items could not be read.</exception>
    /// <exception cref="FloxideException">
    /// The context's merge or update step threw, or the durable run failed as <see cref="RunDurableBatchAsync(TContext, DurableRun{TContext, TItem}, IProgress{BatchProgress}, CancellationToken)"/> fails
    /// (<see cref="BatchLeaseException"/>, <see cref="DurableSourceChangedException"/>, <see cref="DuplicateItemKeyException"/>,
    /// <see cref="BatchStoreException"/>).
    /// </exception>
    /// <exception cref="AggregateException">
    /// More than one error, as for <see cref="RunDurableBatchAsync(TContext, DurableRun{TContext, TItem}, IProgress{BatchProgress}, CancellationToken)"/>: a commit failed after another error had stopped the
    /// run, or the context's merge or update step threw in a run that also failed durably; with every error.
    /// </exception>
    public IAsyncEnumerable<BatchItemResult<TContext, TItem>> StreamDurableBatchAsync(
        TContext context, DurableRun<TContext, TItem> durable, CancellationToken cancellationToken) =>
        StreamDurableBatchAsync(context, durable, null, cancellationToken);

    /// <summary>
    /// Runs the batch durably and yields every item's result, in input order, as
    /// <see cref="StreamDurableBatchAsync(TContext, DurableRun{TContext, TItem}, CancellationToken)"/> does, reporting
    /// progress as <see cref="RunDurableBatchAsync(TContext, DurableRun{TContext, TItem}, IProgress{BatchProgress}, CancellationToken)"/> does.
    /// </summary>
    /// <param name="context">The batch context.</param>
    /// <param name="durable">The store, batch id and codec.</param>
    /// <param name="progress">
    /// Receives progress at most every 100 ms and once at the end, before the enumeration ends; may be null. Restored
    /// items count as completed.
    /// </param>
    /// <param name="cancellationToken">Cancels the batch; every item that finished is still recorded.</param>
    /// <returns>One result per item read, in input order, with back-pressure; the batch starts when enumeration starts.</returns>
    /// <remarks>
    /// A reporter that throws is not called again; every result is still yielded and recorded, and the enumeration then
    /// throws a <see cref="FloxideException"/> with the reporter's error.
    /// </remarks>
    /// <exception cref="OperationCanceledException">The batch was canceled (after yielding and recording the finished items).</exception>
    /// <exception cref="BatchSourceException">The items could not be read.</exception>
    /// <exception cref="FloxideException">
    /// The context's merge or update step threw, the progress reporter threw, or the durable run failed as
    /// <see cref="RunDurableBatchAsync(TContext, DurableRun{TContext, TItem}, IProgress{BatchProgress}, CancellationToken)"/> fails.
    /// </exception>
    /// <exception cref="AggregateException">More than one error, as for <see cref="RunDurableBatchAsync(TContext, DurableRun{TContext, TItem}, IProgress{BatchProgress}, CancellationToken)"/>.</exception>
    public IAsyncEnumerable<BatchItemResult<TContext, TItem>> StreamDurableBatchAsync(
        TContext context, DurableRun<TContext, TItem> durable, IProgress<BatchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(durable);
        return StreamBatchCoreAsync(context, durable, progress, cancellationToken);
    }

    private async IAsyncEnumerable<BatchItemResult<TContext, TItem>> StreamBatchCoreAsync(
        TContext context,
        DurableRun<TContext, TItem>? durable,
        IProgress<BatchProgress>? progress,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var leave = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stream = new ResultStream<TContext, TItem>();
        var batchRun = new BatchRun<TContext, TItem>(this, context, progress, leave.Token, stream, durable);
        var run = Task.Run(async () =>
        {
            try
            {
                await batchRun.RunAsync().ConfigureAwait(false);
            }
            finally
            {
                stream.Complete();
            }
        });

        var finished = false;
        try
        {
            while (await stream.WaitToReadAsync().ConfigureAwait(false))
            {
                while (stream.TryTake(out var result))
                {
                    yield return result;
                }
            }

            finished = true;
        }
        finally
        {
            if (!finished)
            {
                // The consumer left: stop the batch and wait until it has stopped; its outcome is nobody's now.
                stream.Abandon();
                try
                {
                    await leave.CancelAsync().ConfigureAwait(false);
                }
                catch (AggregateException)
                {
                    // A callback an item or the source registered on the run's tokens threw: the tokens read canceled all
                    // the same, and the attempts must still be canceled and the run waited for (a durable one closes).
                }

                batchRun.ConsumerLeft();
                try
                {
                    await run.ConfigureAwait(false);
                }
                catch (Exception ex) when (durable is null || ex is OperationCanceledException || batchRun.IsProgressError(ex))
                {
                    // Canceled by the leaving consumer, or failed after it stopped reading (its reporter too, also when the
                    // run ended just before the consumer left). A durable run's other errors (a commit that failed) say
                    // what was not recorded: they come out of the disposal.
                }
            }
        }

        try
        {
            await run.ConfigureAwait(false);
        }
        catch (OperationCanceledException canceled) when (canceled.CancellationToken == leave.Token && cancellationToken.IsCancellationRequested)
        {
            // The run was given the linked token: the caller's cancellation names the caller's, as RunAsync's does.
            throw new OperationCanceledException(canceled.Message, canceled.InnerException, cancellationToken);
        }
    }

    /// <summary>
    /// Runs the batch durably: finished items are recorded in the run's store under its batch id, and
    /// a rerun with the same id restores them instead of running them again (see docs/durability.md).
    /// </summary>
    /// <param name="context">The batch context.</param>
    /// <param name="durable">The store, batch id and codec.</param>
    /// <param name="progress">Receives progress at most every 100 ms and once at the end; may be null.</param>
    /// <param name="cancellationToken">Cancels the batch; every item that finished is still recorded before it throws.</param>
    /// <returns>The report; <see cref="BatchReport{TContext, TItem}.Resumed"/> counts the restored items.</returns>
    /// <exception cref="OperationCanceledException">The batch was canceled (after merging and recording the finished items).</exception>
    /// <exception cref="BatchSourceException">The items could not be read.</exception>
    /// <exception cref="BatchLeaseException">Another run holds the batch id's lease, or took it over.</exception>
    /// <exception cref="DurableSourceChangedException">The source changed since items were recorded.</exception>
    /// <exception cref="DuplicateItemKeyException">Two items have the same key (the codec's identity).</exception>
    /// <exception cref="BatchStoreException">The store failed; items finished but not committed run again next time.</exception>
    /// <exception cref="FloxideException">The context's merge or update step threw, in a run with no durable error.</exception>
    /// <exception cref="AggregateException">
    /// More than one error; a durable error is never dropped, since a failed commit means finished items went unrecorded.
    /// A commit failed (a <see cref="BatchStoreException"/> or <see cref="BatchLeaseException"/>, second) after another
    /// error had stopped the run (first): what that commit held is not recorded either. Or the context's merge or update
    /// step threw in a run that also failed durably: its <see cref="FloxideException"/> first, where a run with no durable
    /// error has it alone, then the durable errors in the order above, whichever happened first.
    /// </exception>
    public Task<BatchReport<TContext, TItem>> RunDurableBatchAsync(
        TContext context, DurableRun<TContext, TItem> durable, IProgress<BatchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(durable);
        return new BatchRun<TContext, TItem>(this, context, progress, cancellationToken, durable: durable).RunAsync();
    }

    /// <summary>
    /// Runs the batch durably, as <see cref="RunDurableBatchAsync(TContext, DurableRun{TContext, TItem}, IProgress{BatchProgress}, CancellationToken)"/>
    /// does without progress.
    /// </summary>
    /// <param name="context">The batch context.</param>
    /// <param name="durable">The store, batch id and codec.</param>
    /// <param name="cancellationToken">Cancels the batch; every item that finished is still recorded before it throws.</param>
    /// <returns>The report; <see cref="BatchReport{TContext, TItem}.Resumed"/> counts the restored items.</returns>
    /// <exception cref="OperationCanceledException">The batch was canceled (after merging and recording the finished items).</exception>
    /// <exception cref="FloxideException">
    /// The items could not be read, or the run failed as the overload with progress fails (<see cref="BatchLeaseException"/>,
    /// <see cref="DurableSourceChangedException"/>, <see cref="DuplicateItemKeyException"/>, <see cref="BatchStoreException"/>,
    /// a merge or update step that threw).
    /// </exception>
    /// <exception cref="AggregateException">More than one error, as for the overload with progress.</exception>
    public Task<BatchReport<TContext, TItem>> RunDurableBatchAsync(TContext context, DurableRun<TContext, TItem> durable, CancellationToken cancellationToken) =>
        RunDurableBatchAsync(context, durable, null, cancellationToken);
}

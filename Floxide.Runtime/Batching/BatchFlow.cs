using System.Threading.RateLimiting;

namespace Floxide;

/// <summary>
/// The simplest way to run a batch: an item workflow, options, and one call that returns a report.
/// </summary>
/// <typeparam name="TContext">The batch context type.</typeparam>
/// <typeparam name="TItem">The item type.</typeparam>
/// <remarks>Contexts annotated with <c>[BatchContext]</c> get a generated shortcut that needs no generic arguments.</remarks>
public sealed class BatchFlow<TContext, TItem>
    where TContext : IBatchContext<TContext, TItem>
{
    private readonly BatchNode<TContext, TItem> _node;

    /// <summary>Creates a batch flow.</summary>
    /// <param name="itemWorkflow">The workflow (or single node) each item runs.</param>
    /// <param name="options">The concurrency limit and error mode; null for the defaults.</param>
    /// <param name="id">The id reported in results and errors.</param>
    /// <param name="executor">Where items run (a cluster, through <c>Floxide.Orleans</c>); null runs them in this process.</param>
    public BatchFlow(INode<TContext> itemWorkflow, BatchOptions? options = null, string id = "batch", IItemExecutor<TContext>? executor = null)
    {
        _node = new BatchNode<TContext, TItem>(id, itemWorkflow, options, executor);
    }

    private BatchFlow(BatchNode<TContext, TItem> node)
    {
        _node = node;
    }

    /// <summary>Gets the batch node the flow runs.</summary>
    public BatchNode<TContext, TItem> Node => _node;

    /// <summary>Gets the rate limiter keyed per item; see <see cref="BatchNode{TContext, TItem}.ItemRateLimiter"/>.</summary>
    public PartitionedRateLimiter<TItem>? ItemRateLimiter
    {
        get => _node.ItemRateLimiter;
        init => _node = NodeWith(value, _node.ItemPermitCount);
    }

    /// <summary>Gets how many permits of the item limiter an attempt takes; see <see cref="BatchNode{TContext, TItem}.ItemPermitCount"/>.</summary>
    public Func<TItem, int>? ItemPermitCount
    {
        get => _node.ItemPermitCount;
        init => _node = NodeWith(_node.ItemRateLimiter, value);
    }

    /// <summary>
    /// Returns a flow over the same workflow, options and id whose items acquire a permit of their partition of
    /// <paramref name="limiter"/> before each attempt (per host, per tenant); this flow is unchanged. The way to give a
    /// generated context's <c>CreateBatchFlow</c> a partitioned limiter.
    /// </summary>
    /// <param name="limiter">The limiter keyed per item; null for none.</param>
    /// <returns>The new flow.</returns>
    public BatchFlow<TContext, TItem> WithItemRateLimiter(PartitionedRateLimiter<TItem>? limiter) => new(NodeWith(limiter, null));

    /// <summary>
    /// Returns a flow over the same workflow, options and id whose items acquire <paramref name="permitCount"/> permits of
    /// their partition of <paramref name="limiter"/> before each attempt (a tenant's quota of tokens, say); this flow is
    /// unchanged.
    /// </summary>
    /// <param name="limiter">The limiter keyed per item.</param>
    /// <param name="permitCount">How many permits an attempt of the item takes (<see cref="BatchNode{TContext, TItem}.ItemPermitCount"/>).</param>
    /// <returns>The new flow.</returns>
    public BatchFlow<TContext, TItem> WithItemRateLimiter(PartitionedRateLimiter<TItem> limiter, Func<TItem, int> permitCount)
    {
        ArgumentNullException.ThrowIfNull(limiter);
        ArgumentNullException.ThrowIfNull(permitCount);
        return new(NodeWith(limiter, permitCount));
    }

    /// <summary>The node with this item limiter and permit count: a copy, as a node, like a flow, is not changed once made.</summary>
    private BatchNode<TContext, TItem> NodeWith(PartitionedRateLimiter<TItem>? limiter, Func<TItem, int>? permitCount) =>
        new(_node, _node.Executor, _node.Telemetry) { ItemRateLimiter = limiter, ItemPermitCount = permitCount };

    /// <summary>Runs the batch over <paramref name="context"/>.</summary>
    /// <param name="context">The batch context; receives the results before this returns.</param>
    /// <param name="progress">Receives progress at most every 100 ms and once at the end; may be null.</param>
    /// <param name="cancellationToken">Cancels the batch; partial results are merged before it throws.</param>
    /// <returns>The report.</returns>
    /// <remarks>
    /// The errors are <see cref="BatchNode{TContext, TItem}.RunBatchAsync(TContext, IProgress{BatchProgress}, CancellationToken)"/>'s:
    /// a failing item is a result, never an exception.
    /// </remarks>
    /// <exception cref="OperationCanceledException">The batch was canceled (after merging the partial results).</exception>
    /// <exception cref="BatchSourceException">The items could not be read.</exception>
    /// <exception cref="FloxideException">The context's merge or update step threw, or the progress reporter threw.</exception>
    public Task<BatchReport<TContext, TItem>> RunAsync(
        TContext context, IProgress<BatchProgress>? progress = null, CancellationToken cancellationToken = default) =>
        _node.RunBatchAsync(context, progress, cancellationToken);

    /// <summary>Runs the batch over <paramref name="context"/>, as <see cref="RunAsync(TContext, IProgress{BatchProgress}, CancellationToken)"/> does without progress.</summary>
    /// <param name="context">The batch context; receives the results before this returns.</param>
    /// <param name="cancellationToken">Cancels the batch; partial results are merged before it throws.</param>
    /// <returns>The report.</returns>
    /// <exception cref="OperationCanceledException">The batch was canceled (after merging the partial results).</exception>
    /// <exception cref="BatchSourceException">The items could not be read.</exception>
    /// <exception cref="FloxideException">The context's merge or update step threw.</exception>
    public Task<BatchReport<TContext, TItem>> RunAsync(TContext context, CancellationToken cancellationToken) =>
        _node.RunBatchAsync(context, null, cancellationToken);

    /// <summary>Runs the batch over <paramref name="context"/> and yields every item's result, in input order, as results become contiguous.</summary>
    /// <param name="context">The batch context.</param>
    /// <param name="cancellationToken">Cancels the batch; the results of the items read are yielded before it throws.</param>
    /// <returns>One result per item read, in input order, with back-pressure; breaking out of the loop cancels the batch and waits for it to stop.</returns>
    /// <remarks>See <see cref="BatchNode{TContext, TItem}.StreamBatchAsync(TContext, IProgress{BatchProgress}, CancellationToken)"/> for the full semantics, including what the context receives.</remarks>
    public IAsyncEnumerable<BatchItemResult<TContext, TItem>> StreamAsync(TContext context, CancellationToken cancellationToken) =>
        _node.StreamBatchAsync(context, cancellationToken);

    /// <summary>
    /// Runs the batch over <paramref name="context"/> and yields every item's result, in input order, reporting progress
    /// as <see cref="RunAsync(TContext, IProgress{BatchProgress}, CancellationToken)"/> does (the concurrency level and a pause for a throttled service, which the results cannot tell).
    /// </summary>
    /// <param name="context">The batch context.</param>
    /// <param name="progress">Receives progress at most every 100 ms and once at the end, before the enumeration ends; may be null.</param>
    /// <param name="cancellationToken">Cancels the batch; the results of the items read are yielded before it throws.</param>
    /// <returns>One result per item read, in input order, with back-pressure; breaking out of the loop cancels the batch and waits for it to stop.</returns>
    /// <remarks>See <see cref="BatchNode{TContext, TItem}.StreamBatchAsync(TContext, IProgress{BatchProgress}, CancellationToken)"/>.</remarks>
    public IAsyncEnumerable<BatchItemResult<TContext, TItem>> StreamAsync(
        TContext context, IProgress<BatchProgress>? progress = null, CancellationToken cancellationToken = default) =>
        _node.StreamBatchAsync(context, progress, cancellationToken);

    /// <summary>
    /// Runs the batch durably over <paramref name="context"/> and yields every item's result, in input order, as results
    /// become contiguous; a rerun with the same batch id yields the restored results, marked
    /// <see cref="BatchItemResult{TContext, TItem}.Resumed"/>, without running them again.
    /// </summary>
    /// <param name="context">The batch context.</param>
    /// <param name="durable">The store, batch id and codec.</param>
    /// <param name="cancellationToken">Cancels the batch; the finished items are yielded and recorded before it throws.</param>
    /// <returns>One result per item read, in input order, with back-pressure; breaking out of the loop stops the batch, and returns once what finished is recorded.</returns>
    /// <remarks>See <see cref="BatchNode{TContext, TItem}.StreamDurableBatchAsync(TContext, DurableRun{TContext, TItem}, IProgress{BatchProgress}, CancellationToken)"/>.</remarks>
    public IAsyncEnumerable<BatchItemResult<TContext, TItem>> StreamDurableAsync(
        TContext context, DurableRun<TContext, TItem> durable, CancellationToken cancellationToken) =>
        _node.StreamDurableBatchAsync(context, durable, cancellationToken);

    /// <summary>
    /// Runs the batch durably over <paramref name="context"/> and yields every item's result, in input order, as
    /// <see cref="StreamDurableAsync(TContext, DurableRun{TContext, TItem}, CancellationToken)"/> does, reporting progress
    /// as <see cref="RunDurableAsync(TContext, DurableRun{TContext, TItem}, IProgress{BatchProgress}, CancellationToken)"/> does.
    /// </summary>
    /// <param name="context">The batch context.</param>
    /// <param name="durable">The store, batch id and codec.</param>
    /// <param name="progress">Receives progress at most every 100 ms and once at the end, before the enumeration ends; may be null.</param>
    /// <param name="cancellationToken">Cancels the batch; the finished items are yielded and recorded before it throws.</param>
    /// <returns>One result per item read, in input order, with back-pressure; breaking out of the loop stops the batch, and returns once what finished is recorded.</returns>
    /// <remarks>See <see cref="BatchNode{TContext, TItem}.StreamDurableBatchAsync(TContext, DurableRun{TContext, TItem}, IProgress{BatchProgress}, CancellationToken)"/>.</remarks>
    public IAsyncEnumerable<BatchItemResult<TContext, TItem>> StreamDurableAsync(
        TContext context, DurableRun<TContext, TItem> durable, IProgress<BatchProgress>? progress = null, CancellationToken cancellationToken = default) =>
        _node.StreamDurableBatchAsync(context, durable, progress, cancellationToken);

    /// <summary>
    /// Runs the batch durably: finished items are recorded under the run's batch id, and a rerun with
    /// the same id restores them instead of running them again.
    /// </summary>
    /// <param name="context">The batch context; receives the results (restored ones included) before this returns.</param>
    /// <param name="durable">The store, batch id and codec.</param>
    /// <param name="progress">Receives progress at most every 100 ms and once at the end; may be null.</param>
    /// <param name="cancellationToken">Cancels the batch; finished items are merged and recorded before it throws.</param>
    /// <returns>The report; <see cref="BatchReport{TContext, TItem}.Resumed"/> counts the restored items.</returns>
    public Task<BatchReport<TContext, TItem>> RunDurableAsync(
        TContext context, DurableRun<TContext, TItem> durable, IProgress<BatchProgress>? progress = null, CancellationToken cancellationToken = default) =>
        _node.RunDurableBatchAsync(context, durable, progress, cancellationToken);

    /// <summary>
    /// Runs the batch durably, as <see cref="RunDurableAsync(TContext, DurableRun{TContext, TItem}, IProgress{BatchProgress}, CancellationToken)"/>
    /// does without progress.
    /// </summary>
    /// <param name="context">The batch context; receives the results (restored ones included) before this returns.</param>
    /// <param name="durable">The store, batch id and codec.</param>
    /// <param name="cancellationToken">Cancels the batch; finished items are merged and recorded before it throws.</param>
    /// <returns>The report; <see cref="BatchReport{TContext, TItem}.Resumed"/> counts the restored items.</returns>
    public Task<BatchReport<TContext, TItem>> RunDurableAsync(TContext context, DurableRun<TContext, TItem> durable, CancellationToken cancellationToken) =>
        _node.RunDurableBatchAsync(context, durable, null, cancellationToken);
}

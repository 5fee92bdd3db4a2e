using System.Runtime.ExceptionServices;
using System.Threading.RateLimiting;
using Polly;

namespace Floxide;

/// <summary>
/// Runs an item through what <see cref="BatchOptions"/> wrap around it: the resilience pipeline, and
/// per attempt the rate limiters, the adaptive concurrency gate and a fresh item context. Built once
/// per run, and only when one of them is set, so a batch without them runs exactly as before.
/// </summary>
internal sealed class ItemResilience<TContext, TItem> : IDisposable
    where TContext : IBatchContext<TContext, TItem>
{
    private readonly TContext _parent;
    private readonly INode<TContext> _workflow;
    private readonly IItemExecutor<TContext>? _executor;
    private readonly ResiliencePipeline _pipeline;
    private readonly RateLimiter? _batchLimiter;
    private readonly PartitionedRateLimiter<TItem>? _itemLimiter;
    private readonly AdaptiveBatch? _adaptive;
    private readonly TimeProvider _time;
    private readonly CancellationToken _stopped;

    private ItemResilience(BatchNode<TContext, TItem> node, TContext parent, CancellationToken stopped, BatchCounts counts)
    {
        var options = node.Options;
        _parent = parent;
        _workflow = node.ItemWorkflow;
        _executor = node.Executor;
        _pipeline = options.ResiliencePipeline ?? ResiliencePipeline.Empty;
        _batchLimiter = options.RateLimiter;
        _itemLimiter = node.ItemRateLimiter;
        _adaptive = options.AdaptiveConcurrency is { } adaptive ? new AdaptiveBatch(adaptive, options, counts, node.Logger, node.Id, stopped) : null;
        _time = options.TimeProvider;
        _stopped = stopped;
    }

    /// <summary>Returns the run's resilience, or null when the node's options ask for none.</summary>
    /// <param name="node">The batch node.</param>
    /// <param name="parent">The batch context items are created from.</param>
    /// <param name="stopped">
    /// Canceled when the run is canceled or stops itself (fail-fast, a failed merge or store): what an item waits for
    /// before its next attempt (a retry's delay, a permit, the gate) ends with it, and so does an attempt in flight.
    /// </param>
    /// <param name="counts">The run's counts, where the gate shows its level.</param>
    public static ItemResilience<TContext, TItem>? For(
        BatchNode<TContext, TItem> node, TContext parent, CancellationToken stopped, BatchCounts counts)
    {
        var options = node.Options;
        return options.ResiliencePipeline is null && options.RateLimiter is null && node.ItemRateLimiter is null && options.AdaptiveConcurrency is null
            ? null
            : new ItemResilience<TContext, TItem>(node, parent, stopped, counts);
    }

    /// <summary>Runs the item to its last attempt; <see cref="ItemAttempts{TContext, TItem}"/> then says what happened.</summary>
    public ValueTask<NodeAction> RunAsync(ItemAttempts<TContext, TItem> item) =>
        _pipeline.ExecuteAsync(static (item, token) => item.Owner.AttemptAsync(item, token), item, _stopped);

    /// <summary>Stops the gate's pause timer when the run ends.</summary>
    public void Dispose() => _adaptive?.Gate.Dispose();

    private async ValueTask<NodeAction> AttemptAsync(ItemAttempts<TContext, TItem> item, CancellationToken cancellationToken)
    {
        item.Count++;
        item.Context = default;
        item.StepFailure = null;
        var round = _adaptive is null ? 0 : await _adaptive.Gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        var signals = _adaptive is null ? null : new AttemptSignals(_adaptive, round, item.Index);
        var signal = ConcurrencyGate.Signal.Neutral;
        RateLimitLease? batchLease = null;
        RateLimitLease? itemLease = null;
        try
        {
            if (_batchLimiter is not null)
            {
                batchLease = Granted(await _batchLimiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false), "BatchOptions.RateLimiter");
            }

            if (_itemLimiter is not null)
            {
                itemLease = Granted(await _itemLimiter.AcquireAsync(item.Item, 1, cancellationToken).ConfigureAwait(false), "BatchNode.ItemRateLimiter");
            }

            if (signals is not null)
            {
                // Scoped to this async method: the workflow's steps see it, and it is gone when the attempt returns. (Not
                // set without a gate, so the steps of an inner batch that does not adapt still report to the outer attempt.)
                ThrottlingSignals.Current = signals;
            }

            var started = _time.GetTimestamp();
            var action = await RunWorkflowAsync(item, cancellationToken).ConfigureAwait(false);
            if (signals?.ReaderFailure is { } readerFailure)
            {
                ExceptionDispatchInfo.Throw(readerFailure); // a step's retry went past it: the attempt still fails with it
            }

            signal = _adaptive?.LatencyThreshold is { } threshold && _time.GetElapsedTime(started) > threshold
                ? ConcurrencyGate.Signal.Throttled
                : ConcurrencyGate.Signal.Success;
            return action;
        }
        catch (Exception ex) when (signals is not null)
        {
            // Read in the catch, not in a filter: an exception a user's reader throws in a filter is swallowed by the
            // runtime, and a broken reader would silently turn every throttling signal off.
            signals.Observe(ex);
            if (signals.ReaderFailure is { } readerFailure && !ReferenceEquals(readerFailure, ex))
            {
                ExceptionDispatchInfo.Throw(readerFailure); // a reader's error is the attempt's, whatever else failed
            }

            throw;
        }
        finally
        {
            itemLease?.Dispose();
            batchLease?.Dispose();

            signals?.End(signal);
        }
    }

    /// <summary>One attempt of the workflow on a fresh item context; the pipeline sees what the failing step threw.</summary>
    private async ValueTask<NodeAction> RunWorkflowAsync(ItemAttempts<TContext, TItem> item, CancellationToken cancellationToken)
    {
        var context = _parent.CreateItemContext(item.Item);
        item.Context = context;
        try
        {
            return await (_executor is null
                ? _workflow.RunAsync(context, cancellationToken)
                : _executor.ExecuteAsync(_workflow, context, item.Index, cancellationToken)).ConfigureAwait(false);
        }
        catch (NodeFailedException ex) when (ex.InnerException is { } thrown)
        {
            item.StepFailure = ex;
            ExceptionDispatchInfo.Throw(thrown);
            throw; // unreachable
        }
        catch (Exception ex)
        {
            item.StepFailure = ex;
            throw;
        }
    }

    private static RateLimitLease Granted(RateLimitLease lease, string limiter)
    {
        if (lease.IsAcquired)
        {
            return lease;
        }

        TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : null;
        lease.Dispose();
        throw new RateLimitRejectedException(limiter, retryAfter);
    }
}

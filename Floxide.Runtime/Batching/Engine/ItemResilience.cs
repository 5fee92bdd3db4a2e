using System.Runtime.CompilerServices;
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
    private readonly AttemptRunner<TContext, TItem> _attempt;
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
        _attempt = new AttemptRunner<TContext, TItem>(node);
        _pipeline = options.ResiliencePipeline is { } pipeline ? GeneratedResilience.On(pipeline, options.TimeProvider) : ResiliencePipeline.Empty;
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
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // once per item that awaits: reuse the box
    public async ValueTask<NodeAction> RunAsync(ItemAttempts<TContext, TItem> item)
    {
        // The item's own context, so an AddBatchAdmission() strategy in the pipeline finds its admission (not the state:
        // Polly wraps it on its way through a pipeline's strategies).
        var context = ResilienceContextPool.Shared.Get(_stopped);
        try
        {
            context.Properties.Set(BatchAdmissionStrategy.Key, item);
            var outcome = await _pipeline.ExecuteOutcomeAsync(static (context, item) => item.Owner.AttemptAsync(item, context), context, item).ConfigureAwait(false);
            if (outcome.Exception is { } failed)
            {
                ExceptionDispatchInfo.Throw(failed);
            }

            return outcome.Result;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The key of <paramref name="item"/> in a durable run whose codec gives keys; null otherwise.</summary>
    public string? KeyOf(ItemAttempts<TContext, TItem> item) => _attempt.KeyOf(item.Index, item.Item);

    /// <summary>Stops the gate's pause timer when the run ends.</summary>
    public void Dispose() => _adaptive?.Gate.Dispose();

    /// <summary>
    /// Waits for the batch to admit an attempt (the gate, the rate limiters), runs <paramref name="next"/> as the attempt
    /// (the rest of the pipeline, or the workflow), and reads its outcome for adaptive concurrency.
    /// </summary>
    public async ValueTask<Outcome<TResult>> AdmitAsync<TResult, TState>(
        ItemAttempts<TContext, TItem> item, Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> next, ResilienceContext context, TState state)
    {
        var cancellationToken = context.CancellationToken;
        long round = 0;
        if (_adaptive is not null)
        {
            try
            {
                round = await _adaptive.Gate.EnterAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException canceled)
            {
                return Outcome.FromException<TResult>(canceled);
            }
        }

        var signals = _adaptive is null ? null : new AttemptSignals(_adaptive, round, item);
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
                // Scoped to this async method: the attempt's steps see it, and it is gone when the attempt returns. (Not
                // set without a gate, so the steps of an inner batch that does not adapt still report to the outer attempt.)
                ThrottlingSignals.Current = signals;
            }

            var started = _time.GetTimestamp();
            item.FirstAttemptStarted ??= started;
            Outcome<TResult> outcome;
            item.Admitted = true;
            try
            {
                outcome = await next(context, state).ConfigureAwait(false);
            }
            finally
            {
                item.Admitted = false;
            }

            if (outcome.Exception is { } failed)
            {
                return Failed<TResult>(failed, signals);
            }

            if (signals?.ReaderFailure is { } readerFailure)
            {
                return Outcome.FromException<TResult>(readerFailure); // a step's retry went past it: the attempt still fails with it
            }

            signal = _adaptive?.LatencyThreshold is { } threshold && _time.GetElapsedTime(started) > threshold
                ? ConcurrencyGate.Signal.Throttled
                : ConcurrencyGate.Signal.Success;
            return outcome;
        }
        catch (Exception ex)
        {
            if (ex is not OperationCanceledException)
            {
                item.Begin(); // a refused permit is an attempt, that failed; a canceled wait for one is none
                item.FirstAttemptStarted ??= _time.GetTimestamp();
            }

            return Failed<TResult>(ex, signals);
        }
        finally
        {
            itemLease?.Dispose();
            batchLease?.Dispose();
            signals?.End(signal);
        }
    }

    /// <summary>An attempt's failure, read for adaptive concurrency; a reader's error is the attempt's, whatever else failed.</summary>
    private static Outcome<TResult> Failed<TResult>(Exception exception, AttemptSignals? signals)
    {
        if (signals is not null)
        {
            try
            {
                signals.Observe(exception);
            }
            catch (InvalidOperationException readerFailed)
            {
                return Outcome.FromException<TResult>(readerFailed);
            }

            if (signals.ReaderFailure is { } readerFailure)
            {
                return Outcome.FromException<TResult>(readerFailure);
            }
        }

        return Outcome.FromException<TResult>(exception);
    }

    /// <summary>One attempt: admitted here, unless a strategy in the pipeline admitted it already.</summary>
    private ValueTask<Outcome<NodeAction>> AttemptAsync(ItemAttempts<TContext, TItem> item, ResilienceContext context) =>
        item.Admitted
            ? RunWorkflowAsync(item, context.CancellationToken)
            : AdmitAsync(item, static (context, item) => item.Owner.RunWorkflowAsync(item, context.CancellationToken), context, item);

    /// <summary>
    /// One attempt of the workflow on a fresh item context (none once the run stopped); the pipeline sees what the failing
    /// step threw.
    /// </summary>
    private async ValueTask<Outcome<NodeAction>> RunWorkflowAsync(ItemAttempts<TContext, TItem> item, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Outcome.FromException<NodeAction>(new OperationCanceledException(cancellationToken)); // admitted as the run stopped
        }

        item.Begin(); // where an attempt really starts, however the pipeline retries around the admission

        TContext context;
        try
        {
            context = _parent.CreateItemContext(item.Item);
        }
        catch (Exception ex)
        {
            return Outcome.FromException<NodeAction>(ex);
        }

        item.Context = context;
        try
        {
            return Outcome.FromResult(await _attempt.RunAsync(context, item.Index, item.Item, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            item.StepFailure = ex;
            return Outcome.FromException<NodeAction>(NodeFailedException.ThrownByStep(ex));
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

using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.RateLimiting;
using Polly;

namespace Floxide;

/// <summary>
/// Runs an item through what <see cref="BatchOptions"/> wrap around it: the resilience pipeline, and
/// per attempt the rate limiters, the adaptive concurrency gate and a fresh item context; and with a cancellation grace
/// period too, each item's own stop. Built once per run, and only when a pipeline, a limiter or adaptive concurrency is
/// set, so a batch without them (a grace period alone included) runs the plain loop.
/// </summary>
internal sealed class ItemResilience<TContext, TItem> : IDisposable
    where TContext : IBatchContext<TContext, TItem>
{
    private readonly TContext _parent;
    private readonly AttemptRunner<TContext, TItem> _attempt;
    private readonly ResiliencePipeline _pipeline;
    private readonly RateLimiter? _batchLimiter;
    private readonly PartitionedRateLimiter<TItem>? _itemLimiter;
    private readonly Func<TItem, int>? _itemPermitCount;
    private readonly AdaptiveBatch? _adaptive;

    // The adaptive gate, or with an item limiter a fixed one at the limit (the loop then runs more workers than the limit,
    // for items waiting for a permit); null otherwise, and nothing gates attempts but the loop's workers.
    private readonly ConcurrencyGate? _gate;
    private readonly PermitWaits? _waits;
    private readonly TimeProvider _time;
    private readonly BatchStop _stop;
    private readonly bool _graceful; // the stop's, read once: a run without a grace period pays nothing per item for it
    private readonly CancellationToken _itemToken;
    private readonly string? _singleStepId; // the item workflow's id when it is one step, not a workflow

    private ItemResilience(BatchNode<TContext, TItem> node, TContext parent, BatchStop stop, BatchCounts counts, PermitWaits? waits)
    {
        var options = node.Options;
        _parent = parent;
        _attempt = new AttemptRunner<TContext, TItem>(node);
        _pipeline = options.ResiliencePipeline is { } pipeline ? GeneratedResilience.On(pipeline, options.TimeProvider) : ResiliencePipeline.Empty;
        _batchLimiter = options.RateLimiter is { } limiter ? GeneratedResilience.OnClock(limiter, options.TimeProvider) : null;
        _itemLimiter = node.ItemRateLimiter;
        _singleStepId = CanceledSteps.SingleStepId(node.ItemWorkflow);
        _itemPermitCount = _itemLimiter is null ? null : node.ItemPermitCount; // ignored without the limiter
        _adaptive = options.AdaptiveConcurrency is { } adaptive ? new AdaptiveBatch(adaptive, options, counts, node.Logger, node.Id, stop) : null;
        _gate = _adaptive?.Gate ?? (_itemLimiter is null ? null : ConcurrencyGate.Fixed(options.MaxDegreeOfParallelism, counts, options.TimeProvider));
        _waits = waits;
        _time = options.TimeProvider;
        _stop = stop;
        _graceful = stop.HasGracePeriod;
        _itemToken = stop.ItemToken;
    }

    /// <summary>Returns the run's resilience, or null when the node's options ask for none.</summary>
    /// <param name="node">The batch node.</param>
    /// <param name="parent">The batch context items are created from.</param>
    /// <param name="stop">
    /// The run's stops: what an item waits for before its next attempt (a retry's delay, a permit, the gate) ends when the
    /// run halts; an attempt in flight sees the halt at once or, with a grace period, when the period ends, and its item
    /// retries no more (see <see cref="GracefulAttempts"/>).
    /// </param>
    /// <param name="counts">The run's counts, where the gate shows its level.</param>
    /// <param name="waits">With an item limiter, what lets an item wait for its permit without holding a worker.</param>
    public static ItemResilience<TContext, TItem>? For(
        BatchNode<TContext, TItem> node, TContext parent, BatchStop stop, BatchCounts counts, PermitWaits? waits)
    {
        // Not for a grace period alone: with nothing to wait for between attempts, the plain loop keeps an item from starting
        // once halted, and its one attempt runs on the stop's item token.
        var options = node.Options;
        return options.ResiliencePipeline is null && options.RateLimiter is null && node.ItemRateLimiter is null && options.AdaptiveConcurrency is null
            ? null
            : new ItemResilience<TContext, TItem>(node, parent, stop, counts, waits);
    }

    /// <summary>Runs the item to its last attempt; <see cref="ItemAttempts{TContext, TItem}"/> then says what happened.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // once per item that awaits: reuse the box
    public async ValueTask<NodeAction> RunAsync(ItemAttempts<TContext, TItem> item)
    {
        if (_itemPermitCount is not null)
        {
            // Once per item, outside its pipeline: a count (an LLM request's tokens, say) may cost a tokenizer's pass, and
            // one that throws or is negative fails the item before any attempt, rather than every attempt a retry makes.
            item.Permits = PermitCount(item);
        }

        // With a grace period the item's pipeline runs on a token of its own, which tells its waits from its attempts.
        GracefulAttempts? grace = null;
        var token = _itemToken;
        if (_graceful)
        {
            grace = item.Grace = new GracefulAttempts(_stop);
            token = grace.Token;
        }

        // The item's own context, so an AddBatchAdmission() strategy in the pipeline finds its admission (not the state:
        // Polly wraps it on its way through a pipeline's strategies).
        var context = ResilienceContextPool.Shared.Get(token);
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
            grace?.Dispose();
        }
    }

    /// <summary>The key of <paramref name="item"/> in a durable run whose codec gives keys; null otherwise.</summary>
    public string? KeyOf(ItemAttempts<TContext, TItem> item) => _attempt.KeyOf(item.Index, item.Item);

    /// <summary>The step an attempt's cancellation came out of (<see cref="CanceledSteps.StepOf"/>).</summary>
    public string? CanceledStepOf(OperationCanceledException canceled) => CanceledSteps.StepOf(canceled, _singleStepId);

    /// <summary>Stops the gate's pause timer when the run ends.</summary>
    public void Dispose() => _gate?.Dispose();

    /// <summary>
    /// Waits for the batch to admit an attempt (the gate, the rate limiters), runs <paramref name="next"/> as the attempt
    /// (the rest of the pipeline, or the workflow), and reads its outcome for adaptive concurrency.
    /// </summary>
    /// <remarks>
    /// With an item limiter, the attempt takes a slot of the gate, then asks its partition for a permit without waiting.
    /// Refused for now, it leaves the gate and waits for the permit holding no slot (and, while few enough wait, no worker:
    /// <see cref="PermitWaits"/>), so a slow partition does not hold the batch's other partitions; permit in hand, it
    /// enters the gate again ahead of attempts that hold none. It never waits for a slot holding a permit it could have
    /// done without, which would keep the permit from other batches sharing the limiter (for a 60 s pause, say). The
    /// batch's own limiter comes after the permit: it limits every item alike, so waiting for it holds the slot, as ever,
    /// and a permit of a rate it took is never given back unused while the item waits for its partition.
    /// </remarks>
    public async ValueTask<Outcome<TResult>> AdmitAsync<TResult, TState>(
        ItemAttempts<TContext, TItem> item, Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> next, ResilienceContext context, TState state)
    {
        var cancellationToken = context.CancellationToken;
        var gate = _gate;
        long round = 0;
        var inGate = false;
        AttemptSignals? signals = null;
        AttemptSignals? waitedOutside = null;
        var signal = ConcurrencyGate.Signal.Neutral;
        RateLimitLease? batchLease = null;
        RateLimitLease? itemLease = null;
        try
        {
            if (gate is not null)
            {
                round = await gate.EnterAsync(cancellationToken).ConfigureAwait(false);
                inGate = true;
                if (_itemLimiter is not null)
                {
                    var permits = item.Permits;
                    itemLease = TryAcquire(item, permits);
                    if (!itemLease.IsAcquired)
                    {
                        var refused = itemLease;
                        itemLease = null; // first: a refusal that throws as it is given back is not given back again below
                        refused.Dispose();
                        inGate = false;
                        gate.Exit(round, ConcurrencyGate.Signal.Neutral); // no attempt ran: the level neither rises nor falls
                        waitedOutside = _adaptive is null ? null : new AttemptSignals(_adaptive, round, item); // a refusal still signals
                        (itemLease, var waited) = await WaitForPermitAsync(item, permits, cancellationToken).ConfigureAwait(false);
                        waitedOutside = null;

                        // In the gate's queue before going on elsewhere: a permit a release granted inline queues for the slot
                        // the releasing attempt is about to leave, ahead of attempts holding none, as it waits for no slot
                        // holding a permit it could have done without. Queued, it goes on when admitted, off any stack.
                        var entering = gate.EnterAsync(holdsPermit: true, cancellationToken);
                        var enteredAtOnce = entering.IsCompleted;
                        round = await entering.ConfigureAwait(false);
                        inGate = true;
                        if (waited && enteredAtOnce)
                        {
                            await PermitGrant.LeaveReleasingStack(); // a limiter of the user's may have granted it inline
                        }
                    }
                }
            }

            // Scoped to the attempt in the gate: it is what the gate's exit reads.
            signals = _adaptive is null ? null : new AttemptSignals(_adaptive, round, item);
            if (_batchLimiter is not null)
            {
                batchLease = Granted(await PermitGrant.AcquireAsync(_batchLimiter, 1, cancellationToken).ConfigureAwait(false), "BatchOptions.RateLimiter");
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
            catch (Exception ex)
            {
                // A strategy of the user's after the admission that throws rather than return its outcome: the attempt's
                // failure all the same, counted once, where it started (the catch below is for the waits before it).
                outcome = Outcome.FromException<TResult>(ex);
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
        catch (OperationCanceledException canceled)
        {
            // A wait to be admitted ended (the batch's stop, or the item's own timeout outside the admission): no attempt,
            // and nothing the service said, so no reader hears of it, as none does of a wait for the gate.
            return Outcome.FromException<TResult>(canceled);
        }
        catch (Exception ex)
        {
            item.Begin(); // a refused permit is an attempt, that failed
            item.FirstAttemptStarted ??= _time.GetTimestamp();

            // Refused while it waited outside the gate, the attempt has no slot to leave, but the refusal is still read.
            return Failed<TResult>(ex, signals ?? waitedOutside);
        }
        finally
        {
            // A lease of the user's limiter that throws when given back must not keep the other, nor the slot; the leases go
            // first, so a permit they grant inline queues for the slot rather than taking it. The last throw is the item's.
            var released = Release(itemLease, null);
            released = Release(batchLease, released);
            if (signals is not null)
            {
                signals.End(signal);
            }
            else if (inGate)
            {
                gate!.Exit(round, ConcurrencyGate.Signal.Neutral);
            }

            released?.Throw();
        }
    }

    /// <summary>Gives <paramref name="lease"/> back; what that throws, else <paramref name="failed"/>.</summary>
    private static ExceptionDispatchInfo? Release(RateLimitLease? lease, ExceptionDispatchInfo? failed)
    {
        try
        {
            lease?.Dispose();
            return failed;
        }
        catch (Exception ex)
        {
            return ExceptionDispatchInfo.Capture(ex);
        }
    }

    /// <summary>
    /// Waits, outside the gate, for the item's permit; while fewer than <see cref="PermitWaits.Size"/> items wait, its worker
    /// counts no more against the limit, so the loop hands work to another.
    /// </summary>
    private async ValueTask<(RateLimitLease Lease, bool Waited)> WaitForPermitAsync(ItemAttempts<TContext, TItem> item, int permits, CancellationToken cancellationToken)
    {
        var freed = _waits?.TryWait() == true;
        try
        {
            // Not off the releasing stack here: the caller first queues for the gate (AdmitAsync), then goes on elsewhere.
            var acquiring = _itemLimiter!.AcquireAsync(item.Item, permits, cancellationToken);
            var waited = !acquiring.IsCompleted;
            return (Granted(await acquiring.ConfigureAwait(false), "BatchNode.ItemRateLimiter"), waited);
        }
        finally
        {
            if (freed)
            {
                _waits!.Permitted();
            }
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
        // Admitted as the run stopped. The halt is read too: a grant that completes inline on the caller's cancellation
        // (a limiter's) comes here before the run's own token is canceled (with a grace period, TryStart reads it below).
        if (cancellationToken.IsCancellationRequested || (item.Grace is null && _stop.IsHalted))
        {
            return Outcome.FromException<NodeAction>(new OperationCanceledException(cancellationToken));
        }

        TContext context;
        try
        {
            context = _parent.CreateItemContext(item.Item);
        }
        catch (Exception ex)
        {
            if (_stop.IsHalted)
            {
                // Made as the run halted: no attempt starts, whatever the factory threw (as in the plain loop).
                return Outcome.FromException<NodeAction>(new OperationCanceledException(cancellationToken));
            }

            item.Begin(); // an attempt, that failed
            return Outcome.FromException<NodeAction>(ex);
        }

        if (item.Grace?.TryStart() == false)
        {
            // Canceled while it was admitted or its context made: no attempt starts (the item's token is canceled now).
            return Outcome.FromException<NodeAction>(new OperationCanceledException(item.Grace.Token));
        }

        item.Begin(); // where an attempt really starts, however the pipeline retries around the admission
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
        finally
        {
            item.Grace?.Ended(); // halted while it ran: its pipeline now sees the cancellation, and retries no more
        }
    }

    /// <summary>
    /// How many permits of the item limiter each attempt of <paramref name="item"/> takes: what
    /// <see cref="BatchNode{TContext, TItem}.ItemPermitCount"/> says, 0 or more (its error, and a negative count, fail the item).
    /// </summary>
    private int PermitCount(ItemAttempts<TContext, TItem> item)
    {
        int permits;
        try
        {
            permits = _itemPermitCount!(item.Item);
        }
        catch (Exception) when (_stop.IsHalted)
        {
            // Asked as the run halted: no attempt starts, whatever the count threw (as for the context factory's).
            throw new OperationCanceledException(_itemToken);
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"BatchNode.ItemPermitCount threw for the item at input position {item.Index}: {ex.Message}"), ex);
        }

        return permits >= 0
            ? permits
            : throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"BatchNode.ItemPermitCount gave {permits} permits for the item at input position {item.Index}; a count of permits is 0 or more."));
    }

    /// <summary>Asks the item's partition for <paramref name="permits"/> without waiting; a count it can never grant fails the attempt, naming it.</summary>
    private RateLimitLease TryAcquire(ItemAttempts<TContext, TItem> item, int permits)
    {
        try
        {
            return _itemLimiter!.AttemptAcquire(item.Item, permits);
        }
        catch (ArgumentOutOfRangeException ex) when (_itemPermitCount is not null)
        {
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"BatchNode.ItemRateLimiter cannot grant the {permits} permits BatchNode.ItemPermitCount gave for the item at input position {item.Index}: {ex.Message}"), ex);
        }
    }

    /// <summary>
    /// Returns <paramref name="lease"/> if it grants the permit; else gives it back and throws its refusal, naming
    /// <paramref name="limiter"/>. The refusal is given back however reading its Retry-After ends: a limiter of the
    /// user's may keep a value of another type there (the cast throws), and a lease never given back may keep a queue's place.
    /// </summary>
    private static RateLimitLease Granted(RateLimitLease lease, string limiter)
    {
        if (lease.IsAcquired)
        {
            return lease;
        }

        Exception refusal;
        try
        {
            refusal = RateLimitRejectedException.Refusal(lease, limiter);
        }
        finally
        {
            lease.Dispose(); // what that throws is the item's, as when a lease is given back after its attempt
        }

        throw refusal;
    }
}

using Polly;
using Polly.Timeout;

namespace Floxide;

/// <summary>
/// One item's way through its resilience pipeline: what the engine records when the pipeline is done.
/// Each attempt overwrites it, so it describes the last attempt. It is also the item's admission, which an
/// <c>AddBatchAdmission()</c> strategy in the pipeline calls.
/// </summary>
internal sealed class ItemAttempts<TContext, TItem>(ItemResilience<TContext, TItem> owner, TItem item, long index) : IAttemptAdmission, ILoggedItem
    where TContext : IBatchContext<TContext, TItem>
{
    public ItemResilience<TContext, TItem> Owner { get; } = owner;

    public TItem Item { get; } = item;

    public long Index { get; } = index;

    /// <summary>Gets or sets the item's own stop, in a run with a cancellation grace period; null otherwise.</summary>
    public GracefulAttempts? Grace { get; set; }

    /// <summary>Gets or sets how many permits of the item limiter each attempt takes: asked once, before the first.</summary>
    public int Permits { get; set; } = 1;

    /// <summary>Gets or sets whether the current attempt was admitted (by a strategy in the pipeline, or by the engine).</summary>
    public bool Admitted { get; set; }

    /// <summary>Gets or sets how many attempts started: reached the workflow, or were refused a permit.</summary>
    public int Count { get; set; }

    /// <summary>
    /// Gets or sets when the first attempt started, on the batch's clock: admitted (past the gate, the permits and any
    /// pause), or refused a permit. The item's duration runs from there, so the wait for a first turn is not its work.
    /// Null until then.
    /// </summary>
    public long? FirstAttemptStarted { get; set; }

    /// <summary>Gets or sets the last attempt's item context; null when it did not get one.</summary>
    public TContext? Context { get; set; }

    /// <summary>
    /// Gets or sets what the last attempt's workflow threw, as the engine records it (a workflow's
    /// <see cref="NodeFailedException"/>, or a single node's own exception); null when the attempt
    /// failed before its workflow ran (a refused permit, the context factory) or did not fail.
    /// </summary>
    public Exception? StepFailure { get; set; }

    /// <summary>
    /// Returns what to record for <paramref name="thrown"/>, the exception the pipeline ended with, and
    /// whether a step threw it (the pipeline saw the step's own exception, unwrapped). The item's own timeout, which
    /// canceled a step, is recorded as a failure of that step, so the result and the log name it: only when the cancellation
    /// the timeout turned into its error (Polly keeps it as the inner exception) is the step's. A timeout that ended a
    /// retry's delay, or a wait for a permit, stopped no step, though the attempt before ended with a step's cancellation.
    /// </summary>
    public Exception Recorded(Exception thrown, out Exception? fromStep)
    {
        if (StepFailure is { } failure && (ReferenceEquals(thrown, failure) || ReferenceEquals(thrown, failure.InnerException)))
        {
            fromStep = failure;
            return failure;
        }

        if (thrown is TimeoutRejectedException && StepFailure is OperationCanceledException canceled && ReferenceEquals(thrown.InnerException, canceled)
            && Owner.CanceledStepOf(canceled) is { } step)
        {
            fromStep = new NodeFailedException(step, thrown);
            return fromStep;
        }

        fromStep = null;
        return thrown;
    }

    /// <inheritdoc/>
    public string? Key() => Owner.KeyOf(this);

    /// <summary>Begins an attempt: counted, with no context or step failure yet.</summary>
    public void Begin()
    {
        Count++;
        Context = default;
        StepFailure = null;
    }

    /// <inheritdoc/>
    public ValueTask<Outcome<TResult>> AdmitAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> next, ResilienceContext context, TState state) =>
        Owner.AdmitAsync(this, next, context, state);
}

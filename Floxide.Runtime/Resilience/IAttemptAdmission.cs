using Polly;

namespace Floxide;

/// <summary>
/// Where an item's attempt is admitted by its batch (the adaptive gate, the rate limiters) and its throttling signals are
/// read: set on the item's <see cref="ResilienceContext"/>, for a <c>AddBatchAdmission()</c> strategy to call.
/// </summary>
internal interface IAttemptAdmission
{
    /// <summary>Gets whether the current attempt was admitted already (a second admission strategy passes through).</summary>
    bool Admitted { get; }

    /// <summary>Waits for the batch to admit an attempt, runs <paramref name="next"/> as that attempt, and reads its outcome.</summary>
    ValueTask<Outcome<TResult>> AdmitAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> next, ResilienceContext context, TState state);
}

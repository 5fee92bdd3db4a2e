using Polly;

namespace Floxide;

/// <summary>
/// Admits each attempt of a batch item where it stands in the pipeline (<see cref="FloxideResiliencePipelineBuilderExtensions.AddBatchAdmission{TBuilder}"/>);
/// anywhere but an item's pipeline, it passes executions through.
/// </summary>
internal sealed class BatchAdmissionStrategy : ResilienceStrategy
{
    /// <summary>The key an item's resilience context holds its admission under.</summary>
    public static readonly ResiliencePropertyKey<IAttemptAdmission> Key = new("Floxide.BatchAdmission");

    protected override ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state) =>
        context.Properties.TryGetValue(Key, out var admission) && !admission.Admitted
            ? admission.AdmitAsync(callback, context, state)
            : callback(context, state);
}

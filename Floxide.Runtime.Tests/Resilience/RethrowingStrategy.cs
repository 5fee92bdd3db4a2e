using Polly;

namespace Floxide.Runtime.Tests.Resilience;

/// <summary>
/// A strategy of the user's that throws what its callback failed with rather than return it as an outcome (Polly's own
/// strategies return it; nothing makes a custom one): placed after <c>AddBatchAdmission()</c>, its throw is the attempt's.
/// </summary>
internal sealed class RethrowingStrategy : ResilienceStrategy
{
    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
    {
        var outcome = await callback(context, state).ConfigureAwait(false);
        outcome.ThrowIfException();
        return outcome;
    }
}

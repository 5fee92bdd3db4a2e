using System.Runtime.CompilerServices;
using Polly;

namespace Floxide;

/// <summary>
/// A Polly strategy that reports each execution's exception to the adaptive batch attempt it runs in
/// (<see cref="ThrottlingSignals.Current"/>), so a retry outside it cannot hide a throttled call from the batch.
/// Outside an adaptive batch's attempt it passes outcomes through.
/// </summary>
internal sealed class ThrottlingSignalStrategy : ResilienceStrategy
{
    protected override ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
    {
        var pending = callback(context, state);
        return pending.IsCompletedSuccessfully ? new(Reported(pending.Result)) : ReportedAsync(pending, context.ContinueOnCapturedContext);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // once per step call that awaits: reuse the box
    private static async ValueTask<Outcome<TResult>> ReportedAsync<TResult>(ValueTask<Outcome<TResult>> pending, bool continueOnCapturedContext) =>
        Reported(await pending.ConfigureAwait(continueOnCapturedContext));

    private static Outcome<TResult> Reported<TResult>(Outcome<TResult> outcome)
    {
        if (outcome.Exception is { } exception)
        {
            try
            {
                ThrottlingSignals.Report(exception);
            }
            catch (InvalidOperationException readerFailed)
            {
                return Outcome.FromException<TResult>(readerFailed); // a user's reader threw: the execution fails with it
            }
        }

        return outcome;
    }
}

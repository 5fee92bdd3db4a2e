using System.Threading.RateLimiting;
using Polly;

namespace Floxide;

/// <summary>A Polly strategy that takes a permit from a rate limiter before each execution and holds it while it runs.</summary>
internal sealed class RateLimitStrategy(RateLimiter limiter, string name) : ResilienceStrategy
{
    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
    {
        RateLimitLease lease;
        try
        {
            lease = await PermitGrant.AcquireAsync(limiter, 1, context.CancellationToken, context.ContinueOnCapturedContext)
                .ConfigureAwait(context.ContinueOnCapturedContext);
        }
        catch (OperationCanceledException canceled)
        {
            return Outcome.FromException<TResult>(canceled);
        }

        using (lease)
        {
            if (!lease.IsAcquired)
            {
                return Outcome.FromException<TResult>(RateLimitRejectedException.Refusal(lease, name));
            }

            // A grant and the token's cancellation race: a run that ends as its batch is canceled hands its permit to a
            // queued one whose own cancellation has not run yet (its token may be an item's own, linked to the batch's).
            // That run must start nothing; the permit goes back.
            if (context.CancellationToken.IsCancellationRequested || CurrentBatch.AttemptsStopped)
            {
                return Outcome.FromException<TResult>(new OperationCanceledException(context.CancellationToken));
            }

            return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        }
    }
}

using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;

namespace Floxide;

/// <summary>
/// Where a run waiting for a rate limiter's permit goes on once granted: off the stack of the thread that gave a permit
/// back. A limiter of the user's may grant inline, its release running the waiter's continuation before it returns (the
/// built-in limiters complete asynchronously); run there, the waiter's own release would run the next waiter deeper on
/// the same stack, one nested run per waiter (up to the batch's limit of them, enough to overflow a stack), and the
/// releasing worker would wait under them all. A stack check (as Task's own inlining makes) would stop the overflow, not
/// the nesting nor the wait; going on elsewhere after every wait keeps one run per stack. Only after a wait, so a
/// permit granted at once costs nothing more, and a batch without a limiter never comes here. An item's partition permit
/// first queues for the gate's slot, still on the releasing stack, so it goes ahead of attempts that hold none.
/// </summary>
internal static class PermitGrant
{
    /// <summary>
    /// Acquires <paramref name="permits"/> of <paramref name="limiter"/>: at once when it grants (or refuses) at once, else
    /// once granted, off the releasing stack.
    /// </summary>
    /// <param name="limiter">The limiter.</param>
    /// <param name="permits">How many permits.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <param name="continueOnCapturedContext">Whether to go on on the context captured, as the pipeline's other awaits do.</param>
    /// <returns>The lease, granted or refused.</returns>
    public static ValueTask<RateLimitLease> AcquireAsync(RateLimiter limiter, int permits, CancellationToken cancellationToken, bool continueOnCapturedContext = false)
    {
        var acquiring = limiter.AcquireAsync(permits, cancellationToken);
        return acquiring.IsCompleted ? acquiring : AfterWaitAsync(acquiring, continueOnCapturedContext);

        static async ValueTask<RateLimitLease> AfterWaitAsync(ValueTask<RateLimitLease> acquiring, bool continueOnCapturedContext)
        {
            var lease = await acquiring.ConfigureAwait(continueOnCapturedContext);
            await LeaveReleasingStack(continueOnCapturedContext); // a limiter of the user's may have granted it inline
            return lease;
        }
    }

    /// <summary>An await that goes on on the thread pool (or on the captured context, when asked), never inline.</summary>
    /// <param name="continueOnCapturedContext">Whether to go on on the context captured, as the pipeline's other awaits do.</param>
    public static ConfiguredTaskAwaitable LeaveReleasingStack(bool continueOnCapturedContext = false) =>
        Task.CompletedTask.ConfigureAwait(continueOnCapturedContext
            ? ConfigureAwaitOptions.ForceYielding | ConfigureAwaitOptions.ContinueOnCapturedContext
            : ConfigureAwaitOptions.ForceYielding);
}

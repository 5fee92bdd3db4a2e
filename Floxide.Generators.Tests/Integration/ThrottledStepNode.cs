using System.Net;

namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// A step with a declared retry of 30 s between attempts, whose first attempt is throttled with a 5 s Retry-After, its
/// second refused a permit that frees in 2 s, and its third succeeds.
/// </summary>
[Node]
[Retry(MaxAttempts = 3, DelayMs = 30_000, Backoff = RetryBackoff.Constant, Jitter = false)]
public partial class ThrottledStepNode
{
    private int _runs;

    /// <summary>Gets how many attempts started.</summary>
    public int Runs => Volatile.Read(ref _runs);

    public void Process(RetryBatch context)
    {
        switch (Interlocked.Increment(ref _runs))
        {
            case 1:
                throw new ThrottledResponseException(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(5), null);
            case 2:
                throw new RateLimitRejectedException("quota", TimeSpan.FromSeconds(2));
        }

        context.Written = context.Item;
    }
}

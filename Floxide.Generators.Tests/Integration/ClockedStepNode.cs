namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// A step whose retry waits 30 s and whose attempts time out after 2 min: its first attempt waits on its token until the
/// timeout cancels it, its second returns.
/// </summary>
[Node]
[Retry(MaxAttempts = 2, DelayMs = 30_000, Backoff = RetryBackoff.Constant, Jitter = false)]
[Timeout(Ms = 120_000)]
public partial class ClockedStepNode
{
    private int _runs;

    /// <summary>Gets how many attempts started.</summary>
    public int Runs => Volatile.Read(ref _runs);

    public async Task ProcessAsync(RetryBatch context, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _runs) == 1)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        context.Written = context.Item;
    }
}

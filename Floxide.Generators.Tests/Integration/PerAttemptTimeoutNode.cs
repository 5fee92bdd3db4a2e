namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// A step with [Retry] and [Timeout]: its first two attempts wait on their token until it is canceled, the third returns.
/// The timeout sits inside the retry, so each attempt has its own; one timeout around all of them would end the run at
/// the first.
/// </summary>
[Node]
[Retry(MaxAttempts = 3, DelayMs = 0)]
[Timeout(Ms = 50)]
public partial class PerAttemptTimeoutNode
{
    /// <summary>How many attempts started (one after another: a step's attempts never overlap).</summary>
    public int Runs { get; private set; }

    public async Task ProcessAsync(RetryBatch context, CancellationToken cancellationToken)
    {
        if (++Runs < 3)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        context.Written++;
    }
}

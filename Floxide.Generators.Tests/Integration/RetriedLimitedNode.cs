namespace Floxide.Generators.Tests.Integration;

/// <summary>A step limited to one run at a time whose retry waits a minute between attempts.</summary>
[Node]
[Retry(MaxAttempts = 2, DelayMs = 60_000, Backoff = RetryBackoff.Constant, Jitter = false)]
[ConcurrencyLimit(PermitLimit = 1)]
public partial class RetriedLimitedNode
{
    public Task ProcessAsync(GatedBatch context, CancellationToken cancellationToken) => context.Step(context, cancellationToken);
}

namespace Floxide.Generators.Tests.Integration;

/// <summary>A step with a bare [Retry] (every exception but the run's cancellation) around an <see cref="InlineReleasedCall"/>.</summary>
[Node]
[Retry(MaxAttempts = 3, DelayMs = 0)]
public partial class InlineCanceledCallNode(InlineReleasedCall call)
{
    public Task ProcessAsync(RetryBatch context, CancellationToken cancellationToken) => call.RunAsync();
}

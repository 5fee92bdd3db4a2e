namespace Floxide.Generators.Tests.Integration;

/// <summary>A step whose [Retry] names a cancellation's type in On, around an <see cref="InlineReleasedCall"/>.</summary>
[Node]
[Retry(MaxAttempts = 3, DelayMs = 0, On = new[] { typeof(TaskCanceledException) })]
public partial class InlineCanceledOnCallNode(InlineReleasedCall call)
{
    public Task ProcessAsync(RetryBatch context, CancellationToken cancellationToken) => call.RunAsync();
}

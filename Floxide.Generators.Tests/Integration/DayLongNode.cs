namespace Floxide.Generators.Tests.Integration;

/// <summary>A step-level retry delay and timeout of exactly one day, the most Polly accepts: built in the node's static initialiser.</summary>
[Node]
[Retry(MaxAttempts = 2, DelayMs = 86_400_000)]
[Timeout(Ms = 86_400_000)]
public partial class DayLongNode
{
    public Task ProcessAsync(DayLongBatch context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        context.Doubled = context.Item * 2;
        return Task.CompletedTask;
    }
}

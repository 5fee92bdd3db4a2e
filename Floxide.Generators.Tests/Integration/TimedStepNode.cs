namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// A step-level [Timeout] over a process method that takes the token (what FLX0159's fix gives): the generated node passes
/// it the token the timeout cancels, so a run that would never end on its own is stopped.
/// </summary>
[Node]
[Timeout(Ms = 10)]
public partial class TimedStepNode
{
    public async Task ProcessAsync(RetryBatch context, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        context.Written++;
    }
}

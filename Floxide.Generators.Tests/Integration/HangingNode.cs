namespace Floxide.Generators.Tests.Integration;

/// <summary>A step that waits on its token until it is canceled.</summary>
[Node]
public partial class HangingNode
{
    public async Task ProcessAsync(HangBatch context, CancellationToken cancellationToken)
    {
        context.Hanging.Set();
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}

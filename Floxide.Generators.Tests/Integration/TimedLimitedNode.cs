namespace Floxide.Generators.Tests.Integration;

/// <summary>A step limited to one run at a time whose runs time out after a minute.</summary>
[Node]
[Timeout(Ms = 60_000)]
[ConcurrencyLimit(PermitLimit = 1)]
public partial class TimedLimitedNode
{
    public Task ProcessAsync(GatedBatch context, CancellationToken cancellationToken) => context.Step(context, cancellationToken);
}

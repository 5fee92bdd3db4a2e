namespace Floxide.Generators.Tests.Integration;

/// <summary>A step of which at most two runs are in flight at once in this process: the write after a wide fetch.</summary>
[Node]
[ConcurrencyLimit(PermitLimit = 2)]
public partial class PairLimitedNode
{
    public Task ProcessAsync(GatedBatch context, CancellationToken cancellationToken) => context.Step(context, cancellationToken);
}

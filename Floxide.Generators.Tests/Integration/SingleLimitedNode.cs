namespace Floxide.Generators.Tests.Integration;

/// <summary>A step of which one run at a time is in flight in this process.</summary>
[Node]
[ConcurrencyLimit(PermitLimit = 1)]
public partial class SingleLimitedNode
{
    public Task ProcessAsync(GatedBatch context, CancellationToken cancellationToken) => context.Step(context, cancellationToken);
}

namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// A synchronous step with a concurrency limit and nothing else: a workflow must run it through its adapter, whose
/// pipeline holds the limiter, not call Process directly.
/// </summary>
[Node]
[ConcurrencyLimit(PermitLimit = 1)]
public partial class SyncLimitedNode
{
    public void Process(GatedBatch context) => context.SyncStep(context);
}

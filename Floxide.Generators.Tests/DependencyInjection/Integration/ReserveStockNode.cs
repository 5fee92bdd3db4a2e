namespace Floxide.Generators.Tests.DependencyInjection.Integration;

/// <summary>A step with a step-level retry, which re-runs it inside the node's own run.</summary>
[Node(Id = "reserve")]
[Retry(MaxAttempts = 3, DelayMs = 0, Jitter = false)]
public sealed partial class ReserveStockNode(UnitOfWork work, ScopeProbe probe)
{
    public Task ProcessAsync(OrderBatch order, CancellationToken cancellationToken) =>
        probe.RunStepAsync(work, order.Order, "reserve", cancellationToken);
}

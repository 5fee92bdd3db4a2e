namespace Floxide.Generators.Tests.DependencyInjection.Integration;

/// <summary>A step that takes the scoped unit of work (the first of <see cref="OrderFlow"/>).</summary>
[Node(Id = "save")]
public sealed partial class SaveOrderNode(UnitOfWork work, ScopeProbe probe)
{
    public Task ProcessAsync(OrderBatch order, CancellationToken cancellationToken) =>
        probe.RunStepAsync(work, order.Order, "save", cancellationToken);
}

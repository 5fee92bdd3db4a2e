namespace Floxide.Generators.Tests.DependencyInjection.Integration;

/// <summary>The second step of <see cref="OrderFlow"/>, which takes the scoped unit of work too.</summary>
[Node(Id = "confirm")]
public sealed partial class ConfirmOrderNode(UnitOfWork work, ScopeProbe probe)
{
    public Task ProcessAsync(OrderBatch order, CancellationToken cancellationToken) =>
        probe.RunStepAsync(work, order.Order, "confirm", cancellationToken);
}

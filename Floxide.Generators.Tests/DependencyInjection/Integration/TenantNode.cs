namespace Floxide.Generators.Tests.DependencyInjection.Integration;

/// <summary>A hand-written node whose id comes from a scoped service, so it differs from one scope to the next.</summary>
public sealed class TenantNode(UnitOfWork work) : INode<OrderBatch>
{
    public string Id { get; } = $"tenant-{work.Number}";

    public ValueTask<NodeAction> RunAsync(OrderBatch context, CancellationToken cancellationToken) => new(NodeAction.Default);
}

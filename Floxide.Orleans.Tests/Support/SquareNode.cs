namespace Floxide.Orleans.Tests;

/// <summary>The item workflow, one instance per silo: reports to the probe, runs its hook, squares the item.</summary>
public sealed class SquareNode(string silo, ClusterProbe probe) : INode<SquareBatch>
{
    public const string NodeId = "square";

    public string Id => NodeId;

    public async ValueTask<NodeAction> RunAsync(SquareBatch context, CancellationToken cancellationToken)
    {
        using (probe.Enter(context, silo))
        {
            await probe.BeforeSquare(context.Number, silo, cancellationToken);
            context.Square = new Square { Number = context.Number, Value = (long)context.Number * context.Number, Silo = silo };
        }

        return NodeAction.Default;
    }
}

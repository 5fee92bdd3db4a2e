using Polly;

namespace Floxide;

/// <summary>A node whose every run goes through a resilience pipeline (<see cref="Node.WithResilience{TContext}"/>).</summary>
internal sealed class ResilientNode<TContext> : INode<TContext>
{
    private readonly INode<TContext> _node;
    private readonly ResiliencePipeline _pipeline;

    public ResilientNode(INode<TContext> node, ResiliencePipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(pipeline);
        _node = node;
        _pipeline = pipeline;
    }

    public string Id => _node.Id;

    public ValueTask<NodeAction> RunAsync(TContext context, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(static (state, token) => state.Node.RunAsync(state.Context, token), (Node: _node, Context: context), cancellationToken);
}

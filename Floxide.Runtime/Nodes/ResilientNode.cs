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

        // Innermost, so what the user's retry absorbs still reaches an adaptive batch (AddThrottlingSignals).
        _pipeline = new ResiliencePipelineBuilder().AddPipeline(pipeline).AddThrottlingSignals().Build();
    }

    public string Id => _node.Id;

    public ValueTask<NodeAction> RunAsync(TContext context, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(static (state, token) => state.Node.RunAsync(state.Context, token), (Node: _node, Context: context), cancellationToken);
}

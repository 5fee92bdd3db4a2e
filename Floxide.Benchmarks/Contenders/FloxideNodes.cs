using Floxide.Benchmarks.Scenarios;

namespace Floxide.Benchmarks.Contenders;

// The item workflows: single nodes, written the way the [Node] generator emits the adapter for
//     [Node] partial class ComputeNode { void Process(SequenceBatch ctx) => ctx.Output = Work.Compute(ctx.Work, ctx.Item); }
// (a synchronous Process returning nothing completes with NodeAction.Default and no allocation).

/// <summary>The synchronous work over an in-memory batch.</summary>
public sealed class SequenceComputeNode : INode<SequenceBatch>
{
    /// <inheritdoc/>
    public string Id => "compute";

    /// <inheritdoc/>
    public ValueTask<NodeAction> RunAsync(SequenceBatch context, CancellationToken cancellationToken)
    {
        context.Output = Work.Compute(context.Work, context.Item);
        return new(NodeAction.Default);
    }
}

/// <summary>The asynchronous (io) work over an in-memory batch.</summary>
public sealed class SequenceComputeAsyncNode : INode<SequenceBatch>
{
    /// <inheritdoc/>
    public string Id => "compute-async";

    /// <inheritdoc/>
    public async ValueTask<NodeAction> RunAsync(SequenceBatch context, CancellationToken cancellationToken)
    {
        context.Output = await Work.ComputeAsync(context.Work, context.Item, cancellationToken).ConfigureAwait(false);
        return NodeAction.Default;
    }
}

/// <summary>The synchronous work over a streamed batch.</summary>
public sealed class StreamComputeNode : INode<StreamBatch>
{
    /// <inheritdoc/>
    public string Id => "compute";

    /// <inheritdoc/>
    public ValueTask<NodeAction> RunAsync(StreamBatch context, CancellationToken cancellationToken)
    {
        context.Output = Work.Compute(context.Work, context.Item);
        return new(NodeAction.Default);
    }
}

/// <summary>The synchronous work over a streamed batch merged at the end.</summary>
public sealed class EndMergeStreamComputeNode : INode<EndMergeStreamBatch>
{
    /// <inheritdoc/>
    public string Id => "compute";

    /// <inheritdoc/>
    public ValueTask<NodeAction> RunAsync(EndMergeStreamBatch context, CancellationToken cancellationToken)
    {
        context.Output = Work.Compute(context.Work, context.Item);
        return new(NodeAction.Default);
    }
}

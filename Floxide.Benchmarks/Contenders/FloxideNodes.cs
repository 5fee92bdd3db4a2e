using Floxide.Benchmarks.Scenarios;

namespace Floxide.Benchmarks.Contenders;

// The item workflows: single [Node]s whose adapters the generator writes. A synchronous Process
// returning nothing completes with NodeAction.Default and no allocation.

/// <summary>The synchronous work over an in-memory batch.</summary>
[Node(Id = "compute")]
public sealed partial class SequenceComputeNode
{
    /// <summary>Does the item's work.</summary>
    /// <param name="context">The item context.</param>
    public void Process(SequenceBatch context) => context.Output = Work.Compute(context.Work, context.Item);
}

/// <summary>The asynchronous (io) work over an in-memory batch.</summary>
[Node(Id = "compute-async")]
public sealed partial class SequenceComputeAsyncNode
{
    /// <summary>Does the item's work.</summary>
    /// <param name="context">The item context.</param>
    /// <param name="cancellationToken">The batch's cancellation.</param>
    /// <returns>A task that completes with the work.</returns>
    public async ValueTask ProcessAsync(SequenceBatch context, CancellationToken cancellationToken) =>
        context.Output = await Work.ComputeAsync(context.Work, context.Item, cancellationToken).ConfigureAwait(false);
}

/// <summary>The synchronous work over a streamed batch.</summary>
[Node(Id = "compute")]
public sealed partial class StreamComputeNode
{
    /// <summary>Does the item's work.</summary>
    /// <param name="context">The item context.</param>
    public void Process(StreamBatch context) => context.Output = Work.Compute(context.Work, context.Item);
}

/// <summary>The synchronous work over a streamed batch merged at the end.</summary>
[Node(Id = "compute")]
public sealed partial class EndMergeStreamComputeNode
{
    /// <summary>Does the item's work.</summary>
    /// <param name="context">The item context.</param>
    public void Process(EndMergeStreamBatch context) => context.Output = Work.Compute(context.Work, context.Item);
}

/// <summary>The synchronous work over an in-memory batch merged at the end.</summary>
[Node(Id = "compute")]
public sealed partial class EndMergeSequenceComputeNode
{
    /// <summary>Does the item's work.</summary>
    /// <param name="context">The item context.</param>
    public void Process(EndMergeSequenceBatch context) => context.Output = Work.Compute(context.Work, context.Item);
}

/// <summary>The asynchronous (io) work over an in-memory batch merged at the end.</summary>
[Node(Id = "compute-async")]
public sealed partial class EndMergeSequenceComputeAsyncNode
{
    /// <summary>Does the item's work.</summary>
    /// <param name="context">The item context.</param>
    /// <param name="cancellationToken">The batch's cancellation.</param>
    /// <returns>A task that completes with the work.</returns>
    public async ValueTask ProcessAsync(EndMergeSequenceBatch context, CancellationToken cancellationToken) =>
        context.Output = await Work.ComputeAsync(context.Work, context.Item, cancellationToken).ConfigureAwait(false);
}

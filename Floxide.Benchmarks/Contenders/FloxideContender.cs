using Floxide.Benchmarks.Scenarios;

namespace Floxide.Benchmarks.Contenders;

/// <summary>
/// Floxide's generated batch node over a [BatchContext] context. The default contender merges as
/// results come (a plain <c>[BatchContext]</c>), like the other contenders, which keep only each
/// item's output; the keep-results variant holds every result and item context until the end, as
/// <c>[BatchContext(KeepResults = true)]</c> does for <c>LastBatch</c>.
/// </summary>
/// <param name="endMerge">Whether this is the variant that merges at the end.</param>
public sealed class FloxideContender(bool endMerge = false) : Contender
{
    private static readonly Lazy<double> ItemContextBytes = new(MeasureItemContextBytes);

    /// <inheritdoc/>
    public override string Key => endMerge ? "floxide_end_merge" : "floxide";

    /// <inheritdoc/>
    public override string Name => endMerge ? "Floxide, KeepResults = true" : "Floxide BatchNode";

    /// <inheritdoc/>
    public override bool Supports(Workload workload) => true;

    /// <summary>Gets the measured size of one item context: the allocation the design asks for and the figures exclude.</summary>
    public static double ItemContextSize => ItemContextBytes.Value;

    /// <inheritdoc/>
    public override PreparedRun Prepare(Workload workload, int parallelism)
    {
        var options = new BatchOptions { MaxDegreeOfParallelism = parallelism };
        if (workload.IsStream && endMerge)
        {
            var batch = new EndMergeStreamBatch
            {
                Items = ItemSource.Stream(workload.Count),
                Outputs = new List<long>(workload.Count),
                Work = workload.Spec,
            };
            var node = EndMergeStreamBatch.CreateBatchNode(new EndMergeStreamComputeNode(), options, "bench");
            return new PreparedRun(() => Run(node, batch, batch.Outputs), () => Sum(batch.Outputs));
        }
        else if (workload.IsStream)
        {
            var batch = new StreamBatch
            {
                Items = ItemSource.Stream(workload.Count),
                Outputs = new List<long>(workload.Count),
                Work = workload.Spec,
            };
            var node = StreamBatch.CreateBatchNode(new StreamComputeNode(), options, "bench");
            return new PreparedRun(() => Run(node, batch, batch.Outputs), () => Sum(batch.Outputs));
        }
        else if (endMerge)
        {
            var batch = new EndMergeSequenceBatch
            {
                Items = workload.Items!,
                Outputs = new List<long>(workload.Count),
                Work = workload.Spec,
            };
            INode<EndMergeSequenceBatch> work = workload.Spec.IsAsync ? new EndMergeSequenceComputeAsyncNode() : new EndMergeSequenceComputeNode();
            var node = EndMergeSequenceBatch.CreateBatchNode(work, options, "bench");
            return new PreparedRun(() => Run(node, batch, batch.Outputs), () => Sum(batch.Outputs));
        }
        else
        {
            var batch = new SequenceBatch
            {
                Items = workload.Items!,
                Outputs = new List<long>(workload.Count),
                Work = workload.Spec,
            };
            INode<SequenceBatch> work = workload.Spec.IsAsync ? new SequenceComputeAsyncNode() : new SequenceComputeNode();
            var node = SequenceBatch.CreateBatchNode(work, options, "bench");
            return new PreparedRun(() => Run(node, batch, batch.Outputs), () => Sum(batch.Outputs));
        }
    }

    // A prepared run may be run again (BenchmarkDotNet does): clearing a List<long> only resets its count.
    private static Task Run<TContext>(BatchNode<TContext, int> node, TContext batch, List<long> outputs)
        where TContext : IBatchContext<TContext, int>
    {
        outputs.Clear();
        return node.RunBatchAsync(batch);
    }

    /// <inheritdoc/>
    public override long ExcludedBytes(int itemCount) => (long)Math.Round(itemCount * ItemContextSize);

    private static long Sum(List<long> outputs)
    {
        long sum = 0;
        foreach (var output in outputs)
        {
            sum = unchecked(sum + output);
        }

        return sum;
    }

    // Measured, not computed: allocate many item contexts on this thread through the same factory
    // the engine calls and divide. Both context classes have the same fields; the larger wins.
    private static double MeasureItemContextBytes()
    {
        const int Count = 100_000;
        var sequenceParent = new SequenceBatch { Work = new WorkSpec(ScenarioKind.Trivial, 0, TimeSpan.Zero) };
        var streamParent = new EndMergeStreamBatch { Work = sequenceParent.Work };
        var keep = new object[Count];
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Count; i++)
        {
            keep[i] = ((IBatchContext<SequenceBatch, int>)sequenceParent).CreateItemContext(i);
        }

        var sequence = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Count;
        before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Count; i++)
        {
            keep[i] = ((IBatchContext<EndMergeStreamBatch, int>)streamParent).CreateItemContext(i);
        }

        var stream = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Count;
        GC.KeepAlive(keep);
        return Math.Max(sequence, stream);
    }
}

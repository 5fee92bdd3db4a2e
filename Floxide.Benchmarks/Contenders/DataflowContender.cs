using System.Threading.Tasks.Dataflow;
using Floxide.Benchmarks.Scenarios;

namespace Floxide.Benchmarks.Contenders;

/// <summary>
/// A TPL Dataflow <see cref="ActionBlock{TInput}"/> with the same body. In-memory items are posted
/// up front (unbounded input, as a typical caller does); a stream is fed with
/// <see cref="DataflowBlock.SendAsync{TInput}(ITargetBlock{TInput}, TInput)"/> into a bounded block so it
/// is read with back-pressure, like the other contenders.
/// </summary>
public sealed class DataflowContender : Contender
{
    /// <inheritdoc/>
    public override string Key => "dataflow";

    /// <inheritdoc/>
    public override string Name => "TPL Dataflow ActionBlock";

    /// <inheritdoc/>
    public override PreparedRun Prepare(Workload workload, int parallelism)
    {
        var spec = workload.Spec;
        var outputs = new long[workload.Count];
        Func<Task> run;
        if (workload.IsStream)
        {
            var options = new ExecutionDataflowBlockOptions
            {
                MaxDegreeOfParallelism = parallelism,
                BoundedCapacity = Math.Max(64, 4 * parallelism),
            };
            run = async () =>
            {
                var block = new ActionBlock<int>(item => outputs[item] = Work.Compute(spec, item), options);
                await foreach (var item in ItemSource.Stream(workload.Count).ConfigureAwait(false))
                {
                    await block.SendAsync(item).ConfigureAwait(false);
                }

                block.Complete();
                await block.Completion.ConfigureAwait(false);
            };
        }
        else
        {
            var options = new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = parallelism };
            var items = workload.Items!;
            run = async () =>
            {
                var block = spec.IsAsync
                    ? new ActionBlock<int>(async item => outputs[item] = await Work.ComputeAsync(spec, item, CancellationToken.None).ConfigureAwait(false), options)
                    : new ActionBlock<int>(item => outputs[item] = Work.Compute(spec, item), options);
                foreach (var item in items)
                {
                    block.Post(item);
                }

                block.Complete();
                await block.Completion.ConfigureAwait(false);
            };
        }

        return new PreparedRun(run, () => ParallelForEachContender.Sum(outputs));
    }
}

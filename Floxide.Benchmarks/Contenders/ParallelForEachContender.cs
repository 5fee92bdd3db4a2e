using Floxide.Benchmarks.Scenarios;

namespace Floxide.Benchmarks.Contenders;

/// <summary>Raw <see cref="Parallel.ForEachAsync{TSource}(IEnumerable{TSource}, ParallelOptions, Func{TSource, CancellationToken, ValueTask})"/> with the same body, storing each output in its slot.</summary>
public sealed class ParallelForEachContender : Contender
{
    /// <inheritdoc/>
    public override string Key => "parallel_foreach_async";

    /// <inheritdoc/>
    public override string Name => "Parallel.ForEachAsync";

    /// <inheritdoc/>
    public override PreparedRun Prepare(Workload workload, int parallelism)
    {
        var spec = workload.Spec;
        var outputs = new long[workload.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism };
        Func<Task> run;
        if (workload.IsStream)
        {
            run = () => Parallel.ForEachAsync(ItemSource.Stream(workload.Count), options, (item, _) =>
            {
                outputs[item] = Work.Compute(spec, item);
                return ValueTask.CompletedTask;
            });
        }
        else if (spec.IsAsync)
        {
            run = () => Parallel.ForEachAsync(workload.Items!, options, async (item, cancellationToken) =>
                outputs[item] = await Work.ComputeAsync(spec, item, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            run = () => Parallel.ForEachAsync(workload.Items!, options, (item, _) =>
            {
                outputs[item] = Work.Compute(spec, item);
                return ValueTask.CompletedTask;
            });
        }

        return new PreparedRun(run, () => Sum(outputs));
    }

    internal static long Sum(long[] outputs)
    {
        long sum = 0;
        foreach (var output in outputs)
        {
            sum = unchecked(sum + output);
        }

        return sum;
    }
}

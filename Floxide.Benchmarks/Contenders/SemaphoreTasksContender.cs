using Floxide.Benchmarks.Scenarios;

namespace Floxide.Benchmarks.Contenders;

/// <summary>
/// The seed's design (ADR-0007): one task spawned per item, each acquiring a shared semaphore of
/// <c>parallelism</c> permits before its work, then waiting for all tasks.
/// </summary>
public sealed class SemaphoreTasksContender : Contender
{
    /// <inheritdoc/>
    public override string Key => "semaphore_tasks";

    /// <inheritdoc/>
    public override string Name => "SemaphoreSlim + task per item";

    /// <inheritdoc/>
    public override PreparedRun Prepare(Workload workload, int parallelism)
    {
        var spec = workload.Spec;
        var outputs = new long[workload.Count];
        Func<Task> run = async () =>
        {
            using var semaphore = new SemaphoreSlim(parallelism, parallelism);
            var tasks = new List<Task>(workload.IsStream ? 0 : workload.Count);
            if (workload.IsStream)
            {
                await foreach (var item in ItemSource.Stream(workload.Count).ConfigureAwait(false))
                {
                    tasks.Add(Spawn(item));
                }
            }
            else
            {
                foreach (var item in workload.Items!)
                {
                    tasks.Add(Spawn(item));
                }
            }

            await Task.WhenAll(tasks).ConfigureAwait(false);

            Task Spawn(int item) => spec.IsAsync
                ? Task.Run(async () =>
                {
                    await semaphore.WaitAsync().ConfigureAwait(false);
                    try
                    {
                        outputs[item] = await Work.ComputeAsync(spec, item, CancellationToken.None).ConfigureAwait(false);
                    }
                    finally
                    {
                        semaphore.Release();
                    }
                })
                : Task.Run(async () =>
                {
                    await semaphore.WaitAsync().ConfigureAwait(false);
                    try
                    {
                        outputs[item] = Work.Compute(spec, item);
                    }
                    finally
                    {
                        semaphore.Release();
                    }
                });
        };

        return new PreparedRun(run, () => ParallelForEachContender.Sum(outputs));
    }
}

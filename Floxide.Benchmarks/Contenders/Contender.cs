using Floxide.Benchmarks.Scenarios;

namespace Floxide.Benchmarks.Contenders;

/// <summary>One way of running the same per-item work over a workload with a concurrency limit.</summary>
public abstract class Contender
{
    /// <summary>Gets the key used in the machine-readable output lines.</summary>
    public abstract string Key { get; }

    /// <summary>Gets the display name.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Sets up one run outside the measured window (outputs, contexts, options), so that what is
    /// measured is scheduling and collecting, not preparation.
    /// </summary>
    /// <param name="workload">The items and the work.</param>
    /// <param name="parallelism">At most this many items in flight.</param>
    /// <returns>The prepared run.</returns>
    public abstract PreparedRun Prepare(Workload workload, int parallelism);

    /// <summary>Gets whether this contender runs <paramref name="workload"/> (some variants only make sense for streams).</summary>
    /// <param name="workload">The workload.</param>
    /// <returns>True when it takes part.</returns>
    public virtual bool Supports(Workload workload) => true;

    /// <summary>Bytes the measured window allocates on purpose for the items themselves, excluded from the per-item figure.</summary>
    /// <param name="itemCount">The number of items run.</param>
    /// <returns>The bytes to exclude.</returns>
    public virtual long ExcludedBytes(int itemCount) => 0;

    /// <summary>Gets the contenders, Floxide first.</summary>
    /// <returns>All contenders.</returns>
    public static IReadOnlyList<Contender> All() =>
        [new FloxideContender(), new ParallelForEachContender(), new DataflowContender(), new SemaphoreTasksContender(), new FloxideContender(endMerge: true)];
}

namespace Floxide.Benchmarks.Scenarios;

/// <summary>One scenario's input: the work and either the in-memory items or the size of the stream.</summary>
public sealed class Workload
{
    private Workload(WorkSpec spec, int count, int[]? items)
    {
        Spec = spec;
        Count = count;
        Items = items;
    }

    /// <summary>Gets what each item does.</summary>
    public WorkSpec Spec { get; }

    /// <summary>Gets the number of items.</summary>
    public int Count { get; }

    /// <summary>Gets the in-memory items, or null when the items are streamed.</summary>
    public int[]? Items { get; }

    /// <summary>Gets whether the items come from an <see cref="IAsyncEnumerable{T}"/>.</summary>
    public bool IsStream => Items is null;

    /// <summary>Creates a workload over items held in memory.</summary>
    /// <param name="spec">The work.</param>
    /// <param name="count">The number of items.</param>
    /// <returns>The workload.</returns>
    public static Workload InMemory(WorkSpec spec, int count) => new(spec, count, ItemSource.Array(count));

    /// <summary>Creates a workload whose items are streamed.</summary>
    /// <param name="spec">The work.</param>
    /// <param name="count">The number of items.</param>
    /// <returns>The workload.</returns>
    public static Workload Streamed(WorkSpec spec, int count) => new(spec, count, null);
}

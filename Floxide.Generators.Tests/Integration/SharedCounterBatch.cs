namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// The shape a user audit found: an int counter marked [Shared], which every item context gets a copy of, next to
/// the fix FLX0034 asks for, a thread-safe object that holds the count. The warning is what this context is about.
/// </summary>
[BatchContext(MaxDegreeOfParallelism = 4)]
public sealed partial class SharedCounterBatch
{
    [BatchItems] public List<int> Items { get; init; } = [];

    [BatchItem] public int Item { get; init; }

#pragma warning disable FLX0034 // each item context gets a copy: the test shows the writes are lost
    [Shared] public int Counter { get; set; }
#pragma warning restore FLX0034

    [Shared] public SharedTally Tally { get; init; } = new();
}

/// <summary>A count items add to concurrently.</summary>
public sealed class SharedTally
{
    private int _count;

    /// <summary>The count so far.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Adds one.</summary>
    public void Increment() => Interlocked.Increment(ref _count);
}

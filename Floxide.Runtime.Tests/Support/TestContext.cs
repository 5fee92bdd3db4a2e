using System.Collections.Concurrent;

namespace Floxide.Runtime.Tests.Support;

/// <summary>
/// A hand-written batch context, shaped the way the generator writes them: items, an item slot, an
/// output, a copied setting, and a record of what the update step received.
/// </summary>
public sealed class TestContext : IBatchContext<TestContext, int>
{
    public Func<BatchItems<int>> Items { get; init; } = () => Array.Empty<int>();

    public int Item { get; private set; }

    public int Output { get; set; }

    public int Multiplier { get; init; } = 1;

    public ConcurrentBag<string> Log { get; init; } = [];

    public List<BatchResults<TestContext, int>> Updates { get; } = [];

    /// <summary>Called by the update step after it kept the results: a test's update that throws.</summary>
    public Action<BatchResults<TestContext, int>>? OnUpdate { get; init; }

    public BatchItems<int> GetBatchItems() => Items();

    public TestContext CreateItemContext(int item) =>
        new() { Item = item, Multiplier = Multiplier, Log = Log, Items = Items };

    public void UpdateWithResults(BatchResults<TestContext, int> results)
    {
        Updates.Add(results);
        OnUpdate?.Invoke(results);
    }

    public static TestContext Over(IEnumerable<int> items) => new() { Items = () => new BatchItems<int>(items) };

    public static TestContext Over(IAsyncEnumerable<int> items) => new() { Items = () => new BatchItems<int>(items) };
}

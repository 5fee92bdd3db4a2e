namespace Floxide.Runtime.Tests.Support;

/// <summary>
/// A batch context whose item-context factory throws an <see cref="ArgumentException"/> for <see cref="FailingItem"/>, and
/// calls <see cref="OnCreate"/> first (what happens while a context is made: a cancellation, say).
/// </summary>
public sealed class ThrowingFactoryContext : IBatchContext<ThrowingFactoryContext, int>
{
    public IReadOnlyList<int> Items { get; init; } = [];

    public int? FailingItem { get; init; }

    public int Item { get; private init; }

    public int Output { get; set; }

    public Action<int>? OnCreate { get; init; }

    /// <summary>Gets what the update step received.</summary>
    public BatchResults<ThrowingFactoryContext, int>? Results { get; private set; }

    public BatchItems<int> GetBatchItems() => new(Items);

    public ThrowingFactoryContext CreateItemContext(int item)
    {
        OnCreate?.Invoke(item);
        return item == FailingItem ? throw new ArgumentException($"item {item} cannot be prepared") : new() { Item = item };
    }

    public void UpdateWithResults(BatchResults<ThrowingFactoryContext, int> results) => Results = results;
}

namespace Floxide.Benchmarks.Scenarios;

/// <summary>The items every contender reads.</summary>
public static class ItemSource
{
    /// <summary>The items 0 .. count - 1 in memory (each item is also its output slot).</summary>
    /// <param name="count">The number of items.</param>
    /// <returns>The items.</returns>
    public static int[] Array(int count) => Enumerable.Range(0, count).ToArray();

    /// <summary>
    /// The items 0 .. count - 1 as a lazily produced asynchronous stream, like rows from a reader
    /// whose buffer is always full: each MoveNextAsync completes synchronously.
    /// </summary>
    /// <param name="count">The number of items.</param>
    /// <param name="cancellationToken">Stops the stream.</param>
    /// <returns>The stream.</returns>
#pragma warning disable CS1998 // an async iterator that never awaits: the stream is always ready
    public static async IAsyncEnumerable<int> Stream(
        int count, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
#pragma warning restore CS1998
    {
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return i;
        }
    }
}

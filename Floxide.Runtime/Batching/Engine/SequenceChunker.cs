using System.Collections;

namespace Floxide;

/// <summary>
/// Reads a synchronous sequence in chunks for <see cref="Parallel.ForEachAsync{TSource}(IEnumerable{TSource}, ParallelOptions, Func{TSource, CancellationToken, ValueTask})"/>,
/// which calls it under its own lock. The run owns the underlying enumerator, so disposing this one
/// leaves the source open for the run to account for items that never started.
/// </summary>
internal sealed class SequenceChunker<TContext, TItem>(ChunkFeed<TContext, TItem> feed, IEnumerator<TItem> source)
    : IEnumerable<ItemChunk<TContext, TItem>>, IEnumerator<ItemChunk<TContext, TItem>>
    where TContext : IBatchContext<TContext, TItem>
{
    private bool _done;

    public ItemChunk<TContext, TItem> Current { get; private set; }

    object IEnumerator.Current => Current;

    public bool MoveNext()
    {
        if (feed.TryTakeOffered(out var offered))
        {
            Current = offered;
            return true;
        }

        if (_done)
        {
            return false;
        }

        var limit = feed.NextChunkLimit();
        var items = feed.RentItems(limit);
        var count = 0;
        try
        {
            while (count < limit && source.MoveNext())
            {
                items[count++] = source.Current;
            }

            _done = count < limit;
        }
        catch (Exception ex)
        {
            _done = true;
            feed.OnSourceFailed(ex, count);
        }

        if (count == 0)
        {
            feed.ReturnItems(items);
            return false;
        }

        Current = feed.CreateChunk(items, count);
        return true;
    }

    public IEnumerator<ItemChunk<TContext, TItem>> GetEnumerator() => this;

    IEnumerator IEnumerable.GetEnumerator() => this;

    public void Reset() => throw new NotSupportedException();

    public void Dispose()
    {
        // The run disposes the source once it has accounted for every item.
    }
}

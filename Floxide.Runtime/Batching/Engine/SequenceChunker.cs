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
            return StandBy();
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
            return StandBy();
        }

        Current = feed.HandOut(items, count);
        return true;
    }

    /// <summary>
    /// Once the source has ended: false, ending the asking worker, unless a chunk handed out may still offer a rest. A worker
    /// this returns false to never comes back, so it gets an empty chunk instead, to stand by for that rest
    /// (<see cref="ChunkWorker{TContext, TItem}.ProcessChunkAsync"/>), and asks again; as many as that rest could use
    /// (<see cref="ChunkFeed{TContext, TItem}.TryStandBy"/>).
    /// </summary>
    private bool StandBy()
    {
        Current = default;
        return feed.TryStandBy();
    }

    public IEnumerator<ItemChunk<TContext, TItem>> GetEnumerator() => this;

    IEnumerator IEnumerable.GetEnumerator() => this;

    public void Reset() => throw new NotSupportedException();

    public void Dispose()
    {
        // The run disposes the source once it has accounted for every item.
    }
}

using System.Runtime.CompilerServices;

namespace Floxide;

/// <summary>
/// Reads an asynchronous stream in chunks for Parallel.ForEachAsync, which calls it under its own
/// lock. A chunk takes the items that are ready now and never waits to fill up, so a slow stream
/// does not hold back items already read.
/// </summary>
internal sealed class StreamChunker<TContext, TItem>(ChunkFeed<TContext, TItem> feed, IAsyncEnumerator<TItem> source)
    : IAsyncEnumerable<ItemChunk<TContext, TItem>>, IAsyncEnumerator<ItemChunk<TContext, TItem>>
    where TContext : IBatchContext<TContext, TItem>
{
    private ValueTask<bool>? _pending;
    private bool _done;

    public ItemChunk<TContext, TItem> Current { get; private set; }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // once per chunk that waits: reuse the box
    public async ValueTask<bool> MoveNextAsync()
    {
        int limit;
        while (true)
        {
            // The rest of a chunk behind an awaiting item comes first: it is already inside the window.
            if (feed.TryTakeOffered(out var offered))
            {
                Current = offered;
                return true;
            }

            if (_done)
            {
                return false;
            }

            limit = feed.NextChunkLimit();
            if (feed.HasRoom(limit))
            {
                break;
            }

            if (!await feed.WaitForRoomAsync(limit).ConfigureAwait(false))
            {
                return false;
            }
        }

        var items = feed.RentItems(limit);
        var count = 0;
        try
        {
            var next = _pending ?? source.MoveNextAsync();
            _pending = null;
            if (await next.ConfigureAwait(false))
            {
                items[count++] = source.Current;
                while (count < limit)
                {
                    next = source.MoveNextAsync();
                    if (!next.IsCompleted)
                    {
                        // Not ready: hand out what we have; the next call awaits this one.
                        _pending = next;
                        break;
                    }

                    if (!next.Result)
                    {
                        _done = true;
                        break;
                    }

                    items[count++] = source.Current;
                }
            }
            else
            {
                _done = true;
            }
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

    /// <summary>
    /// Settles a read left pending when the loop stopped, so the source can be disposed safely.
    /// Returns whether it produced an item, which was read but never started.
    /// </summary>
    public async ValueTask<bool> SettlePendingAsync()
    {
        if (_pending is not { } pending)
        {
            return false;
        }

        _pending = null;
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            feed.OnSourceFailed(ex, 0);
            return false;
        }
    }

    public IAsyncEnumerator<ItemChunk<TContext, TItem>> GetAsyncEnumerator(CancellationToken cancellationToken = default) => this;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask; // the run disposes the source
}

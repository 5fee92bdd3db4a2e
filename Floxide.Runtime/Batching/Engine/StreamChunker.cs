using System.Runtime.CompilerServices;

namespace Floxide;

/// <summary>
/// Reads an asynchronous stream in chunks for Parallel.ForEachAsync, which calls it under its own
/// lock, waiting for room in the streaming window first. A chunk takes the items that are ready now
/// and never waits to fill up, so a slow stream does not hold back items already read. A synchronous
/// sequence read through a streaming merge is read in its own loop: no ValueTask per item, and the
/// stream's call sites see only streams, so the JIT can keep them monomorphic.
/// </summary>
internal sealed class StreamChunker<TContext, TItem>
    : IAsyncEnumerable<ItemChunk<TContext, TItem>>, IAsyncEnumerator<ItemChunk<TContext, TItem>>
    where TContext : IBatchContext<TContext, TItem>
{
    private readonly ChunkFeed<TContext, TItem> _feed;
    private readonly IAsyncEnumerator<TItem>? _source;
    private readonly IEnumerator<TItem>? _sequence;
    private ValueTask<bool>? _pending;
    private bool _done;
    private CancellationToken _loopToken;

    /// <summary>Reads an asynchronous stream.</summary>
    public StreamChunker(ChunkFeed<TContext, TItem> feed, IAsyncEnumerator<TItem> source)
    {
        _feed = feed;
        _source = source;
    }

    /// <summary>Reads a synchronous sequence, with the same back-pressure.</summary>
    public StreamChunker(ChunkFeed<TContext, TItem> feed, IEnumerator<TItem> sequence)
    {
        _feed = feed;
        _sequence = sequence;
    }

    public ItemChunk<TContext, TItem> Current { get; private set; }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // once per chunk that waits: reuse the box
    public async ValueTask<bool> MoveNextAsync()
    {
        int limit;
        var waits = _feed.Waits;
        while (true)
        {
            // With an item limiter the loop runs more workers than the limit, for items waiting for a permit: a chunk goes
            // out only while fewer than the limit's workers are busy with anything else.
            if (waits is not null && !waits.HasRoom && !await waits.WaitForRoomAsync().ConfigureAwait(false))
            {
                return false;
            }

            // The rest of a chunk behind an awaiting item comes first: it is already inside the window.
            if (_feed.TryTakeOffered(out var offered))
            {
                Current = offered;
                waits?.Took();
                return true;
            }

            if (_done)
            {
                // A worker this returns false to never comes back: while a chunk handed out may still offer a rest, it waits
                // here for that rest instead (as SequenceChunker.StandBy).
                if (!_feed.MayOffer || _loopToken.IsCancellationRequested)
                {
                    return false;
                }

                await _feed.StandByAsync(_loopToken).ConfigureAwait(false);
                continue;
            }

            limit = _feed.NextChunkLimit();
            if (_feed.HasRoom(limit))
            {
                break;
            }

            if (!await _feed.WaitForRoomAsync(limit).ConfigureAwait(false))
            {
                return false;
            }
        }

        var items = _feed.RentItems(limit);
        if (_sequence is not null)
        {
            return TakeChunk(items, ReadSequence(items, limit)) || await MoveNextAsync().ConfigureAwait(false);
        }

        var source = _source!;
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
            _feed.OnSourceFailed(ex, count);
        }

        // None read: the source has ended, so asking again stands by or ends, as any later call.
        return TakeChunk(items, count) || await MoveNextAsync().ConfigureAwait(false);
    }

    /// <summary>Reads up to <paramref name="limit"/> items of the synchronous sequence; returns how many it read.</summary>
    private int ReadSequence(TItem[] items, int limit)
    {
        var sequence = _sequence!;
        var count = 0;
        try
        {
            while (count < limit && sequence.MoveNext())
            {
                items[count++] = sequence.Current;
            }

            _done = count < limit;
        }
        catch (Exception ex)
        {
            _done = true;
            _feed.OnSourceFailed(ex, count);
        }

        return count;
    }

    /// <summary>Makes the items just read the current chunk; false (returning the array) when none were read.</summary>
    private bool TakeChunk(TItem[] items, int count)
    {
        if (count == 0)
        {
            _feed.ReturnItems(items);
            return false;
        }

        Current = _feed.HandOut(items, count);
        _feed.Waits?.Took();
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
            _feed.OnSourceFailed(ex, 0);
            return false;
        }
    }

    /// <param name="cancellationToken">The loop's own token, canceled as it ends: ends a wait for a rest to be offered.</param>
    public IAsyncEnumerator<ItemChunk<TContext, TItem>> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        _loopToken = cancellationToken;
        return this;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask; // the run disposes the source
}

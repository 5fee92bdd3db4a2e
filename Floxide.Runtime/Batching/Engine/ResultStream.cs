using System.Threading.Channels;

namespace Floxide;

/// <summary>
/// Hands merged results to the consumer of a <see cref="BatchNode{TContext, TItem}.StreamBatchAsync(TContext, IProgress{BatchProgress}, CancellationToken)"/>.
/// It is a second target of <see cref="StreamingMerge{TContext, TItem}"/>'s commit point, not a second
/// window: the merge counts the window from the oldest result not yet taken here, and pauses reading while more
/// than <see cref="StreamingMerge{TContext, TItem}.ConsumerBacklog"/> results wait here, so a consumer that stops
/// pulling stops the reader, and the queue holds at most that backlog and the items already read (behind a slow item,
/// up to a window of them).
/// </summary>
internal sealed class ResultStream<TContext, TItem>
    where TContext : IBatchContext<TContext, TItem>
{
    private readonly Channel<BatchItemResult<TContext, TItem>> _channel =
        Channel.CreateUnbounded<BatchItemResult<TContext, TItem>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private StreamingMerge<TContext, TItem>? _merge;
    private long _taken;
    private volatile bool _abandoned;

    /// <summary>Gets how many results the consumer took: the window ends a window's size after it.</summary>
    public long Taken => Volatile.Read(ref _taken);

    /// <summary>Gets whether the consumer left early; nobody will read another result.</summary>
    public bool Abandoned => _abandoned;

    /// <summary>Connects the merge whose reader waits for the consumer.</summary>
    public void Attach(StreamingMerge<TContext, TItem> merge) => _merge = merge;

    /// <summary>Queues a final run; called by the merge, one run at a time, in input order.</summary>
    public void Add(ReadOnlySpan<BatchItemResult<TContext, TItem>> run)
    {
        if (_abandoned)
        {
            return;
        }

        foreach (var result in run)
        {
            _channel.Writer.TryWrite(result);
        }
    }

    /// <summary>No result follows; the consumer ends once it took the queued ones.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    /// <summary>The consumer left: later results are dropped instead of queued, and a run waiting for the consumer goes on.</summary>
    public void Abandon()
    {
        _abandoned = true;
        _merge?.Wake();
    }

    /// <summary>Waits until a result is queued or the stream completed (false).</summary>
    public ValueTask<bool> WaitToReadAsync() => _channel.Reader.WaitToReadAsync();

    /// <summary>Takes the next result, if queued, and makes room for one more item in the window.</summary>
    public bool TryTake(out BatchItemResult<TContext, TItem> result)
    {
        if (!_channel.Reader.TryRead(out result!))
        {
            return false;
        }

        // Full fence before the wake: the reader publishes its waiter, then re-reads Taken (see StreamingMerge.WaitForRoomAsync).
        Interlocked.Increment(ref _taken);
        _merge?.Wake();
        return true;
    }
}

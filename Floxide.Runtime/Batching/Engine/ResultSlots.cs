namespace Floxide;

/// <summary>
/// The keep-everything store: one slot per input index, in segments allocated as items are read,
/// handed whole to <see cref="IBatchContext{TContext, TItem}.UpdateWithResults"/> at the end.
/// </summary>
internal sealed class ResultSlots<TContext, TItem> : IResultSink<TContext, TItem>
{
    private const int UnknownCountSegmentSize = 16 * 1024;

    private readonly int _segmentSize;
    private BatchItemResult<TContext, TItem>[][] _segments = new BatchItemResult<TContext, TItem>[4][];

    /// <param name="knownCount">The number of items when known: one exact segment, no growth, no waste.</param>
    public ResultSlots(long? knownCount)
    {
        _segmentSize = knownCount is { } count ? (int)Math.Clamp(count, 1, int.MaxValue) : UnknownCountSegmentSize;
    }

    /// <summary>Called by the serialised reader only, so segments grow without a lock.</summary>
    public BatchItemResult<TContext, TItem>[] Claim(long start, out int offset)
    {
        var segment = (int)(start / _segmentSize);
        if (segment == _segments.Length)
        {
            Array.Resize(ref _segments, _segments.Length * 2);
        }

        offset = (int)(start % _segmentSize);
        return _segments[segment] ??= new BatchItemResult<TContext, TItem>[_segmentSize];
    }

    public int RoomAfter(long start) => (int)(_segmentSize - (start % _segmentSize));

    public void RunFinished(BatchItemResult<TContext, TItem>[] results, int offset, int count)
    {
        // Results stay in their slots until the end.
    }

    /// <summary>Every result, in input order, with the counts.</summary>
    public BatchResults<TContext, TItem> ToResults(long read, BatchCounts counts, long resumed) =>
        new(_segments, _segmentSize, checked((int)read), read, counts, failures: null, resumed);
}

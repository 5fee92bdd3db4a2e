namespace Floxide;

/// <summary>
/// Where a worker is in its chunk and what it has counted so far; passed by reference between the
/// synchronous fast path and the asynchronous continuation.
/// </summary>
internal struct ChunkTally
{
    /// <summary>The position in the chunk of the next item to start (or of the item being awaited).</summary>
    public int Next;

    public long Succeeded;

    public long Failed;

    /// <summary>When the current item started: the previous item's end, so each item costs one timestamp.</summary>
    public long ItemStarted;
}

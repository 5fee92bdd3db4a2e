namespace Floxide;

/// <summary>
/// The rest of a chunk behind an awaiting item, offered to any worker. Whoever claims it first runs
/// it: a worker asking the source for work, or the worker that offered it once its item is done.
/// </summary>
internal sealed class OfferedChunk<TContext, TItem>(ItemChunk<TContext, TItem> chunk)
{
    private int _claimed;

    public ItemChunk<TContext, TItem> Chunk { get; } = chunk;

    /// <summary>Claims the chunk; true for exactly one caller.</summary>
    public bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;
}

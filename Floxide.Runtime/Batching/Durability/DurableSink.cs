namespace Floxide;

/// <summary>
/// Records finished results before handing them on: the commit point of a durable run. A result is
/// final when it is published (<see cref="IResultSink{TContext, TItem}.RunFinished"/>), in either
/// mode, so it is recorded then, whether or not the results before it are finished too.
/// </summary>
internal sealed class DurableSink<TContext, TItem>(DurableSession<TContext, TItem> session, IResultSink<TContext, TItem> inner) : IResultSink<TContext, TItem>
    where TContext : IBatchContext<TContext, TItem>
{
    public BatchItemResult<TContext, TItem>[] Claim(long start, out int offset) => inner.Claim(start, out offset);

    public int RoomAfter(long start) => inner.RoomAfter(start);

    public void RunFinished(BatchItemResult<TContext, TItem>[] results, int offset, int count)
    {
        // Before the inner sink: a streaming merge clears the slots once merged.
        session.Record(results, offset, count);
        inner.RunFinished(results, offset, count);
    }
}

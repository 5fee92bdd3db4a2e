namespace Floxide;

/// <summary>
/// A context that can run as a batch: it supplies items, creates one item context per item, and
/// merges the item results back. Classes annotated with <c>[BatchContext]</c> get a generated
/// implementation; this is the contract that implementation fulfils.
/// </summary>
/// <typeparam name="TContext">The context type itself; item contexts are of the same type.</typeparam>
/// <typeparam name="TItem">The type of one item.</typeparam>
public interface IBatchContext<TContext, TItem>
    where TContext : IBatchContext<TContext, TItem>
{
    /// <summary>Gets the items to process, as a sequence or a stream; called once per batch run.</summary>
    /// <returns>The items; a stream is read lazily and never materialised by the engine.</returns>
    BatchItems<TItem> GetBatchItems();

    /// <summary>Creates the context one item's workflow runs on.</summary>
    /// <param name="item">The item.</param>
    /// <returns>A context of its own for the item; called concurrently, so it must only read this context.</returns>
    TContext CreateItemContext(TItem item);

    /// <summary>
    /// Merges the results back: called once per batch run, after every item has finished or been
    /// accounted for, with one result per item read, in input order (for a
    /// <see cref="IStreamingBatchContext{TContext, TItem}"/>: the counts and the failed results only,
    /// the others having been merged as they came).
    /// </summary>
    /// <param name="results">The results, in input order.</param>
    void UpdateWithResults(BatchResults<TContext, TItem> results);
}

namespace Floxide;

/// <summary>
/// A batch context that merges results as they become available, in input order, instead of all at
/// once at the end. The engine then keeps only a bounded window of results, so a stream of any
/// length runs in constant memory.
/// </summary>
/// <typeparam name="TContext">The context type itself.</typeparam>
/// <typeparam name="TItem">The type of one item.</typeparam>
/// <remarks>
/// <para><see cref="MergeResults"/> receives every item's result exactly once, in input order, in
/// consecutive runs; calls never overlap or nest (not even when a merge cancels the batch and
/// items finish on the merging thread), but they come from worker threads while other items are
/// still running and <see cref="IBatchContext{TContext, TItem}.CreateItemContext"/> is still being
/// called, so merge into state the item-context factory does not read.</para>
/// <para>When the batch ends, <see cref="IBatchContext{TContext, TItem}.UpdateWithResults"/> is still
/// called once, with the counts for every item and every failed result
/// (<see cref="BatchResults{TContext, TItem}.Failures"/>), but no other result: the list is empty
/// (<see cref="BatchResults{TContext, TItem}.Count"/> is zero, <see cref="BatchResults{TContext, TItem}.Total"/> is not).</para>
/// <para>A result that has not been merged holds the source back: the engine reads at most a window
/// of items past the oldest unmerged one, so one slow item pauses reading rather than growing memory.</para>
/// </remarks>
public interface IStreamingBatchContext<TContext, TItem> : IBatchContext<TContext, TItem>
    where TContext : IBatchContext<TContext, TItem>
{
    /// <summary>Merges the next consecutive results, in input order.</summary>
    /// <param name="results">Results that follow the previous call's directly; valid only during the call.</param>
    void MergeResults(ReadOnlySpan<BatchItemResult<TContext, TItem>> results);
}

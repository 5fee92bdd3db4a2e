namespace Floxide;

/// <summary>
/// Implemented by a batch context whose batch steps run durably in a workflow: when a <see cref="BatchNode{TContext, TItem}"/>
/// runs as a step (a generated <c>[Workflow]</c>'s <c>[BatchStep]</c>, or a <see cref="WorkflowBuilder{TContext}"/> step), it
/// asks the context for its durable run and, given one, runs as <see cref="BatchFlow{TContext, TItem}.RunDurableAsync(TContext, DurableRun{TContext, TItem}, IProgress{BatchProgress}, CancellationToken)"/> does:
/// finished items are recorded, and a rerun of the workflow restores them instead of running them again.
/// </summary>
/// <remarks>
/// Only a run as a step asks: <see cref="BatchFlow{TContext, TItem}.RunAsync(TContext, IProgress{BatchProgress}, CancellationToken)"/> and
/// <see cref="BatchNode{TContext, TItem}.RunBatchAsync(TContext, IProgress{BatchProgress}, CancellationToken)"/> are plain runs over the same context. See docs/durability.md,
/// "Batch steps of a workflow".
/// </remarks>
/// <typeparam name="TContext">The batch context type.</typeparam>
/// <typeparam name="TItem">The item type.</typeparam>
public interface IDurableBatchContext<TContext, TItem>
{
    /// <summary>
    /// Gets the durable run of the batch step <paramref name="stepId"/> over this context, or null to run it as a plain
    /// batch. Called once each time the step runs. Give every run of a step its own batch id (say, the workflow run's id
    /// and <paramref name="stepId"/>; and the outer item's key for a step inside another batch's item workflow, or the
    /// pass for a step in a cycle): two runs under one id would restore each other's records.
    /// </summary>
    /// <param name="stepId">The batch step's id (the batch node's).</param>
    /// <returns>The store, batch id and codec of the step's run; null for a plain run.</returns>
    DurableRun<TContext, TItem>? GetDurableRun(string stepId);
}

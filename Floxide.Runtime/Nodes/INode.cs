namespace Floxide;

/// <summary>
/// One step of a workflow: runs on a context and names the action that decides what runs next.
/// </summary>
/// <typeparam name="TContext">The type of the state the node reads and writes.</typeparam>
public interface INode<in TContext>
{
    /// <summary>Gets the node's id, unique within a workflow; errors and results name it.</summary>
    string Id { get; }

    /// <summary>Runs the node on <paramref name="context"/>.</summary>
    /// <param name="context">The state to read and write.</param>
    /// <param name="cancellationToken">Signals that the caller no longer wants the result.</param>
    /// <returns>The action that routes the workflow to its next node.</returns>
    /// <remarks>
    /// Synchronous nodes should return a completed <see cref="ValueTask{TResult}"/>: the engines take a
    /// fast path that neither allocates nor awaits.
    /// </remarks>
    ValueTask<NodeAction> RunAsync(TContext context, CancellationToken cancellationToken);
}

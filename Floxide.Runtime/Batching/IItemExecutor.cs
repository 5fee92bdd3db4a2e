namespace Floxide;

/// <summary>
/// Decides where one batch item's workflow runs: the single seam between the batch engine and a
/// backend. The engine's semantics (limit, order, isolation, cancellation) do not depend on it.
/// </summary>
/// <typeparam name="TContext">The batch context type.</typeparam>
/// <remarks>
/// The default runs the workflow in-process. A distributed backend runs it elsewhere and writes the
/// resulting state back into <c>itemContext</c> before completing. An exception it throws is the item's failure, named
/// as in-process: a <see cref="FloxideException"/> names its step (<see cref="NodeFailedException"/>), any other is the
/// item workflow's; one that is no step's (the backend's own work around the steps) goes in an
/// <see cref="ItemFailedOutsideStepsException"/>, and the failure then names no step.
/// </remarks>
public interface IItemExecutor<TContext>
{
    /// <summary>Runs <paramref name="itemWorkflow"/> on <paramref name="itemContext"/>.</summary>
    /// <param name="itemWorkflow">The workflow (or node) to run for the item.</param>
    /// <param name="itemContext">The item's own context.</param>
    /// <param name="itemIndex">The item's input position.</param>
    /// <param name="cancellationToken">The batch's cancellation token.</param>
    /// <returns>The action that ended the item's workflow.</returns>
    ValueTask<NodeAction> ExecuteAsync(
        INode<TContext> itemWorkflow, TContext itemContext, long itemIndex, CancellationToken cancellationToken);
}

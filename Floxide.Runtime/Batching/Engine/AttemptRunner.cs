using System.Runtime.CompilerServices;

namespace Floxide;

/// <summary>
/// The seam "run one attempt of one item": the node's executor, or its item workflow in-process. A durable run's
/// session (the executor then) is given the item too, so that the item's span can name its key. A value held by each
/// worker and each run's resilience, so the plain loop pays a field read, as it did with the choice written inline.
/// </summary>
internal readonly struct AttemptRunner<TContext, TItem>
    where TContext : IBatchContext<TContext, TItem>
{
    private readonly INode<TContext> _workflow;
    private readonly IItemExecutor<TContext>? _executor;
    private readonly DurableSession<TContext, TItem>? _durable;

    public AttemptRunner(BatchNode<TContext, TItem> node)
    {
        _workflow = node.ItemWorkflow;
        _executor = node.Executor;
        _durable = _executor as DurableSession<TContext, TItem>;
    }

    /// <summary>Runs one attempt of <paramref name="item"/> on <paramref name="itemContext"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // the per-item path of every plain batch
    public ValueTask<NodeAction> RunAsync(TContext itemContext, long index, TItem item, CancellationToken cancellationToken) =>
        _executor is null
            ? _workflow.RunAsync(itemContext, cancellationToken)
            : _durable is null
                ? _executor.ExecuteAsync(_workflow, itemContext, index, cancellationToken)
                : _durable.ExecuteAsync(_workflow, itemContext, index, item, cancellationToken);

    /// <summary>The key of <paramref name="item"/> in a durable run whose codec gives keys; null otherwise.</summary>
    public string? KeyOf(long index, TItem item) => _durable?.KeyOf(index, item);
}

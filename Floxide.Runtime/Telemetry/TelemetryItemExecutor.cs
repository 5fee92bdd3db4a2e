using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Floxide;

/// <summary>
/// The item executor of a run whose items are traced or counted while running: it wraps each attempt of an item
/// (in this process, or through the node's own executor) in the item's span and in-flight count.
/// </summary>
/// <remarks>
/// The seam "run one attempt of one item" is the one place where an item's start and end are both visible, and
/// the span must be current while the item runs so that what the item calls (HttpClient, a database) nests under it.
/// </remarks>
internal sealed class TelemetryItemExecutor<TContext> : IItemExecutor<TContext>
{
    private readonly IItemExecutor<TContext>? _inner;
    private readonly ItemTelemetry _telemetry;

    public TelemetryItemExecutor(IItemExecutor<TContext>? inner, ItemTelemetry telemetry)
    {
        _inner = inner;
        _telemetry = telemetry;
    }

    /// <inheritdoc/>
    public ValueTask<NodeAction> ExecuteAsync(INode<TContext> itemWorkflow, TContext itemContext, long itemIndex, CancellationToken cancellationToken)
    {
        var previous = Activity.Current;
        var activity = _telemetry.ItemStarting(itemIndex);
        ValueTask<NodeAction> pending;
        try
        {
            pending = _inner is null
                ? itemWorkflow.RunAsync(itemContext, cancellationToken)
                : _inner.ExecuteAsync(itemWorkflow, itemContext, itemIndex, cancellationToken);
        }
        catch (Exception ex)
        {
            _telemetry.ItemEnded(activity, ex, cancellationToken);
            throw;
        }

        if (pending.IsCompletedSuccessfully)
        {
            _telemetry.ItemEnded(activity, null, cancellationToken);
            return pending;
        }

        // The item's own continuation keeps its span current; the worker goes on to other items without it.
        if (activity is not null)
        {
            Activity.Current = previous;
        }

        return AwaitAsync(pending, activity, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<NodeAction> AwaitAsync(ValueTask<NodeAction> pending, Activity? activity, CancellationToken cancellationToken)
    {
        NodeAction action;
        try
        {
            action = await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _telemetry.ItemEnded(activity, ex, cancellationToken);
            throw;
        }

        _telemetry.ItemEnded(activity, null, cancellationToken);
        return action;
    }
}

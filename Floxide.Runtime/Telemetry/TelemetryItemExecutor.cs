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
/// A durable run's session wraps this executor, so an item it replays from its record never reaches it: no workflow
/// ran, so there is no span and no in-flight count.
/// </remarks>
internal sealed class TelemetryItemExecutor<TContext> : IItemExecutor<TContext>
{
    private readonly IItemExecutor<TContext>? _inner;
    private readonly ItemTelemetry _telemetry;
    private readonly BatchStop _stop;

    /// <param name="inner">The node's own executor; null to run items in this process.</param>
    /// <param name="telemetry">What the run records per item.</param>
    /// <param name="stop">The run's stops: an attempt that observed the caller's cancellation or the batch's own stop
    /// gets the status its result gets (<see cref="ThrownItemStatus"/>).</param>
    public TelemetryItemExecutor(IItemExecutor<TContext>? inner, ItemTelemetry telemetry, BatchStop stop)
    {
        _inner = inner;
        _telemetry = telemetry;
        _stop = stop;
    }

    /// <inheritdoc/>
    public ValueTask<NodeAction> ExecuteAsync(INode<TContext> itemWorkflow, TContext itemContext, long itemIndex, CancellationToken cancellationToken)
    {
        var previous = Activity.Current;
        return Run(previous, _telemetry.ItemStarting(itemIndex), itemWorkflow, itemContext, itemIndex, cancellationToken);
    }

    /// <summary>
    /// Runs an attempt of a durable run's item, as <see cref="ExecuteAsync(INode{TContext}, TContext, long, CancellationToken)"/>
    /// does, and names the item's key on its span: asked of <paramref name="keys"/> only when the span is sampled.
    /// </summary>
    public ValueTask<NodeAction> ExecuteAsync<TItem>(
        INode<TContext> itemWorkflow, TContext itemContext, long itemIndex, IItemKeys<TItem> keys, TItem item, CancellationToken cancellationToken)
    {
        var previous = Activity.Current;
        var activity = _telemetry.ItemStarting(itemIndex);
        if (activity is { IsAllDataRequested: true } && keys.KeyOf(itemIndex, item) is { } key)
        {
            activity.SetTag(TelemetryTags.ItemKey, key);
        }

        return Run(previous, activity, itemWorkflow, itemContext, itemIndex, cancellationToken);
    }

    /// <summary>Runs the attempt under <paramref name="activity"/>, its span, which <paramref name="previous"/> was current before.</summary>
    private ValueTask<NodeAction> Run(
        Activity? previous, Activity? activity, INode<TContext> itemWorkflow, TContext itemContext, long itemIndex, CancellationToken cancellationToken)
    {
        ValueTask<NodeAction> pending;
        try
        {
            pending = _inner is null
                ? itemWorkflow.RunAsync(itemContext, cancellationToken)
                : _inner.ExecuteAsync(itemWorkflow, itemContext, itemIndex, cancellationToken);
        }
        catch (Exception ex)
        {
            Ended(activity, ex, itemWorkflow, cancellationToken);
            throw;
        }

        if (pending.IsCompletedSuccessfully)
        {
            _telemetry.ItemEnded(activity, BatchItemStatus.Succeeded, null, itemWorkflow.Id);
            return pending;
        }

        // The item's own continuation keeps its span current; the worker goes on to other items without it.
        if (activity is not null)
        {
            Activity.Current = previous;
        }

        return AwaitAsync(pending, activity, itemWorkflow, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<NodeAction> AwaitAsync(ValueTask<NodeAction> pending, Activity? activity, INode<TContext> itemWorkflow, CancellationToken cancellationToken)
    {
        NodeAction action;
        try
        {
            action = await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Ended(activity, ex, itemWorkflow, cancellationToken);
            throw;
        }

        _telemetry.ItemEnded(activity, BatchItemStatus.Succeeded, null, itemWorkflow.Id);
        return action;
    }

    /// <summary>
    /// An attempt that threw ends its span as its item's result would report it: a timeout in the item's resilience
    /// pipeline as the timeout Polly makes of it only outside the attempt (<see cref="ThrownItemStatus.TimedOut"/>, read
    /// on <paramref name="attemptToken"/>, the token the attempt was given), anything else by <see cref="ThrownItemStatus.Of"/>.
    /// </summary>
    private void Ended(Activity? activity, Exception error, INode<TContext> itemWorkflow, CancellationToken attemptToken)
    {
        if (ThrownItemStatus.TimedOut(error, attemptToken, _stop))
        {
            var canceled = NodeFailedException.ThrownByStep(error);
            _telemetry.ItemTimedOut(activity, canceled, CanceledSteps.StepOf(canceled, CanceledSteps.SingleStepId(itemWorkflow)));
        }
        else
        {
            _telemetry.ItemEnded(activity, ThrownItemStatus.Of(error, _stop), error, itemWorkflow.Id);
        }
    }
}

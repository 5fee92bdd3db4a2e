using global::Orleans;
using global::Orleans.Runtime;
using global::Orleans.Runtime.Messaging;
using global::Orleans.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Floxide.Orleans;

/// <summary>
/// Runs each batch item as a grain call on an Orleans cluster, on the workflow the silos registered under a name
/// (<see cref="FloxideSiloBuilderExtensions.AddFloxideWorkflow"/>). Pass it as the <c>executor</c> of a batch
/// node; the batch keeps its promises (limit, input order, exactly-once merge, isolation, cancellation).
/// </summary>
/// <typeparam name="TContext">The batch context type.</typeparam>
/// <typeparam name="TItem">The item type.</typeparam>
/// <typeparam name="TRequest">What the coordinator sends.</typeparam>
/// <typeparam name="TReply">What a silo sends back.</typeparam>
/// <remarks>
/// <para>The batch's <see cref="BatchOptions.MaxDegreeOfParallelism"/> is the cluster-wide limit: the coordinator
/// never has more calls in flight.</para>
/// <para>A call lost with its silo (<see cref="SiloUnavailableException"/>, <see cref="OrleansMessageRejectionException"/>,
/// <see cref="TimeoutException"/>, a lost gateway connection) is sent again, to a new activation the cluster places on
/// a live silo, after a backoff (<see cref="OrleansExecutorOptions"/>). The item's own exception is not retried: the
/// item fails, with a <see cref="RemoteItemException"/> naming the step, as it would in-process. So an item may run
/// more than once (a silo killed after it started it), but its result is merged once.</para>
/// <para>What the item reports to <see cref="ThrottlingSignals"/> on the silo (a 429 a step's retry absorbed, a
/// <see cref="ThrottlingSignalHandler"/>'s report) comes back with the reply and is reported to the batch's adaptive
/// concurrency here, as a <see cref="RemoteItemException"/> carrying what is left of its wait. The silo records only
/// when the item's attempt here listens (<see cref="ThrottlingSignals.IsListening"/>: its batch, or one around it,
/// adapts), and reports are lost with the silo that held them.</para>
/// <para>A call that gets no answer within Orleans' <c>MessagingOptions.ResponseTimeout</c> (30 s by default) is retried,
/// while the first run may still be going on a slow silo: set the timeout above the longest item.</para>
/// </remarks>
public sealed class OrleansItemExecutor<TContext, TItem, TRequest, TReply> : IItemExecutor<TContext>
    where TContext : IBatchContext<TContext, TItem>
{
    private readonly Func<ItemCall, CancellationToken, Task<ItemReply>> _call;
    private readonly string _workflow;
    private readonly ItemMapping<TContext, TItem, TRequest, TReply> _mapping;
    private readonly OrleansExecutorOptions _options;

    /// <summary>Creates the executor.</summary>
    /// <param name="client">The cluster client (on a silo host, the silo's own <see cref="IClusterClient"/>).</param>
    /// <param name="workflow">The name the silos registered the item workflow under.</param>
    /// <param name="mapping">What crosses the wire; the silos use the same mapping.</param>
    /// <param name="options">Retries of lost calls; null for the defaults.</param>
    /// <exception cref="InvalidOperationException">Orleans cannot serialize <typeparamref name="TRequest"/> or <typeparamref name="TReply"/>.</exception>
    public OrleansItemExecutor(
        IClusterClient client,
        string workflow,
        ItemMapping<TContext, TItem, TRequest, TReply> mapping,
        OrleansExecutorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(workflow);
        ArgumentNullException.ThrowIfNull(mapping);
        var serializer = client.ServiceProvider.GetRequiredService<Serializer>();
        WireTypes.EnsureSerializable(serializer, typeof(TRequest), "request", workflow);
        WireTypes.EnsureSerializable(serializer, typeof(TReply), "reply", workflow);
        _workflow = workflow;
        _mapping = mapping;
        _options = options ?? new OrleansExecutorOptions();

        // A new key per attempt: a new activation, placed now, so a retry never waits on the lost one.
        _call = (call, cancellationToken) => client.GetGrain<IFloxideItemGrain>(Guid.NewGuid()).RunAsync(call, cancellationToken);
    }

    /// <summary>Creates the executor over any call (the tests script lost calls with it).</summary>
    internal OrleansItemExecutor(
        string workflow,
        ItemMapping<TContext, TItem, TRequest, TReply> mapping,
        OrleansExecutorOptions options,
        Func<ItemCall, CancellationToken, Task<ItemReply>> call)
    {
        _workflow = workflow;
        _mapping = mapping;
        _options = options;
        _call = call;
    }

    /// <inheritdoc/>
    public async ValueTask<NodeAction> ExecuteAsync(
        INode<TContext> itemWorkflow, TContext itemContext, long itemIndex, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(itemWorkflow);
        var call = new ItemCall
        {
            Workflow = _workflow,
            WorkflowId = itemWorkflow.Id,
            Request = _mapping.ToRequest(itemContext)!,
            ReportSignals = ThrottlingSignals.IsListening,
            ItemKey = DurableKey.Of(itemContext),
        };
        var reply = await CallAsync(call, cancellationToken).ConfigureAwait(false);
        // What the item's steps absorbed on the silo reaches this attempt's adaptive concurrency as it would in-process,
        // only later: when the reply comes back (with what is left of each wait), and before anything here can fail.
        foreach (var signal in reply.Signals ?? [])
        {
            ThrottlingSignals.Report(signal.ToException(reply.Silo));
        }

        if (reply.HasReply)
        {
            // Null too, as in-process the item's outputs may be null.
            _mapping.ApplyReply(reply.Reply switch
            {
                TReply output => output,
                null when default(TReply) is null => default!,
                null => throw new InvalidOperationException(
                    $"Workflow '{_workflow}' on silo {reply.Silo} replied with null where the coordinator's mapping expects a '{typeof(TReply)}': the coordinator and the silos disagree on the mapping."),
                { } other => throw new InvalidOperationException(
                    $"Workflow '{_workflow}' on silo {reply.Silo} replied with '{other.GetType()}' where the coordinator's mapping expects '{typeof(TReply)}': the coordinator and the silos disagree on the mapping."),
            }, itemContext);
        }

        switch (reply.Outcome)
        {
            case ItemOutcome.Succeeded:
                return new NodeAction(reply.Action ?? NodeAction.Default.Name);
            case ItemOutcome.Canceled:
                throw new OperationCanceledException(cancellationToken);
            default:
                var thrown = reply.ToException();
                throw reply.FailedStepId is { } step ? new NodeFailedException(step, thrown) : thrown;
        }
    }

    /// <summary>Whether the call, not the item, failed: the silo or the connection to it was lost, or the answer never came.</summary>
    private static bool IsLostCall(Exception exception) =>
        exception is OrleansMessageRejectionException // SiloUnavailableException among them
            or TimeoutException
            or ConnectionFailedException
            or GatewayTooBusyException;

    private async Task<ItemReply> CallAsync(ItemCall call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await _call(call, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsLostCall(ex))
            {
                // A call lost while the batch is being canceled is a canceled item, not a failed one.
                cancellationToken.ThrowIfCancellationRequested();
                if (attempt >= _options.MaxAttempts)
                {
                    throw;
                }

                await Task.Delay(_options.RetryDelay(attempt), _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

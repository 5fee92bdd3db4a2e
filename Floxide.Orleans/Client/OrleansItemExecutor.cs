using System.Runtime.CompilerServices;
using global::Orleans;
using global::Orleans.Runtime;
using global::Orleans.Runtime.Messaging;
using global::Orleans.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
/// more than once (a silo killed after it started it), but its result is merged once. Each call sent again is a warning
/// (<c>LostCallResent</c>) in the category <c>Floxide.Orleans</c> of the client's <see cref="Microsoft.Extensions.Logging.ILoggerFactory"/>.
/// A failure outside the steps (a mapping method, the silo's registration or batch context, a call that failed otherwise
/// than lost, such as a grain Orleans could not activate) names no step (<see cref="ItemFailedOutsideStepsException"/>),
/// and a mapping method's error names the method and the item.</para>
/// <para>An attempt's cancellation (the batch's, or its resilience pipeline's timeout) reaches the item's token on the silo,
/// and the silo's reply decides, as in-process: an item that stops is canceled, one that runs on past its token keeps
/// what it finishes. So the grain call carries no token (Orleans would end it at once and drop the reply); the
/// cancellation is a call of its own to the attempt's activation. A call lost after the cancellation is not sent again.
/// Orleans' own way to wait for the callee (<c>MessagingOptions.WaitForCancellationAcknowledgement</c>, with the token
/// passed to the call) is not used: it is an option of the whole client, which is the user's (on a silo host, the silo's
/// own), and an executor must not depend on, nor change, how every other call of that client behaves. A stream's cancel,
/// a one-way message that nothing answers, is sent again while the stream stays open (heartbeats keep it open as long as
/// the item runs): after 1 s, then at doubling intervals up to 30 s. A plain call needs no resend: it ends at its response
/// timeout whatever happens to the cancel.</para>
/// <para>What the item reports to <see cref="ThrottlingSignals"/> on the silo (a 429 a step's retry absorbed, a
/// <see cref="ThrottlingSignalHandler"/>'s report) comes back as it is recorded, while the item goes on, and is reported
/// to the batch's adaptive concurrency here at once, as a <see cref="RemoteItemException"/>. The silo records only when
/// the item's attempt here listens (<see cref="ThrottlingSignals.IsListening"/>: its batch, or one around it, adapts);
/// the call is then a stream, which Orleans keeps alive with heartbeats however long the item runs. A wait crosses as
/// <see cref="RemoteException.RetryAfter"/> where the mapping's <see cref="ItemMapping{TContext, TItem, TRequest, TReply}.RetryAfterOf"/>
/// or <see cref="ThrottlingSignals.RetryAfterOf(Exception)"/> reads it on the silo (which has no <see cref="AdaptiveConcurrency.RetryAfter"/>
/// of the coordinator's), for <see cref="ThrottlingSignals.RetryAfterOf(Exception)"/> to read here.</para>
/// <para>A call that gets no answer within Orleans' <c>MessagingOptions.ResponseTimeout</c> (30 s by default) is retried,
/// while the first run may still be going on a slow silo: set the timeout above the longest item. An adaptive batch's
/// call is a stream the silo keeps alive every half of its own timeout, so there the coordinator's timeout need only be
/// above half the silos'; a stream a stopping silo drops is retried too.</para>
/// </remarks>
public sealed class OrleansItemExecutor<TContext, TItem, TRequest, TReply> : IItemExecutor<TContext>
    where TContext : IBatchContext<TContext, TItem>
{
    private readonly Func<ItemCall, CancellationToken, Task<ItemReply>> _call;
    private readonly Func<ItemCall, CancellationToken, IAsyncEnumerable<ItemReply>> _reportingCall;
    private readonly string _workflow;
    private readonly ItemMapping<TContext, TItem, TRequest, TReply> _mapping;
    private readonly OrleansExecutorOptions _options;
    private readonly ILogger? _logger;

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
        _logger = client.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger(OrleansLog.Category);

        // A new key per attempt: a new activation, placed now, so a retry never waits on the lost one.
        _call = (call, cancellationToken) => RunOnGrainAsync(client.GetGrain<IFloxideItemGrain>(Guid.NewGuid()), call, cancellationToken);
        var time = _options.TimeProvider;
        _reportingCall = (call, cancellationToken) => StreamOnGrainAsync(client.GetGrain<IFloxideItemGrain>(Guid.NewGuid()), call, time, cancellationToken);
    }

    /// <summary>
    /// Creates the executor over any call (the tests script lost calls with it): <paramref name="reportingCall"/> when the
    /// attempt listens to <see cref="ThrottlingSignals"/>, else <paramref name="call"/>; null makes the reporting call the
    /// plain one's reply alone; its events go to <paramref name="logger"/>.
    /// </summary>
    internal OrleansItemExecutor(
        string workflow,
        ItemMapping<TContext, TItem, TRequest, TReply> mapping,
        OrleansExecutorOptions options,
        Func<ItemCall, CancellationToken, Task<ItemReply>> call,
        Func<ItemCall, CancellationToken, IAsyncEnumerable<ItemReply>>? reportingCall = null,
        ILogger? logger = null)
    {
        _workflow = workflow;
        _mapping = mapping;
        _options = options;
        _logger = logger;
        _call = call;
        _reportingCall = reportingCall ?? ((request, cancellationToken) => Alone(call(request, cancellationToken)));
    }

    /// <inheritdoc/>
    public async ValueTask<NodeAction> ExecuteAsync(
        INode<TContext> itemWorkflow, TContext itemContext, long itemIndex, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(itemWorkflow);
        TRequest request;
        try
        {
            request = _mapping.ToRequest(itemContext);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw MappingFailed(nameof(_mapping.ToRequest), itemIndex, ex);
        }

        var call = new ItemCall
        {
            Workflow = _workflow,
            WorkflowId = itemWorkflow.Id,
            Request = request,
            ItemKey = DurableKey.Of(itemContext),
            ItemIndex = itemIndex,
        };
        var (reply, lastReported) = await CallAsync(call, ThrottlingSignals.IsListening, cancellationToken).ConfigureAwait(false);

        if (reply.HasReply)
        {
            // Null too, as in-process the item's outputs may be null.
            var output = reply.Reply switch
            {
                TReply typed => typed,
                null when default(TReply) is null => default!,
                null => throw new ItemFailedOutsideStepsException(new InvalidOperationException(
                    $"Workflow '{_workflow}' on silo {reply.Silo} replied with null where the coordinator's mapping expects a '{typeof(TReply)}': the coordinator and the silos disagree on the mapping.")),
                { } other => throw new ItemFailedOutsideStepsException(new InvalidOperationException(
                    $"Workflow '{_workflow}' on silo {reply.Silo} replied with '{other.GetType()}' where the coordinator's mapping expects '{typeof(TReply)}': the coordinator and the silos disagree on the mapping.")),
            };
            try
            {
                _mapping.ApplyReply(output, itemContext);
            }
            catch (Exception ex) when (reply.Outcome == ItemOutcome.Succeeded && ex is not OperationCanceledException)
            {
                throw MappingFailed(nameof(_mapping.ApplyReply), itemIndex, ex);
            }
            catch (Exception)
            {
                // As on the silo, a failed item's outputs are kept only when the mapping can write them: its own failure
                // is what it reports.
            }
        }

        switch (reply.Outcome)
        {
            case ItemOutcome.Succeeded:
                return new NodeAction(reply.Action ?? NodeAction.Default.Name);
            case ItemOutcome.Canceled:
                throw new OperationCanceledException(cancellationToken);
            default:
                // The exception the item reported last and then failed with is the one this attempt read already. A failure
                // the silo names no step for (its mapping, its registration, a reader that threw) is no step's here either.
                var thrown = reply.ErrorReported && lastReported is not null ? lastReported : reply.ToException();
                throw reply.FailedStepId is { } step ? new NodeFailedException(step, thrown)
                    : reply.OutsideStepsMessage is { } where ? new ItemFailedOutsideStepsException(where, thrown) // a silo's mapping method, say
                    : new ItemFailedOutsideStepsException(thrown);
        }
    }

    /// <summary>
    /// A mapping method that threw on the coordinator: the item fails with what it threw (which a <c>[Retry(On = ...)]</c>
    /// matches and its result reports), naming no step, in an error whose message names the method and the item.
    /// </summary>
    private ItemFailedOutsideStepsException MappingFailed(string method, long itemIndex, Exception exception) =>
        new(MappingFailure.Message(_mapping.GetType(), method, itemIndex, _workflow, silo: null, exception), exception);

    /// <summary>
    /// Whether the call, not the item, failed: the silo or the connection to it was lost, the answer never came, or a
    /// silo that stopped dropped the item's stream (its activation is gone, or it canceled the item as it shut down).
    /// </summary>
    private static bool IsLostCall(Exception exception) =>
        exception is OrleansMessageRejectionException // SiloUnavailableException among them
            or TimeoutException
            or ConnectionFailedException
            or GatewayTooBusyException
            or EnumerationAbortedException
            or ItemDroppedException;

    /// <summary>
    /// Sends the call until it is answered: the plain call, or (when <paramref name="listening"/>) the reporting one; a
    /// call lost, or an item a silo dropped as it shut down, is sent again. Returns the final reply and the last exception
    /// reported.
    /// </summary>
    private async Task<(ItemReply Reply, RemoteItemException? LastReported)> CallAsync(ItemCall call, bool listening, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var (reply, lastReported) = listening
                    ? await StreamAsync(call, cancellationToken).ConfigureAwait(false)
                    : (await PlainCallAsync(call, cancellationToken).ConfigureAwait(false), null);
                if (reply.Outcome == ItemOutcome.Canceled && !cancellationToken.IsCancellationRequested)
                {
                    throw new ItemDroppedException(reply.Silo); // not this batch's cancellation: the silo shut down under it
                }

                return (reply, lastReported);
            }
            catch (Exception ex) when (IsLostCall(ex))
            {
                // A call lost while the batch is being canceled is a canceled item, not a failed one; so is one lost while
                // it drains (its token, left alone for the calls running, cannot tell): sending it again would start an
                // attempt, which a draining batch no longer does.
                ThrowIfStopping(cancellationToken);
                if (attempt >= _options.MaxAttempts)
                {
                    // The cluster's failure, not a step's: the result reports the last Orleans exception and names no step.
                    throw new ItemFailedOutsideStepsException(
                        $"The call to run {MappingFailure.Item(call.ItemIndex)} of workflow '{_workflow}' was lost {attempt} times, the last with {ex.GetType().Name}: {ex.Message}", ex);
                }

                // Losing a silo is not silent: each resend says which item, which call and what lost it.
                var delay = _options.RetryDelay(attempt);
                OrleansLog.LostCallResentBestEffort(_logger, call.ItemIndex, _workflow, attempt, _options.MaxAttempts, delay, ex);
                await ResendDelayAsync(delay, cancellationToken).ConfigureAwait(false);
                ThrowIfStopping(cancellationToken);
            }
        }
    }

    private static void ThrowIfStopping(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (CurrentBatch.IsStopping)
        {
            throw new OperationCanceledException(CurrentBatch.Stopping);
        }
    }

    /// <summary>The wait before a resend (a lost call's: rare), which ends as the batch stops, as a retry's delay does in process.</summary>
    private async Task ResendDelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, CurrentBatch.Stopping);
        await Task.Delay(delay, _options.TimeProvider, either.Token).ConfigureAwait(false);
    }

    /// <summary>One plain call; what the call itself throws, other than a lost call or a cancellation, is no step's (<see cref="CallFailed"/>).</summary>
    private async Task<ItemReply> PlainCallAsync(ItemCall call, CancellationToken cancellationToken)
    {
        try
        {
            return await _call(call, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCallFailure(ex))
        {
            throw CallFailed(call, ex);
        }
    }

    /// <summary>
    /// One reporting call: reports each report the stream carries at once, in this attempt's flow; returns the final reply
    /// and the last exception reported. What the stream itself throws, other than a lost call or a cancellation, is no
    /// step's (<see cref="CallFailed"/>); what reporting here throws is the attempt's, as in-process.
    /// </summary>
    private async Task<(ItemReply Reply, RemoteItemException? LastReported)> StreamAsync(ItemCall call, CancellationToken cancellationToken)
    {
        RemoteItemException? lastReported = null;
        var stream = _reportingCall(call, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (await NextAsync(stream, call).ConfigureAwait(false))
            {
                var reply = stream.Current;
                if (reply.Outcome != ItemOutcome.Reported)
                {
                    return (reply, lastReported);
                }

                if (reply.Signal is { } signal)
                {
                    lastReported = signal.ToException(reply.Silo);
                    ThrottlingSignals.Report(lastReported);
                }
            }
        }
        finally
        {
            Release(stream);
        }

        throw CallFailed(call, new InvalidOperationException($"The silo's stream for {MappingFailure.Item(call.ItemIndex)} of workflow '{_workflow}' ended without its final reply."));
    }

    /// <summary>The stream's next reply, as <see cref="PlainCallAsync"/> reads the plain call's.</summary>
    private async ValueTask<bool> NextAsync(IAsyncEnumerator<ItemReply> stream, ItemCall call)
    {
        try
        {
            return await stream.MoveNextAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCallFailure(ex))
        {
            throw CallFailed(call, ex);
        }
    }

    /// <summary>
    /// Whether the call itself failed otherwise than lost, so that no silo can do better: its activation could not be created
    /// (a silo's DI), Orleans could not carry the reply, a stream ended early. The item's own failure never comes this way:
    /// the silo catches it and replies with it.
    /// </summary>
    private static bool IsCallFailure(Exception exception) =>
        exception is not OperationCanceledException && !IsLostCall(exception);

    /// <summary>
    /// A call that failed outside the item's steps (<see cref="IsCallFailure"/>): the item fails with what the call threw,
    /// naming no step, where the engine would otherwise read any exception an executor throws as its node's own.
    /// </summary>
    private ItemFailedOutsideStepsException CallFailed(ItemCall call, Exception exception) =>
        new($"The call to run {MappingFailure.Item(call.ItemIndex)} of workflow '{_workflow}' failed outside the item's steps, with {exception.GetType().Name}: {exception.Message}", exception);

    /// <summary>
    /// Ends a stream in the background: its dispose is a call to the silo, which the item need not wait for, and which a
    /// silo that hangs would hold for a whole response timeout before the item could be sent again.
    /// </summary>
    private static void Release(IAsyncEnumerator<ItemReply> stream)
    {
        var disposing = stream.DisposeAsync();
        if (!disposing.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(disposing);
        }

        static async Task ObserveAsync(ValueTask disposing)
        {
            try
            {
                await disposing.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Orleans logs a dispose that failed; the item's outcome is settled either way.
            }
        }
    }

    /// <summary>
    /// One plain call. The token is not the call's: Orleans would end the call as soon as it is canceled and drop what the
    /// silo then replies, where in-process an item that runs on past its token keeps what it finishes. Its cancellation
    /// goes to the attempt's activation as a call of its own, and the silo's reply (succeeded, failed or canceled) decides;
    /// a silo lost meanwhile ends the call as any lost call ends.
    /// </summary>
    private static async Task<ItemReply> RunOnGrainAsync(IFloxideItemGrain grain, ItemCall call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested(); // as Orleans does for a canceled token: the item never starts
        var reply = grain.RunAsync(call, CancellationToken.None); // sent before any cancel, which must not overtake it needlessly
        using (cancellationToken.Register(static state => CancelOn((IFloxideItemGrain)state!), grain))
        {
            return await reply.ConfigureAwait(false);
        }
    }

    /// <summary>One reporting call; its token goes to the silo as <see cref="RunOnGrainAsync"/>'s does, and its cancel is resent on <paramref name="time"/>.</summary>
    private static async IAsyncEnumerable<ItemReply> StreamOnGrainAsync(
        IFloxideItemGrain grain, ItemCall call, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // One reply per poll: the silo then ends the stream on the client's dispose, on the activation that ran it, where a
        // batch of them could end it first and leave the dispose to activate a fresh grain, kept until idle collection.
        var stream = grain.RunReportingAsync(call, CancellationToken.None).WithBatchSize(1).GetAsyncEnumerator(CancellationToken.None);
        using var open = new CancellationTokenSource(); // canceled as the stream ends: no more cancels are sent then
        try
        {
            var next = stream.MoveNextAsync(); // the call itself, sent before any cancel
            using (cancellationToken.Register(
                static state =>
                {
                    var (grain, time, open) = ((IFloxideItemGrain, TimeProvider, CancellationToken))state!;
                    CancelOn(grain);
                    _ = ResendCancelAsync(grain, time, open);
                },
                (grain, time, open.Token)))
            {
                while (await next.ConfigureAwait(false))
                {
                    yield return stream.Current;
                    next = stream.MoveNextAsync();
                }
            }
        }
        finally
        {
            // Never awaited: when the call failed, this runs before its exception leaves MoveNextAsync, and Orleans has
            // already sent (and waited for) the stream's dispose; a second one would hold the retry for another response
            // timeout on a hung silo. On success the caller ends the stream in the background anyway (Release).
            open.Cancel();
            Release(stream);
        }
    }

    /// <summary>Asks the attempt's activation to cancel its item: a one-way call, which a lost silo simply never takes.</summary>
    private static void CancelOn(IFloxideItemGrain grain)
    {
        try
        {
            _ = grain.CancelAsync();
        }
        catch (Exception)
        {
            // A client shutting down refuses to send; the call itself then ends as a lost one.
        }
    }

    /// <summary>
    /// Sends the cancel again while a stream stays open after it, first after <see cref="FirstCancelResend"/>, then at
    /// doubling intervals up to <see cref="MaxCancelResend"/>. A one-way message may be dropped without a word, and a stream
    /// does not end by itself as a plain call does (at its response timeout): heartbeats keep it open as long as the item
    /// runs, so a lost cancel would leave an item that observes its token running to its end. The silo takes a cancel
    /// more than once as once, so the resends cost a small message each, and at most one every 30 s for an item that runs
    /// on past its token for hours.
    /// </summary>
    private static async Task ResendCancelAsync(IFloxideItemGrain grain, TimeProvider time, CancellationToken open)
    {
        try
        {
            for (var wait = FirstCancelResend; ; wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, MaxCancelResend.Ticks)))
            {
                await Task.Delay(wait, time, open).ConfigureAwait(false);
                CancelOn(grain);
            }
        }
        catch (OperationCanceledException)
        {
            // The stream ended: the item replied, or its call was lost.
        }
    }

    /// <summary>How long a stream stays open after its cancel before the cancel is sent again.</summary>
    internal static readonly TimeSpan FirstCancelResend = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two cancels of one open stream.</summary>
    internal static readonly TimeSpan MaxCancelResend = TimeSpan.FromSeconds(30);

    /// <summary>A plain call's reply as a stream of one.</summary>
    private static async IAsyncEnumerable<ItemReply> Alone(Task<ItemReply> reply)
    {
        yield return await reply.ConfigureAwait(false);
    }
}

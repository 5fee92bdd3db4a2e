namespace Floxide.Orleans;

/// <summary>
/// A registered item workflow: builds the item context from the request on the silo's own batch context, runs
/// the workflow, and turns what happened into a reply, with what the item reported to <see cref="ThrottlingSignals"/>
/// on the way. The workflow and the batch context are created once per silo from the silo's services: the workflow as
/// the silo starts (<see cref="BuildWorkflow"/>), the batch context on first use (a factory that throws is tried again
/// for the next item).
/// </summary>
internal sealed class WorkflowRegistration<TContext, TItem, TRequest, TReply> : IWorkflowRegistration
    where TContext : IBatchContext<TContext, TItem>
{
    private readonly ItemMapping<TContext, TItem, TRequest, TReply> _mapping;
    private readonly BuiltOnce<INode<TContext>> _workflow;
    private readonly BuiltOnce<TContext> _batchContext;

    public WorkflowRegistration(
        string name,
        ItemMapping<TContext, TItem, TRequest, TReply> mapping,
        Func<IServiceProvider, INode<TContext>> workflow,
        Func<IServiceProvider, TContext> batchContext,
        IServiceProvider services)
    {
        Name = name;
        _mapping = mapping;
        _workflow = new(() => workflow(services) ?? throw new InvalidOperationException($"The workflow factory registered as '{name}' returned null."));
        _batchContext = new(() => batchContext(services) ?? throw new InvalidOperationException($"The batch context factory registered as '{name}' returned null."));
    }

    public string Name { get; }

    public Type RequestType => typeof(TRequest);

    public Type ReplyType => typeof(TReply);

    public void BuildWorkflow(string silo)
    {
        try
        {
            _ = _workflow.Value;
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"Floxide workflow '{Name}' could not be built on silo {silo}: its workflow factory threw {ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    public async Task<ItemReply> RunAsync(ItemCall call, string silo, CancellationToken cancellationToken, Action<WireException>? report = null)
    {
        // A 429 a step's retry absorbs here goes back at once, for the coordinator's adaptive concurrency.
        LastReport? last = null;
        InvalidOperationException? readerFailure = null; // the mapping's wait reader threw: the attempt fails with it, as in-process
        using var recording = report is null ? null : ThrottlingSignals.Record(cancellationToken, reported =>
        {
            if (TryReadRetryAfter(reported, call, silo, out var wait) is { } failed)
            {
                readerFailure ??= failed; // under the recording's lock
                throw failed; // out of ThrottlingSignals.Report, to the code that reported, as in-process
            }

            var sent = WireException.Of(reported, wait);
            last = new LastReport(reported, sent);
            report(sent);
        });
        TContext? itemContext = default;
        var built = false;
        var inSteps = false; // only a failure while the workflow runs is a step's
        var replyFailed = false; // ToReply threw: not asked again for the failed item's outputs
        try
        {
            var workflow = _workflow.Value;
            if (!string.Equals(workflow.Id, call.WorkflowId, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"The coordinator runs item workflow '{call.WorkflowId}' but silo {silo} has '{workflow.Id}' registered as '{Name}': register the same workflow on every silo.");
            }

            // A null request is one a mapping with a nullable request type may send.
            if (!(call.Request is TRequest || (call.Request is null && default(TRequest) is null)))
            {
                throw new InvalidOperationException(
                    $"Workflow '{Name}' on silo {silo} expects a request of type '{typeof(TRequest)}' but received '{call.Request?.GetType().ToString() ?? "null"}': the coordinator and the silos disagree on the mapping.");
            }

            var request = (TRequest)call.Request!; // null only where TRequest allows it, checked above
            TItem item;
            try
            {
                item = _mapping.GetItem(request);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw MappingFailed(nameof(_mapping.GetItem), call, silo, ex);
            }

            itemContext = _batchContext.Value.CreateItemContext(item);
            try
            {
                _mapping.ApplyRequest(request, itemContext);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw MappingFailed(nameof(_mapping.ApplyRequest), call, silo, ex);
            }

            call.ItemKey?.ApplyTo(itemContext); // the idempotency key a durable run gave the coordinator's item context
            built = true;
            inSteps = true;
            var action = await workflow.RunAsync(itemContext, cancellationToken).ConfigureAwait(false);
            inSteps = false;
            if (readerFailure is { } failure)
            {
                // A step's retry went past it: the attempt still fails with it, naming no step, as in-process.
                var (kept, outputs) = TryReply(itemContext!);
                return ItemReply.Failed(failure, silo, null, outputs, kept);
            }

            object? reply;
            try
            {
                reply = _mapping.ToReply(itemContext);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                replyFailed = true;
                throw MappingFailed(nameof(_mapping.ToReply), call, silo, ex);
            }

            return new ItemReply
            {
                Outcome = ItemOutcome.Succeeded,
                Reply = reply,
                HasReply = true,
                Action = action.Name,
                Silo = silo,
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new ItemReply { Outcome = ItemOutcome.Canceled, Silo = silo };
        }
        catch (Exception ex)
        {
            // The item's own failure (any exception, a TimeoutException too) is a result, never a lost call to retry. The
            // step and exception are named as in-process (NodeFailedException.FailedStepOf and ThrownByStep, internal there).
            // A mapping method's failure crosses as what the method threw, its message naming the method and the item.
            (string? StepId, Exception Thrown, string? OutsideSteps) named = ex switch
            {
                ItemFailedOutsideStepsException { InnerException: { } inner } when !inSteps => (null, inner, ex.Message),
                NodeFailedException { InnerException: { } inner } failed => (failed.NodeId, inner, null),
                FloxideException floxide => (floxide.NodeId, ex, null),
                _ when inSteps => (_workflow.Value.Id, ex, null), // a single node threw, as the engine names it in-process
                _ => (null, ex, null),
            };
            var (stepId, thrown, outsideSteps) = named;
            // Outputs only from a mapping that has not failed to read them: a flaky ToReply would send them with its own failure.
            var (hasReply, reply) = built && !replyFailed ? TryReply(itemContext!) : (false, null);
            // A reader's error is the attempt's, whatever else failed, and names no step, as in-process.
            if (readerFailure is { } failure)
            {
                return ItemReply.Failed(failure, silo, null, reply, hasReply);
            }

            if (last is { } l && ReferenceEquals(l.Exception, thrown))
            {
                // The exception the item reported last and then failed with went out already: the coordinator throws that one.
                return ItemReply.Failed(thrown, silo, stepId, reply, hasReply, reported: l.Sent, outsideSteps: outsideSteps);
            }

            return TryReadRetryAfter(thrown, call, silo, out var wait) is { } unread
                ? ItemReply.Failed(unread, silo, null, reply, hasReply) // its message names the failure it was reading
                : ItemReply.Failed(thrown, silo, stepId, reply, hasReply, retryAfter: wait, outsideSteps: outsideSteps);
        }
    }

    /// <summary>
    /// A mapping method that threw: the item fails with what it threw, naming no step; the message, which the coordinator's
    /// <see cref="ItemFailedOutsideStepsException"/> carries, names the method and the item. A cancellation is not wrapped.
    /// </summary>
    private ItemFailedOutsideStepsException MappingFailed(string method, ItemCall call, string silo, Exception exception) =>
        new(MappingFailure.Message(_mapping.GetType(), method, call.ItemIndex, Name, silo, exception), exception);

    /// <summary>
    /// Reads the wait the mapping finds in <paramref name="exception"/>; returns the attempt's error, naming the mapping,
    /// when the mapping throws.
    /// </summary>
    private InvalidOperationException? TryReadRetryAfter(Exception exception, ItemCall call, string silo, out TimeSpan? wait)
    {
        try
        {
            wait = _mapping.RetryAfterOf(exception);
            return null;
        }
        catch (Exception failure)
        {
            wait = null;
            return new InvalidOperationException(
                $"{MappingFailure.DisplayName(_mapping.GetType())}.RetryAfterOf threw on silo {silo} while reading a {exception.GetType().FullName} (\"{exception.Message}\") that {MappingFailure.Item(call.ItemIndex)} of workflow '{Name}' met. "
                + "The attempt fails with this exception rather than lose its wait; the mapping must answer for any exception.",
                failure);
        }
    }

    /// <summary>The outputs of a failed item, as in-process keeps its context; none when the mapping cannot read them.</summary>
    private (bool HasReply, object? Reply) TryReply(TContext itemContext)
    {
        try
        {
            return (true, _mapping.ToReply(itemContext));
        }
        catch (Exception)
        {
            return (false, null);
        }
    }

    /// <summary>The last report sent, and what was sent of it.</summary>
    private sealed record LastReport(Exception Exception, WireException Sent);
}

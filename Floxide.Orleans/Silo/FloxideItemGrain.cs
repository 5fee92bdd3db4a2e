using System.Runtime.CompilerServices;
using System.Threading.Channels;
using global::Orleans;
using global::Orleans.Placement;
using global::Orleans.Runtime;

namespace Floxide.Orleans;

/// <summary>
/// Runs one attempt of one item. Each attempt has a key of its own and is placed at random, so items spread
/// over the silos and a retried item lands wherever the cluster places it now, never on a silo known dead.
/// </summary>
[RandomPlacement]
internal sealed class FloxideItemGrain(WorkflowRegistry registry, ILocalSiloDetails silo) : Grain, IFloxideItemGrain
{
    public async Task<ItemReply> RunAsync(ItemCall call, CancellationToken cancellationToken)
    {
        var siloName = silo.Name;
        try
        {
            var registration = Registration(call, siloName);

            // The workflow is not grain code: it runs on the thread pool, so a long CPU-bound item holds no turn of
            // the activation. No ConfigureAwait(false): DeactivateOnIdle below must run on the activation.
            return await Task.Run(() => registration.RunAsync(call, siloName, cancellationToken), CancellationToken.None);
        }
        finally
        {
            // One attempt per activation: do not keep it until idle collection.
            DeactivateOnIdle();
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ItemReply> RunReportingAsync(ItemCall call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var siloName = silo.Name;
        try
        {
            var registration = Registration(call, siloName);

            // Each report goes back as it is recorded; the workflow runs off the activation, as in RunAsync.
            var reports = Channel.CreateUnbounded<WireException>(new UnboundedChannelOptions { SingleReader = true });
            var run = Task.Run(
                async () =>
                {
                    try
                    {
                        return await registration.RunAsync(call, siloName, cancellationToken, signal => reports.Writer.TryWrite(signal));
                    }
                    finally
                    {
                        reports.Writer.TryComplete();
                    }
                },
                CancellationToken.None);
            await foreach (var signal in reports.Reader.ReadAllAsync(CancellationToken.None))
            {
                yield return new ItemReply { Outcome = ItemOutcome.Reported, Silo = siloName, Signal = signal };
            }

            yield return await run;
        }
        finally
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>The workflow the call names; one this silo does not have replies that it does not, as the item's failure.</summary>
    private IWorkflowRegistration Registration(ItemCall call, string siloName)
    {
        try
        {
            return registry.Get(call.Workflow, siloName);
        }
        catch (InvalidOperationException ex)
        {
            return new Refused(ItemReply.Failed(ex, siloName));
        }
    }

    /// <summary>A workflow this silo does not have: the reply says so.</summary>
    private sealed class Refused(ItemReply reply) : IWorkflowRegistration
    {
        public string Name => "";

        public Type RequestType => typeof(object);

        public Type ReplyType => typeof(object);

        public Task<ItemReply> RunAsync(ItemCall call, string silo, CancellationToken cancellationToken, Action<WireException>? report = null) =>
            Task.FromResult(reply);
    }
}

using System.Diagnostics.CodeAnalysis;
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
            if (!TryFind(call, siloName, out var registration, out var refusal))
            {
                return refusal;
            }

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
            if (!TryFind(call, siloName, out var registration, out var refusal))
            {
                yield return refusal;
                yield break;
            }

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

    /// <summary>
    /// Finds the workflow the call names; for one this silo does not have, <paramref name="refusal"/> is the reply that
    /// says so, as the item's failure (not a lost call to send elsewhere).
    /// </summary>
    private bool TryFind(
        ItemCall call,
        string siloName,
        [NotNullWhen(true)] out IWorkflowRegistration? registration,
        [NotNullWhen(false)] out ItemReply? refusal)
    {
        try
        {
            (registration, refusal) = (registry.Get(call.Workflow, siloName), null);
            return true;
        }
        catch (InvalidOperationException ex)
        {
            (registration, refusal) = (null, ItemReply.Failed(ex, siloName));
            return false;
        }
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using global::Orleans;
using global::Orleans.Placement;
using global::Orleans.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Floxide.Orleans;

/// <summary>
/// Runs one attempt of one item. Each attempt has a key of its own and is placed at random, so items spread
/// over the silos and a retried item lands wherever the cluster places it now, never on a silo known dead.
/// </summary>
/// <remarks>
/// Every silo that loads Floxide.Orleans hosts this grain, so items reach a silo that registered no workflow too: there
/// the registry is missing (<see cref="FloxideSiloBuilderExtensions.AddFloxideWorkflow"/> adds it), and each item fails
/// outside its steps, naming the silo and the fix, as for a name the silo did not register. It is not a lost call to
/// send elsewhere: placement would keep choosing this silo for a share of the retries, so the same misconfiguration
/// would fail items at random, or only slow them down, instead of saying what is wrong.
/// </remarks>
[RandomPlacement]
internal sealed class FloxideItemGrain(IServiceProvider services, ILocalSiloDetails silo) : Grain, IFloxideItemGrain
{
    // Resolved here, not taken by the constructor: without AddFloxideWorkflow the activation would fail in DI, and the
    // coordinator would get Orleans' activation error, which reads as its own node's failure.
    private readonly WorkflowRegistry? _registry = services.GetService<WorkflowRegistry>();

    /// <summary>
    /// How long an activation waits for its attempt's call before it goes: one that a cancel or a stream's dispose created
    /// (the cancel may overtake the call it is meant for, and then the attempt runs canceled; or it came after the attempt
    /// ended, on an activation since gone, and then nothing comes) must not stay until idle collection.
    /// </summary>
    internal static readonly TimeSpan NeverStartedTimeout = TimeSpan.FromSeconds(30);

    // Created with the activation, which takes one attempt: a cancel before the attempt's call arrives cancels it too.
    private readonly CancellationTokenSource _canceled = new();
    private IGrainTimer? _neverStarted;
    private bool _started;

    /// <inheritdoc/>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Whatever created this activation, it goes if no attempt's call starts here: a cancel or a dispose may be all it gets.
        _neverStarted = this.RegisterGrainTimer(
            () =>
            {
                if (!_started)
                {
                    DeactivateOnIdle();
                }

                return Task.CompletedTask;
            },
            NeverStartedTimeout,
            Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public async Task<ItemReply> RunAsync(ItemCall call, CancellationToken cancellationToken)
    {
        using var canceled = Start(cancellationToken);
        var token = canceled.Token;
        var siloName = silo.Name;
        try
        {
            if (!TryFind(call, siloName, out var registration, out var refusal))
            {
                return refusal;
            }

            // The workflow is not grain code: it runs on the thread pool, so a long CPU-bound item holds no turn of
            // the activation. No ConfigureAwait(false): DeactivateOnIdle below must run on the activation.
            return await Task.Run(() => registration.RunAsync(call, siloName, token), CancellationToken.None);
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
        using var canceled = Start(cancellationToken);
        var token = canceled.Token;
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
                        return await registration.RunAsync(call, siloName, token, signal => reports.Writer.TryWrite(signal));
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

    /// <inheritdoc/>
    public Task CancelAsync()
    {
        // Not awaited: the token's callbacks (the item's continuations among them, which may run inline) run on the thread
        // pool, and this interleaved request ends now rather than when they finish.
        _ = _canceled.CancelAsync().ContinueWith(
            static canceling => _ = canceling.Exception, // a callback of the item's threw: its own failure, not the cancel's
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The attempt's call arrived: the activation no longer waits for one. Returns what the run observes: the call's
    /// token (Orleans cancels it as a silo shuts down) linked with this activation's cancel, which may have come first.
    /// </summary>
    private CancellationTokenSource Start(CancellationToken callToken)
    {
        _started = true;
        _neverStarted?.Dispose();
        return CancellationTokenSource.CreateLinkedTokenSource(callToken, _canceled.Token);
    }

    /// <summary>
    /// Finds the workflow the call names; for one this silo does not have (or when it registered none),
    /// <paramref name="refusal"/> is the reply that says so, as the item's failure outside its steps (not a lost call to
    /// send elsewhere).
    /// </summary>
    private bool TryFind(
        ItemCall call,
        string siloName,
        [NotNullWhen(true)] out IWorkflowRegistration? registration,
        [NotNullWhen(false)] out ItemReply? refusal)
    {
        try
        {
            var registry = _registry ?? throw new InvalidOperationException(
                $"Silo {siloName} has no Floxide workflow registered, yet it hosts Floxide's item grain, as every silo that references Floxide.Orleans does, "
                + $"so the cluster sends it items (here of workflow '{call.Workflow}'): call AddFloxideWorkflow on every silo that references Floxide.Orleans.");
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

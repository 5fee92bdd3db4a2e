using global::Orleans;
using global::Orleans.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace Floxide.Orleans.Tests;

/// <summary>
/// An item grain activation that only a cancel reached (its attempt's call never came) goes 30 s after it started, not at
/// idle collection. The silo's grain timers run on a fake clock, so the test advances 30 s without waiting for them.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StrayActivationTests
{
    [Fact]
    public async Task An_activation_only_a_cancel_reached_stays_until_30_s_after_it_started_and_goes_then()
    {
        var time = new FakeTimeProvider();
        var probe = new ClusterProbe
        {
            // An attempt on an activation the cancel reached ends canceled; one on a fresh activation succeeds.
            Hook = (_, _, cancellationToken) => cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Task.CompletedTask,
        };
        await using var cluster = await TestClusters.StartAsync(probe, silos: 1, grainTime: time);

        // Two strays, both started at the same instant: a call that starts an attempt ends the wait, so each is probed once.
        var early = cluster.Client.GetGrain<IFloxideItemGrain>(Guid.NewGuid());
        var late = cluster.Client.GetGrain<IFloxideItemGrain>(Guid.NewGuid());
        var earlyStray = await CancelAsync(early);
        var lateStray = await CancelAsync(late);

        // Just before 30 s the early stray is still there: its attempt's call, come at last, finds the cancel.
        time.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));
        var (earlyReply, earlyActivation) = await RunAsync(early, 1);

        // At 30 s the late stray went: its call (queued behind the timer's tick) starts on a new activation.
        time.Advance(TimeSpan.FromTicks(1));
        var (lateReply, lateActivation) = await RunAsync(late, 2);

        Assert.Equal((earlyStray, ItemOutcome.Canceled), (earlyActivation, earlyReply.Outcome));
        Assert.NotEqual(lateStray, lateActivation);

        // The new activation never saw the cancel: its attempt runs to the end.
        Assert.Equal(ItemOutcome.Succeeded, lateReply.Outcome);

        // Sends a cancel that creates the grain's activation, and returns that activation once the cancel reached it.
        async Task<ActivationId> CancelAsync(IFloxideItemGrain grain)
        {
            await grain.CancelAsync();
            await probe.GrainCalls.TakenAsync(c => c.Grain == grain.GetGrainId() && c.Method == nameof(IFloxideItemGrain.CancelAsync), 1);
            return ActivationOf(grain, nameof(IFloxideItemGrain.CancelAsync));
        }

        // Runs an attempt of the grain; returns its reply and the activation that took it.
        async Task<(ItemReply Reply, ActivationId Activation)> RunAsync(IFloxideItemGrain grain, int item)
        {
            var reply = await grain.RunAsync(ScriptedCalls.Call(item), CancellationToken.None).WaitAsync(TestClusters.Patience);
            return (reply, ActivationOf(grain, nameof(IFloxideItemGrain.RunAsync)));
        }

        ActivationId ActivationOf(IFloxideItemGrain grain, string method) =>
            probe.GrainCalls.Calls.Single(c => c.Grain == grain.GetGrainId() && c.Method == method).Activation;
    }
}

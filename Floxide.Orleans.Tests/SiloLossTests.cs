using System.Diagnostics;
using Floxide.Runtime.Tests.Support;
using Xunit.Abstractions;

namespace Floxide.Orleans.Tests;

/// <summary>A silo lost mid-batch loses nothing: its items complete elsewhere and every result merges once, in order.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SiloLossTests(ITestOutputHelper output)
{
    private const int Items = 1000;

    [Fact]
    public async Task A_silo_killed_mid_batch_loses_no_item_and_runs_nothing_after_the_kill()
    {
        var probe = new ClusterProbe();
        await using var cluster = await TestClusters.StartAsync(probe);
        var victim = cluster.Silos[1];

        // Timeline: the first item from 200 on that starts on the victim is held there; the test then kills the
        // victim, marks it down, and only then lets the held item go on (its reply goes nowhere). The held item, and
        // whatever else the victim had in flight, must complete on the other silos.
        var held = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new Signal();
        probe.Hook = async (item, silo, _) =>
        {
            if (item >= 200 && silo == victim.Name && held.TrySetResult(item))
            {
                await release.WaitAsync();
            }
        };
        var executor = TestClusters.Executor(cluster);
        var batch = TestClusters.Numbers(Items);
        var run = TestClusters.Coordinator(executor).RunBatchAsync(batch);

        var heldItem = await held.Task.WaitAsync(TestClusters.Patience);
        var clock = Stopwatch.StartNew();
        probe.Losing(victim.Name);
        await cluster.KillSiloAsync(victim).WaitAsync(TestClusters.Patience);
        var killed = clock.Elapsed;
        probe.Lost();
        release.Set();
        var report = await run.WaitAsync(TestClusters.Patience);

        // The timeline, for the record (never asserted): how long the kill took and the batch ran on after it.
        var rerun = probe.Starts.GroupBy(s => s.Item).Count(g => g.Count() > 1);
        output.WriteLine($"item {heldItem} held on {victim.Name}; kill took {killed.TotalSeconds:F1} s; the batch ended {(clock.Elapsed - killed).TotalSeconds:F1} s after it; {rerun} items ran twice");

        Assert.Equal((Items, Items, 0), (report.Total, report.Succeeded, report.Failed));
        Assert.Equal(TestClusters.ExpectedSquares(Items), batch.Squares.Select(s => (s.Number, s.Value)));
        Assert.NotEqual(victim.Name, batch.Squares[heldItem].Silo);
        Assert.Contains(probe.Starts, s => s.Silo == victim.Name);

        // Not silently: the coordinator's client warned that the held item's call was lost and sent again.
        Assert.Contains(probe.CoordinatorLogs.GetSnapshot(), r => r.Category == "Floxide.Orleans" && r.Id.Name == "LostCallResent"
            && r.Level == Microsoft.Extensions.Logging.LogLevel.Warning && r.GetStructuredStateValue("ItemIndex") == heldItem.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain(probe.Starts, s => s.AfterSiloLost);
        Assert.True(executor.MaxInFlight <= 16, $"The coordinator had {executor.MaxInFlight} items in flight.");
        Assert.True(probe.MaxInFlight <= 16, $"The live silos ran {probe.MaxInFlight} items at once.");
    }

    [Fact]
    public async Task A_silo_stopped_gracefully_mid_batch_loses_no_item_and_runs_nothing_after_it_stopped()
    {
        var probe = new ClusterProbe();
        await using var cluster = await TestClusters.StartAsync(probe);
        var victim = cluster.Silos[1];

        // The stop starts once the victim has run an item from 300 on; the items keep flowing while it stops.
        var reached = new Signal();
        probe.Hook = (item, silo, _) =>
        {
            if (item >= 300 && silo == victim.Name)
            {
                reached.Set();
            }

            return Task.CompletedTask;
        };
        var executor = TestClusters.Executor(cluster);
        var batch = TestClusters.Numbers(Items);
        var run = TestClusters.Coordinator(executor).RunBatchAsync(batch);

        await reached.WaitAsync();
        await cluster.StopSiloAsync(victim).WaitAsync(TestClusters.Patience);
        probe.Losing(victim.Name);
        probe.Lost();
        var report = await run.WaitAsync(TestClusters.Patience);

        Assert.Equal((Items, Items, 0), (report.Total, report.Succeeded, report.Failed));
        Assert.Equal(TestClusters.ExpectedSquares(Items), batch.Squares.Select(s => (s.Number, s.Value)));
        Assert.Contains(batch.Squares, s => s.Silo == victim.Name);
        Assert.DoesNotContain(probe.Starts, s => s.AfterSiloLost);
        Assert.True(executor.MaxInFlight <= 16, $"The coordinator had {executor.MaxInFlight} items in flight.");
        Assert.True(probe.MaxInFlight <= 16, $"The silos ran {probe.MaxInFlight} items at once.");
    }

    [Fact]
    public async Task In_an_adaptive_batch_an_item_held_on_a_silo_that_stops_gracefully_completes_elsewhere()
    {
        // An adaptive batch's item call is a stream: the stopping silo drops it (and cancels the item there), and the
        // coordinator must send the item again, not fail it.
        var probe = new ClusterProbe();
        await using var cluster = await TestClusters.StartAsync(probe);
        var victim = cluster.Silos[1];
        var held = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        probe.Hook = async (item, silo, cancellationToken) =>
        {
            if (item >= 100 && silo == victim.Name && held.TrySetResult(item))
            {
                await Task.Delay(Timeout.Infinite, cancellationToken); // ends only when the silo cancels it
            }
        };
        var options = new BatchOptions { MaxDegreeOfParallelism = 16, AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 16 } };
        var batch = TestClusters.Numbers(Items / 4);
        var run = TestClusters.ClusterNode(cluster, options).RunBatchAsync(batch);

        var heldItem = await held.Task.WaitAsync(TestClusters.Patience);
        await cluster.StopSiloAsync(victim).WaitAsync(TestClusters.Patience);
        var report = await run.WaitAsync(TestClusters.Patience);

        Assert.Equal((Items / 4, Items / 4, 0), (report.Total, report.Succeeded, report.Failed));
        Assert.Equal(TestClusters.ExpectedSquares(Items / 4), batch.Squares.Select(s => (s.Number, s.Value)));
        Assert.NotEqual(victim.Name, batch.Squares[heldItem].Silo);
    }
}

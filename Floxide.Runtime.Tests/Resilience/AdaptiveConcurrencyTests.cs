using System.Net;
using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Resilience;

public class AdaptiveConcurrencyTests
{
    [Fact]
    public void A_full_round_of_successes_raises_the_level_by_about_one_and_never_past_the_ceiling()
    {
        var counts = new BatchCounts();
        var gate = new ConcurrencyGate(new AdaptiveConcurrency { InitialLevel = 2 }, ceiling: 4, counts);

        Assert.Equal(2, gate.Level);
        Succeed(gate, 2); // 2 + 1/2 + 1/2.5 = 2.9
        Assert.Equal(2, gate.Level);
        Succeed(gate, 1); // 2.9 + 1/2.9 = 3.24
        Assert.Equal(3, gate.Level);
        Succeed(gate, 100);
        Assert.Equal(4, gate.Level);
        Assert.Equal(4, counts.ConcurrencyLevel);
    }

    [Fact]
    public void Throttling_halves_the_level_once_per_round_and_successes_bring_it_back()
    {
        var counts = new BatchCounts();
        var gate = new ConcurrencyGate(new AdaptiveConcurrency { InitialLevel = 8 }, ceiling: 8, counts);
        var rounds = Enumerable.Range(0, 8).Select(_ => Enter(gate)).ToList();

        gate.Exit(rounds[0], ConcurrencyGate.Signal.Throttled);
        Assert.Equal(4, gate.Level);
        gate.Exit(rounds[1], ConcurrencyGate.Signal.Throttled); // same round: it saw the old level
        Assert.Equal(4, gate.Level);
        Assert.Equal(4, counts.ConcurrencyLevel);
        foreach (var round in rounds.Skip(2))
        {
            gate.Exit(round, ConcurrencyGate.Signal.Neutral);
        }

        gate.Exit(Enter(gate), ConcurrencyGate.Signal.Throttled); // a new round: it falls again
        Assert.Equal(2, gate.Level);
        gate.Exit(Enter(gate), ConcurrencyGate.Signal.Throttled);
        gate.Exit(Enter(gate), ConcurrencyGate.Signal.Throttled);
        Assert.Equal(1, gate.Level); // the minimum

        Succeed(gate, 100);
        Assert.Equal(8, gate.Level);
    }

    [Fact]
    public async Task Attempts_beyond_the_level_wait_until_one_exits_and_a_canceled_wait_ends()
    {
        var gate = new ConcurrencyGate(new AdaptiveConcurrency { InitialLevel = 1 }, ceiling: 1, new BatchCounts());
        var first = Enter(gate);
        var second = gate.EnterAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var third = gate.EnterAsync(cancel.Token);

        Assert.False(second.IsCompleted);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => third.AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(second.IsCompleted);
        gate.Exit(first, ConcurrencyGate.Signal.Success);
        await second.AsTask().WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task The_ceiling_holds_while_the_level_rises_to_it_and_falls_to_the_minimum_on_429s()
    {
        var inFlight = new Watermark();
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            inFlight.Enter();
            await Task.Yield();
            inFlight.Exit();
            if (context.Item >= 300)
            {
                throw new HttpRequestException("slow down", null, HttpStatusCode.TooManyRequests);
            }
        });
        var progress = new ProgressRecorder();
        var options = new BatchOptions { MaxDegreeOfParallelism = 6, AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 1, MinimumLevel = 2 } };
        var context = TestContext.Over(Enumerable.Range(0, 300).ToArray());

        await new BatchFlow<TestContext, int>(work, options).RunAsync(context, progress);
        var risen = progress.Reports.Last().ConcurrencyLevel;
        progress.Reports.Clear();
        var report = await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over(Enumerable.Range(300, 100).ToArray()), progress);

        Assert.InRange(inFlight.Max, 1, 6);
        Assert.Equal(6, risen);
        Assert.Equal(100, report.Failed);
        Assert.Equal(2, progress.Reports.Last().ConcurrencyLevel);
    }

    [Fact]
    public async Task A_user_classifier_and_a_latency_threshold_are_throttling_signals()
    {
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 4,
            AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 4, IsThrottled = ex => ex is TimeoutException },
        };
        var progress = new ProgressRecorder();
        var work = Node.Create<TestContext>("call", _ => throw new TimeoutException("busy"));

        await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([1, 2, 3, 4, 5, 6, 7, 8]), progress);

        Assert.Equal(1, progress.Reports.Last().ConcurrencyLevel);

        var time = new RecordingTimeProvider();
        var slow = Node.Create<TestContext>("call", _ => time.Advance(TimeSpan.FromSeconds(2)));
        progress.Reports.Clear();
        var latency = options with { TimeProvider = time, AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 4, LatencyThreshold = TimeSpan.FromSeconds(1) } };
        await new BatchFlow<TestContext, int>(slow, latency).RunAsync(TestContext.Over([1, 2, 3, 4, 5, 6, 7, 8]), progress);

        Assert.Equal(1, progress.Reports.Last().ConcurrencyLevel);
    }

    [Fact]
    public async Task Without_adaptive_concurrency_progress_reports_the_ceiling()
    {
        var progress = new ProgressRecorder();

        await new BatchFlow<TestContext, int>(Node.Create<TestContext>("w", _ => { }), new BatchOptions { MaxDegreeOfParallelism = 5 }).RunAsync(TestContext.Over([1]), progress);

        Assert.Equal(5, progress.Reports.Last().ConcurrencyLevel);
    }

    private static long Enter(ConcurrencyGate gate)
    {
        var entered = gate.EnterAsync(CancellationToken.None);
        Assert.True(entered.IsCompletedSuccessfully, "the gate admits below its level at once");
        return entered.Result;
    }

    private static void Succeed(ConcurrencyGate gate, int times)
    {
        for (var i = 0; i < times; i++)
        {
            gate.Exit(Enter(gate), ConcurrencyGate.Signal.Success);
        }
    }
}

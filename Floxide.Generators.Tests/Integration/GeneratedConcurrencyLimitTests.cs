using System.Threading.RateLimiting;
using Floxide.Runtime.Tests.Support;
using Polly;
using Microsoft.Extensions.Time.Testing;

namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// A [Node]'s declared [ConcurrencyLimit] runs as the README promises (the generated text is in Baselines/Resilience:
/// Shop.Resilient.Write and Shop.Resilient.Call). Each limited node type has one limiter for the process, so the tests of
/// one type run one after another, in this class, and each leaves every permit free.
/// </summary>
public sealed class GeneratedConcurrencyLimitTests
{
    [Fact]
    public async Task A_limited_step_runs_at_most_PermitLimit_at_once_and_reaches_it_while_the_step_before_it_runs_the_batchs_width()
    {
        var fetching = new Watermark();
        var allFetching = new Signal();
        var fetched = allFetching.SetAfter(8);
        var fetch = Node.CreateAsync<GatedBatch>("fetch", async (_, _) =>
        {
            fetching.Enter();
            fetched();
            await allFetching.WaitAsync(); // all eight items in the unlimited step at once
            fetching.Exit();
        });
        var writes = new LimitProbe(limit: 2, runs: 8);
        var write = writes.Around(new PairLimitedNode());
        var item = new WorkflowBuilder<GatedBatch>("item").StartWith(fetch).Then(fetch, write).Build();
        var context = new GatedBatch { Items = [.. Enumerable.Range(0, 8)], Step = writes.Step };

        var report = await GatedBatch.CreateBatchFlow(item).RunAsync(context).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(8, report.Succeeded);
        Assert.Equal(8, fetching.Max);
        Assert.Equal(2, writes.Inside.Max);
    }

    /// <summary>
    /// A run waiting for the permit is inside its item's workflow, so the item keeps its slot of the batch's
    /// MaxDegreeOfParallelism: with eight slots, two runs inside the step and six waiting, the two items beyond the eight
    /// have not started, and the batch goes at its narrowest step's pace.
    /// </summary>
    [Fact]
    public async Task A_run_waiting_for_the_permit_keeps_its_items_slot_of_the_batch()
    {
        var started = 0;
        var startedWhenFull = 0;
        var start = Node.Create<GatedBatch>("start", _ =>
        {
            Interlocked.Increment(ref started);
        });
        var writes = new LimitProbe(limit: 2, runs: 8, whenFull: () => startedWhenFull = Volatile.Read(ref started));
        var write = writes.Around(new PairLimitedNode());
        var item = new WorkflowBuilder<GatedBatch>("item").StartWith(start).Then(start, write).Build();
        var context = new GatedBatch { Items = [.. Enumerable.Range(0, 10)], Step = writes.Step };

        var report = await GatedBatch.CreateBatchFlow(item).RunAsync(context).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(10, report.Succeeded);
        Assert.Equal(8, startedWhenFull);
        Assert.Equal(2, writes.Inside.Max);
    }

    /// <summary>
    /// One limiter for the step type, whatever the batch or its clock: a batch on a test's clock runs the pipeline built
    /// again on that clock, with the same limiter, so two batches together still have two runs inside at once, not four.
    /// </summary>
    [Fact]
    public async Task The_limit_is_shared_by_two_batches_running_at_once_on_different_clocks()
    {
        var writes = new LimitProbe(limit: 2, runs: 8);
        var first = new GatedBatch { Items = [0, 1, 2, 3], Step = writes.Step };
        var second = new GatedBatch { Items = [4, 5, 6, 7], Step = writes.Step };

        var reports = await Task.WhenAll(
            GatedBatch.CreateBatchFlow(writes.Around(new PairLimitedNode())).RunAsync(first),
            GatedBatch.CreateBatchFlow(writes.Around(new PairLimitedNode()), GatedBatch.DefaultBatchOptions with { TimeProvider = new FakeTimeProvider() }).RunAsync(second))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(reports, r => Assert.Equal(4, r.Succeeded));
        Assert.Equal(2, writes.Inside.Max);
    }

    /// <summary>
    /// A generic step's closed types each run their own static initialiser, and still share the one limit the declaration
    /// states: two batches running <c>TaggedLimitedNode&lt;int&gt;</c> and <c>TaggedLimitedNode&lt;string&gt;</c> have one
    /// run inside at once, not two.
    /// </summary>
    [Fact]
    public async Task The_closed_types_of_a_generic_step_share_its_one_limit()
    {
        var writes = new LimitProbe(limit: 1, runs: 4);
        var first = new GatedBatch { Items = [0, 1], Step = writes.Step };
        var second = new GatedBatch { Items = [2, 3], Step = writes.Step };

        var reports = await Task.WhenAll(
            GatedBatch.CreateBatchFlow(writes.Around(new TaggedLimitedNode<int>())).RunAsync(first),
            GatedBatch.CreateBatchFlow(writes.Around(new TaggedLimitedNode<string>())).RunAsync(second))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(reports, r => Assert.Equal(2, r.Succeeded));
        Assert.Equal(1, writes.Inside.Max);
    }

    /// <summary>
    /// The permit is taken per attempt, inside the retry: while one item waits out its retry's minute, the clock never
    /// moving, the other item's run holds the only permit. A limit around the retry would keep it out until the minute passed.
    /// </summary>
    [Fact]
    public async Task A_retried_attempt_holds_no_permit_during_its_retry_delay()
    {
        var time = new RecordingTimeProvider();
        var runs = 0;
        var otherInside = new Signal();
        var releaseOther = new Signal();
        var context = new GatedBatch
        {
            Items = [1, 2],
            Step = async (_, token) =>
            {
                switch (Interlocked.Increment(ref runs))
                {
                    case 1:
                        throw new InvalidOperationException("transient"); // retried after a minute
                    case 2:
                        otherInside.Set();
                        await releaseOther.WaitAsync().WaitAsync(token);
                        break;
                }
            },
        };

        var run = GatedBatch.CreateBatchFlow(new RetriedLimitedNode(), GatedBatch.DefaultBatchOptions with { TimeProvider = time }).RunAsync(context);
        Assert.Equal(TimeSpan.FromMinutes(1), await time.NextTimerAsync()); // the first attempt failed: its retry's delay
        await otherInside.WaitAsync();
        releaseOther.Set();
        time.Advance(TimeSpan.FromMinutes(1));
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, report.Succeeded);
        Assert.Equal(3, Volatile.Read(ref runs));
    }

    /// <summary>
    /// The six runs queued behind the two inside end canceled with the batch (the two inside see their token canceled),
    /// none entering the step with a permit one of those gave back as it ended (however the cancellation's callbacks are
    /// ordered), and every permit comes back: two runs of the step can be inside at once again afterwards.
    /// </summary>
    [Fact]
    public async Task A_batch_canceled_while_runs_wait_for_the_permit_ends_them_canceled_and_leaks_no_permit()
    {
        using var cancel = new CancellationTokenSource();
        var held = new LimitProbe(limit: 2, runs: 8, releaseWhenFull: false);
        var context = new GatedBatch { Items = [.. Enumerable.Range(0, 8)], Step = held.Step };

        var run = GatedBatch.CreateBatchFlow(held.Around(new PairLimitedNode())).RunAsync(context, cancel.Token);
        await held.Full.WaitAsync();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(2, held.Inside.Max);
        Assert.Equal(2, held.Entered); // the permits the canceled runs gave back went to no queued run
        Assert.Equal(8, context.LastBatch!.Count);
        Assert.All(context.LastBatch, r => Assert.Equal(BatchItemStatus.Canceled, r.Status));
        await AssertBothPermitsAreFree();
    }

    /// <summary>
    /// With a grace period, a run waiting for its permit is part of an attempt that is running, as the item's later steps
    /// are: canceled while one run is inside and two wait, the batch lets the two start as the permit comes back, after
    /// the cancellation, and all three items succeed before the exception. (The README's Draining section says so.)
    /// </summary>
    [Fact]
    public async Task While_a_batch_drains_runs_waiting_for_the_permit_go_on_as_the_items_later_steps_do()
    {
        using var cancel = new CancellationTokenSource();
        var entered = 0;
        var enteredAfterCancel = 0;
        var release = new Signal();
        var asked = new Signal();
        var context = new GatedBatch
        {
            Items = [0, 1, 2],
            Step = async (_, _) =>
            {
                var first = Interlocked.Increment(ref entered) == 1;
                if (cancel.IsCancellationRequested)
                {
                    Interlocked.Increment(ref enteredAfterCancel);
                }

                if (first)
                {
                    await release.WaitAsync();
                }
            },
        };
        var options = GatedBatch.DefaultBatchOptions with { CancellationGracePeriod = Timeout.InfiniteTimeSpan };

        var run = GatedBatch.CreateBatchFlow(new Asking(new SingleLimitedNode(), asked.SetAfter(3)), options).RunAsync(context, cancel.Token);
        await asked.WaitAsync(); // one run inside, two waiting for its permit
        await cancel.CancelAsync();
        release.Set();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal((3, 2), (Volatile.Read(ref entered), Volatile.Read(ref enteredAfterCancel)));
        Assert.Equal(3, context.LastBatch!.Count);
        Assert.All(context.LastBatch, r => Assert.Equal(BatchItemStatus.Succeeded, r.Status));
    }

    /// <summary>
    /// When the grace period ends, the runs still waiting for the permit see their token canceled with the attempts
    /// running: they end canceled without entering the step, even the one the permit is handed to as the run inside ends
    /// canceled too. The period runs on the batch's clock, moved only once the drain's timer is set.
    /// </summary>
    [Fact]
    public async Task When_the_grace_period_ends_runs_still_waiting_for_the_permit_end_canceled_without_entering()
    {
        using var cancel = new CancellationTokenSource();
        var time = new RecordingTimeProvider();
        var entered = 0;
        var asked = new Signal();
        var context = new GatedBatch
        {
            Items = [0, 1, 2],
            Step = async (_, token) =>
            {
                Interlocked.Increment(ref entered);
                await asked.WaitAsync();

                // Hostile: the run inside listens to its token after the two queued runs do, so the period's end reaches
                // it first (callbacks run last registered first), and the permit it gives back as it ends goes to a queued
                // run whose own cancellation has not run yet.
                await Task.Delay(Timeout.Infinite, token);
            },
        };
        var options = GatedBatch.DefaultBatchOptions with { CancellationGracePeriod = TimeSpan.FromSeconds(10), TimeProvider = time };

        var run = GatedBatch.CreateBatchFlow(new Asking(new SingleLimitedNode(), asked.SetAfter(3)), options).RunAsync(context, cancel.Token);
        await asked.WaitAsync();
        await cancel.CancelAsync();
        Assert.Equal(TimeSpan.FromSeconds(10), await time.NextTimerAsync());
        time.Advance(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(1, Volatile.Read(ref entered));
        Assert.Equal(3, context.LastBatch!.Count);
        Assert.All(context.LastBatch, r => Assert.Equal(BatchItemStatus.Canceled, r.Status));
    }

    /// <summary>Six failing runs through two permits: each failure, thrown at once or from the returned task, gives its permit back.</summary>
    [Fact]
    public async Task A_step_that_throws_releases_its_permit()
    {
        var context = new GatedBatch
        {
            Items = [.. Enumerable.Range(0, 6)],
            Step = static (c, _) => c.Item % 2 == 0 ? throw new InvalidOperationException("write failed") : Task.FromException(new InvalidOperationException("write failed")),
        };

        var report = await GatedBatch.CreateBatchFlow(new PairLimitedNode()).RunAsync(context).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(6, report.Failed);
        Assert.All(report.Failures, f => Assert.IsType<InvalidOperationException>(f.Exception));
        await AssertBothPermitsAreFree();
    }

    /// <summary>
    /// The first run times out after its minute inside the step and gives its permit back; the second, which waited that
    /// minute for it, then runs 20 s: 80 s after it asked, 20 s after it started. A [Timeout] that counted the wait would
    /// have timed it out while it waited. The clock moves only once the run it times is inside the step and the other queued.
    /// </summary>
    [Fact]
    public async Task A_steps_timeout_does_not_count_the_wait_for_the_permit_and_a_timed_out_run_gives_its_permit_back()
    {
        var time = new RecordingTimeProvider();
        var bothAsked = new Signal();
        var firstInside = new Signal();
        var secondInside = new Signal();
        var releaseSecond = new Signal();
        var runs = 0;
        var context = new GatedBatch
        {
            Items = [1, 2],
            Step = async (_, token) =>
            {
                if (Interlocked.Increment(ref runs) == 1)
                {
                    firstInside.Set();
                    await Task.Delay(Timeout.Infinite, token); // until its timeout
                }
                else
                {
                    secondInside.Set();
                    await releaseSecond.WaitAsync().WaitAsync(token);
                }
            },
        };

        var run = GatedBatch.CreateBatchFlow(new Asking(new TimedLimitedNode(), bothAsked.SetAfter(2)), GatedBatch.DefaultBatchOptions with { TimeProvider = time })
            .RunAsync(context);
        await firstInside.WaitAsync();
        await bothAsked.WaitAsync(); // the second is queued for the permit
        time.Advance(TimeSpan.FromMinutes(1));
        await secondInside.WaitAsync();
        time.Advance(TimeSpan.FromSeconds(20));
        releaseSecond.Set();
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(
            [(BatchItemStatus.Succeeded, false), (BatchItemStatus.Failed, true)],
            report.Results.Select(r => (r.Status, r.TimedOut)).OrderBy(r => r.TimedOut));
    }

    /// <summary>
    /// An item-level timeout times the item's whole workflow, a step's wait for its permit included (the README says so):
    /// the second item, queued behind a first that holds the step's one permit and never reads its token, times out
    /// without ever entering the step, while the first runs on past its own timeout and succeeds.
    /// </summary>
    [Fact]
    public async Task An_item_level_timeout_counts_the_wait_for_a_steps_permit()
    {
        var time = new RecordingTimeProvider();
        var bothAsked = new Signal();
        var firstInside = new Signal();
        var releaseFirst = new Signal();
        var runs = 0;
        var context = new GatedBatch
        {
            Items = [1, 2],
            Step = async (_, _) =>
            {
                Interlocked.Increment(ref runs);
                firstInside.Set();
                await releaseFirst.WaitAsync(); // never reads its token: it runs on past its item's timeout
            },
        };
        var itemTimeout = new ResiliencePipelineBuilder { TimeProvider = time }.AddBatchAdmission().AddTimeout(TimeSpan.FromMinutes(1)).Build();
        var options = GatedBatch.DefaultBatchOptions with { TimeProvider = time, ResiliencePipeline = itemTimeout };

        var run = GatedBatch.CreateBatchFlow(new Asking(new SingleLimitedNode(), bothAsked.SetAfter(2)), options).RunAsync(context);
        await firstInside.WaitAsync();
        await bothAsked.WaitAsync(); // the second is queued for the permit, its item's timeout running
        time.Advance(TimeSpan.FromMinutes(1));
        releaseFirst.Set();
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, Volatile.Read(ref runs));
        Assert.Equal(
            [(BatchItemStatus.Succeeded, false), (BatchItemStatus.Failed, true)],
            report.Results.Select(r => (r.Status, r.TimedOut)).OrderBy(r => r.TimedOut));
    }

    /// <summary>Runs queued for the permit start in the order they asked for it, oldest first.</summary>
    [Fact]
    public async Task Runs_waiting_for_the_permit_start_in_the_order_they_asked()
    {
        var entered = new List<int>();
        var release = new Signal();
        var node = new SingleLimitedNode();
        Task Step(GatedBatch context, CancellationToken cancellationToken)
        {
            lock (entered)
            {
                entered.Add(context.Item);
            }

            return release.WaitAsync();
        }

        // Called one after another outside a batch: the first is inside the step when each of the others asks.
        var runs = Enumerable.Range(1, 5).Select(i => node.RunAsync(new GatedBatch { Item = i, Step = Step }, CancellationToken.None).AsTask()).ToList();
        Assert.Equal([1], entered);
        release.Set();
        await Task.WhenAll(runs).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([1, 2, 3, 4, 5], entered);
    }

    /// <summary>
    /// The README's warning: a batch started inside a limited step, whose items run that same step, waits for a permit its
    /// caller holds until the nested batch ends, which only its cancellation does here. With PermitLimit runs so, the step
    /// is deadlocked.
    /// </summary>
    [Fact]
    public async Task A_batch_nested_in_a_limited_step_whose_items_run_that_step_waits_for_the_permit_its_caller_holds()
    {
        var nestedAsked = new Signal();
        var nestedRan = false;
        var nestedWasWaiting = false;
        using var cancelNested = new CancellationTokenSource();
        var nested = new GatedBatch
        {
            Items = [1],
            Step = (_, _) =>
            {
                nestedRan = true;
                return Task.CompletedTask;
            },
        };
        var outer = new GatedBatch
        {
            Items = [0],
            Step = async (_, _) =>
            {
                var inner = GatedBatch.CreateBatchFlow(new Asking(new SingleLimitedNode(), nestedAsked.Set)).RunAsync(nested, cancelNested.Token);
                await nestedAsked.WaitAsync(); // the nested item is in the step's queue, behind this run's permit
                nestedWasWaiting = !Volatile.Read(ref nestedRan);
                await cancelNested.CancelAsync();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inner);
            },
        };

        var report = await GatedBatch.CreateBatchFlow(new SingleLimitedNode()).RunAsync(outer).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, report.Succeeded);
        Assert.True(nestedWasWaiting);
        Assert.False(nestedRan);
        Assert.Equal(BatchItemStatus.Canceled, Assert.Single(nested.LastBatch!).Status);
    }

    /// <summary>
    /// A generated workflow calls a synchronous step's Process directly unless the step has a pipeline: a step with only
    /// [ConcurrencyLimit] has one. A second run of the workflow started inside the first run's step queues for the permit
    /// the first holds, where a direct call would have run it to its end at once.
    /// </summary>
    [Fact]
    public async Task A_workflow_runs_a_synchronous_step_with_only_a_concurrency_limit_through_its_pipeline()
    {
        var flow = new SyncLimitedFlow();
        Task? second = null;
        var secondQueued = false;
        var first = new GatedBatch
        {
            SyncStep = _ =>
            {
                var run = flow.RunAsync(new GatedBatch(), CancellationToken.None);
                secondQueued = !run.IsCompleted;
                second = run.AsTask();
            },
        };

        await flow.RunAsync(first, CancellationToken.None);

        Assert.True(secondQueued);
        await second!.WaitAsync(TimeSpan.FromSeconds(30)); // the first's permit is free now
    }

    /// <summary>
    /// FLX0165 reports exactly the PermitLimits the limiter the static initialiser builds would refuse (at type load, where
    /// no one could catch it): the analyzer runs over the declaration, and the limiter is built with the same value.
    /// </summary>
    [Theory]
    [InlineData(int.MinValue)]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(int.MaxValue)]
    public async Task FLX0165_reports_exactly_the_PermitLimits_a_ConcurrencyLimiter_refuses(int permitLimit)
    {
        var source = $$"""
            using System.Collections.Generic;
            using Floxide;

            [BatchContext]
            public partial class Pages
            {
                [BatchItems] public List<int> Items { get; set; } = new();
                [BatchItem] public int Item { get; set; }
            }

            [Node]
            [ConcurrencyLimit(PermitLimit = {{permitLimit}})]
            public partial class Save
            {
                public void Process(Pages context) { }
            }
            """;
        var refused = Record.Exception(() => new ConcurrencyLimiter(
            new ConcurrencyLimiterOptions { PermitLimit = permitLimit, QueueLimit = int.MaxValue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst }).Dispose());

        var analysis = await Robustness.FloxideAnalysis.RunAsync(source);

        Assert.Empty(analysis.Failures);
        Assert.Equal(refused is ArgumentException, analysis.Floxide.Any(d => d.Id == "FLX0165"));
        Assert.DoesNotContain(analysis.Floxide, d => d.Id != "FLX0165");
    }

    /// <summary>
    /// Two runs of <see cref="PairLimitedNode"/> are inside at once again: a permit kept by a run that ended (failed,
    /// canceled) would leave room for one, and the two would wait for each other until the bound.
    /// </summary>
    private static async Task AssertBothPermitsAreFree()
    {
        var again = new LimitProbe(limit: 2, runs: 2);
        var report = await GatedBatch.CreateBatchFlow(again.Around(new PairLimitedNode())).RunAsync(new GatedBatch { Items = [8, 9], Step = again.Step })
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, report.Succeeded);
        Assert.Equal(2, again.Inside.Max);
    }

    /// <summary>
    /// Counts the runs of a limited step inside it at once, and the runs that asked for it: the generated RunAsync returns
    /// once its run is inside or queued for the permit (the pipeline asks the limiter before it returns). <see cref="Full"/>
    /// is set once every run has asked with <c>limit</c> inside, or once more than <c>limit</c> are inside, for the test's
    /// assertions to report, after calling <c>whenFull</c> once; until then the runs inside wait (and with
    /// <c>releaseWhenFull</c> false, until canceled).
    /// </summary>
    private sealed class LimitProbe(int limit, int runs, bool releaseWhenFull = true, Action? whenFull = null)
    {
        private int _asked;
        private int _full;
        private int _entered;

        public Watermark Inside { get; } = new();

        /// <summary>Gets how many runs entered the step so far.</summary>
        public int Entered => Volatile.Read(ref _entered);

        public Signal Full { get; } = new();

        public INode<GatedBatch> Around(INode<GatedBatch> step) => new Asking(step, () =>
        {
            Interlocked.Increment(ref _asked);
            Check();
        });

        public async Task Step(GatedBatch context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _entered);
            Inside.Enter();
            try
            {
                Check();
                await (releaseWhenFull ? Full.WaitAsync().WaitAsync(cancellationToken) : Task.Delay(Timeout.Infinite, cancellationToken));
            }
            finally
            {
                Inside.Exit();
            }
        }

        private void Check()
        {
            var inside = Inside.Current;
            if (((inside == limit && Volatile.Read(ref _asked) == runs) || inside > limit) && Interlocked.Exchange(ref _full, 1) == 0)
            {
                whenFull?.Invoke();
                Full.Set();
            }
        }
    }

    /// <summary>A step that tells when each call of it has returned: its run is inside the step, or waiting for its permit.</summary>
    private sealed class Asking(INode<GatedBatch> step, Action asked) : INode<GatedBatch>
    {
        public string Id => step.Id;

        public ValueTask<NodeAction> RunAsync(GatedBatch context, CancellationToken cancellationToken)
        {
            var run = step.RunAsync(context, cancellationToken);
            asked();
            return run;
        }
    }
}

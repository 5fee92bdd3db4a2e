using System.Collections.Concurrent;
using Floxide.Runtime.Tests.Support;
using Floxide.Testing;

namespace Floxide.Runtime.Tests.Durability;

/// <summary>What a run does while a commit is still in flight: canceled, or with the commits after it failing.</summary>
public class DurableCommitInFlightTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private static INode<TestContext> Doubling(ConcurrentDictionary<int, int> runs, Func<TestContext, Task>? before = null) =>
        Node.CreateAsync<TestContext>("double", async (context, _) =>
        {
            if (before is not null)
            {
                await before(context);
            }

            runs.AddOrUpdate(context.Item, 1, (_, n) => n + 1);
            context.Output = context.Item * 2;
        });

    [Fact]
    public async Task A_run_canceled_while_a_commit_is_in_flight_waits_for_it_does_not_cancel_it_and_records_every_item_that_finished()
    {
        var store = new GatedStore();
        var runs = new ConcurrentDictionary<int, int>();
        using var cancellation = new CancellationTokenSource();
        var flow = new BatchFlow<TestContext, int>(Doubling(runs, async _ => await Task.Yield()), new BatchOptions { MaxDegreeOfParallelism = 2 });
        var run = flow.RunDurableAsync(TestContext.Over(Enumerable.Range(0, 10_000).ToArray()), new DurableRun<TestContext, int>(store, "canceled", Codecs.Test()), null, cancellation.Token);

        await store.FirstCommitStarted.Task.WaitAsync(Guard);
        await cancellation.CancelAsync();
        await Task.Delay(200);
        Assert.False(run.IsCompleted); // canceled, but a commit is still in flight
        store.Gate.SetResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Guard));

        Assert.False(store.FirstCommitToken.CanBeCanceled); // the caller's cancellation never reaches a commit
        var recorded = (await store.ReadItemsAsync("canceled", default)).Select(r => (int)r.Index).Order().ToList();
        Assert.Equal(runs.Keys.Order(), recorded); // everything that finished, the in-flight commit's items included
        Assert.InRange(recorded.Count, 1, 9_999);

        // The lease was released: a rerun starts at once, restores them and runs only the rest.
        var rerunRuns = new ConcurrentDictionary<int, int>();
        var context = TestContext.Over(Enumerable.Range(0, 10_000).ToArray());
        var report = await new BatchFlow<TestContext, int>(Doubling(rerunRuns), new BatchOptions { MaxDegreeOfParallelism = 2 })
            .RunDurableAsync(context, new DurableRun<TestContext, int>(store, "canceled", Codecs.Test())).WaitAsync(Guard);
        Assert.Equal((10_000L, (long)recorded.Count), (report.Succeeded, report.Resumed));
        Assert.Empty(rerunRuns.Keys.Intersect(recorded));
    }

    [Fact]
    public async Task A_store_that_fails_only_the_last_commit_fails_the_run_after_merging_keeps_the_earlier_commit_and_a_rerun_runs_only_the_rest()
    {
        var store = new GatedStore { FailAfterFirst = true };
        var runs = new ConcurrentDictionary<int, int>();
        var context = TestContext.Over(Enumerable.Range(0, 500).ToArray());
        var flow = new BatchFlow<TestContext, int>(
            Doubling(runs, c => c.Item < 10 ? Task.CompletedTask : store.FirstCommitStarted.Task), new BatchOptions { MaxDegreeOfParallelism = 2 });
        var run = flow.RunDurableAsync(context, new DurableRun<TestContext, int>(store, "last", Codecs.Test()));

        await store.FirstCommitStarted.Task.WaitAsync(Guard);
        await WaitUntil(() => runs.Count == 500); // every item finished while the first commit was held: the rest go in the last commit
        store.Gate.SetResult();
        var error = await Assert.ThrowsAsync<BatchStoreException>(() => run.WaitAsync(Guard));

        Assert.Equal("disk full", error.Message);
        Assert.Equal(500, context.Updates.Single().Total); // merged: every item accounted for
        var first = (await store.ReadItemsAsync("last", default)).Select(r => (int)r.Index).Order().ToList();
        Assert.Equal(store.FirstCommit, first);
        Assert.InRange(first.Count, 1, 499);

        store.FailAfterFirst = false;
        var rerunRuns = new ConcurrentDictionary<int, int>();
        var rerun = await new BatchFlow<TestContext, int>(Doubling(rerunRuns), new BatchOptions { MaxDegreeOfParallelism = 2 })
            .RunDurableAsync(TestContext.Over(Enumerable.Range(0, 500).ToArray()), new DurableRun<TestContext, int>(store, "last", Codecs.Test())).WaitAsync(Guard);
        Assert.Equal((500L, (long)first.Count), (rerun.Succeeded, rerun.Resumed));
        Assert.Equal(Enumerable.Range(0, 500).Except(first).Order(), rerunRuns.Keys.Order());
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Guard;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(5);
        }
    }

    /// <summary>An in-memory store whose first commit of records waits for <see cref="Gate"/>; those after it fail while <see cref="FailAfterFirst"/> is set.</summary>
    private sealed class GatedStore : DelegatingStore
    {
        private int _commits;
        private volatile bool _failAfterFirst;

        public TaskCompletionSource FirstCommitStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken FirstCommitToken { get; private set; }

        public List<int> FirstCommit { get; private set; } = [];

        public bool FailAfterFirst
        {
            get => _failAfterFirst;
            set => _failAfterFirst = value;
        }

        public override async ValueTask<BatchLease> CommitAsync(BatchLease lease, IReadOnlyList<ItemRecord> records, CancellationToken cancellationToken)
        {
            if (records.Count > 0)
            {
                var commit = Interlocked.Increment(ref _commits);
                if (commit == 1)
                {
                    FirstCommitToken = cancellationToken;
                    FirstCommit = [.. records.Select(r => (int)r.Index).Order()];
                    FirstCommitStarted.TrySetResult();
                    await Gate.Task;
                }
                else if (FailAfterFirst)
                {
                    throw new BatchStoreException("disk full", "memory", null);
                }
            }

            return await Inner.CommitAsync(lease, records, cancellationToken);
        }
    }
}

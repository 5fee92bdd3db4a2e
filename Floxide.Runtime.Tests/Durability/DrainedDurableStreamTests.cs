using System.Collections.Concurrent;
using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Durability;

/// <summary>
/// The README's Draining section ("to drain a stream, cancel its token and read on: the results of the items that finish
/// are yielded before the exception") over a durable stream: what finished in the grace period is yielded and recorded
/// before the throw, so a rerun restores it and runs only the items the cancellation kept from starting.
/// </summary>
public sealed class DrainedDurableStreamTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_durable_stream_canceled_with_a_grace_period_records_what_finished_in_it_and_the_rerun_runs_only_the_rest()
    {
        var store = new InMemoryBatchStore();
        using var cancellation = new CancellationTokenSource();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new Signal();
        var bothRunning = running.SetAfter(2);
        var ran = new ConcurrentQueue<int>();
        var firstRun = true;
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            ran.Enqueue(context.Item);
            if (Volatile.Read(ref firstRun) && context.Item > 0)
            {
                bothRunning();
                await release.Task.WaitAsync(token); // the paid call, still running at the cancellation
            }

            context.Output = context.Item + 100;
        });
        var flow = new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 2, CancellationGracePeriod = Timeout.InfiniteTimeSpan });
        DurableRun<TestContext, int> Durable() => new(store, "drained-stream", Codecs.Test());
        var yielded = new List<BatchItemResult<TestContext, int>>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var result in flow.StreamDurableAsync(TestContext.Over([0, 1, 2, 3, 4]), Durable(), cancellationToken: cancellation.Token))
            {
                yielded.Add(result);
                if (result.Index == 0)
                {
                    await running.WaitAsync(); // items 1 and 2 hold both workers
                    await cancellation.CancelAsync();
                    release.SetResult();
                }
            }
        }).WaitAsync(Patience);

        Assert.Equal(
            [BatchItemStatus.Succeeded, BatchItemStatus.Succeeded, BatchItemStatus.Succeeded, BatchItemStatus.Canceled, BatchItemStatus.Canceled],
            yielded.Select(r => r.Status));
        var records = (await store.ReadItemsAsync("drained-stream", default)).OrderBy(r => r.Index).ToList(); // committed before the throw
        Assert.Equal([(0L, BatchItemStatus.Succeeded), (1, BatchItemStatus.Succeeded), (2, BatchItemStatus.Succeeded)], records.Select(r => (r.Index, r.Status)));

        Volatile.Write(ref firstRun, false);
        ran.Clear();
        var rerun = new List<BatchItemResult<TestContext, int>>();
        await foreach (var result in flow.StreamDurableAsync(TestContext.Over([0, 1, 2, 3, 4]), Durable()))
        {
            rerun.Add(result);
        }

        Assert.Equal([3, 4], ran.Order());
        Assert.Equal([true, true, true, false, false], rerun.Select(r => r.Resumed));
        Assert.All(rerun, r => Assert.Equal((BatchItemStatus.Succeeded, (int)r.Index + 100), (r.Status, r.Context!.Output)));
    }
}

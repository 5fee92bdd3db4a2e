using System.Collections.Concurrent;
using Floxide.Runtime.Tests.Support;
using Floxide.Testing;

namespace Floxide.Runtime.Tests.Durability;

/// <summary>
/// <see cref="BatchFlow{TContext, TItem}.StreamDurableAsync"/>: a stream whose finished items are recorded, so a consumer
/// that leaves (or a cancellation) loses nothing finished, and a rerun yields the restored results in their places.
/// </summary>
public sealed class DurableStreamTests
{
    private const int Count = 100;
    private readonly InMemoryBatchStore _store = new();
    private readonly ConcurrentQueue<int> _calls = new();
    private readonly ConcurrentQueue<int> _finished = new();

    [Fact]
    public async Task A_consumer_that_leaves_loses_nothing_finished_and_the_rerun_yields_every_result_once_in_order_running_only_the_rest()
    {
        var flow = Flow();
        var first = new List<BatchItemResult<TestContext, int>>();
        await foreach (var result in flow.StreamDurableAsync(Items(), Durable()))
        {
            first.Add(result);
            if (first.Count == 30)
            {
                break;
            }
        }

        var recorded = await Recorded();
        Assert.Subset(recorded, first.Select(r => r.Index).ToHashSet()); // everything yielded was recorded before the break returned
        Assert.Subset(recorded, _finished.Select(i => (long)i).ToHashSet()); // and everything that finished, yielded or not
        var ranFirst = _calls.ToHashSet();
        _calls.Clear();

        var rerun = new List<BatchItemResult<TestContext, int>>();
        await foreach (var result in flow.StreamDurableAsync(Items(), Durable()))
        {
            rerun.Add(result);
        }

        Assert.Equal(Enumerable.Range(0, Count).Select(i => (long)i), rerun.Select(r => r.Index));
        Assert.All(rerun, r => Assert.Equal(BatchItemStatus.Succeeded, r.Status));
        Assert.All(rerun, r => Assert.Equal((int)r.Index + 1000, r.Context!.Output));
        Assert.Equal(recorded, rerun.Where(r => r.Resumed).Select(r => r.Index).ToHashSet());
        Assert.DoesNotContain(_calls, i => recorded.Contains(i)); // nothing recorded ran again
        Assert.Equal(Enumerable.Range(0, Count).Where(i => !recorded.Contains(i)), _calls.Order());
        Assert.Subset(ranFirst.Select(i => (long)i).ToHashSet(), recorded); // only items the first run ran were recorded
    }

    [Fact]
    public async Task A_canceled_durable_stream_yields_and_records_what_finished_then_throws()
    {
        using var cancel = new CancellationTokenSource();
        var yielded = new List<long>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var result in Flow(cancelAt: 40, cancel).StreamDurableAsync(Items(), Durable(), cancel.Token))
            {
                if (result.Status == BatchItemStatus.Succeeded)
                {
                    yielded.Add(result.Index);
                }
            }
        });

        var recorded = await Recorded();
        Assert.NotEmpty(yielded);
        Assert.Equal(yielded.ToHashSet(), recorded); // the succeeded results yielded are exactly those recorded
    }

    private BatchFlow<TestContext, int> Flow(int? cancelAt = null, CancellationTokenSource? cancel = null) =>
        new(Node.CreateAsync<TestContext>("work", async (c, token) =>
        {
            _calls.Enqueue(c.Item);
            if (c.Item == cancelAt)
            {
                await cancel!.CancelAsync(); // inline: its callbacks run on this item's thread
            }

            await Task.Yield();
            token.ThrowIfCancellationRequested();
            c.Output = c.Item + 1000;
            _finished.Enqueue(c.Item);
        }), new BatchOptions { MaxDegreeOfParallelism = 4 }, "stream");

    private static TestContext Items() => TestContext.Over(Enumerable.Range(0, Count).ToArray());

    private DurableRun<TestContext, int> Durable() => new(_store, "nightly", Codecs.Test());

    private async Task<HashSet<long>> Recorded() =>
        (await _store.ReadItemsAsync("nightly", CancellationToken.None)).Select(r => r.Index).ToHashSet();
}

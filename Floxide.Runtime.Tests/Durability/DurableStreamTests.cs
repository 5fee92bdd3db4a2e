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

    /// <summary>
    /// Items 0 to 49 finish, 50 on wait until canceled; the consumer leaves after 30 results, once all 50 finished: the 20
    /// it did not take are recorded too, and the rerun yields all 100 once, in order, running only 50 to 99.
    /// </summary>
    [Fact]
    public async Task A_consumer_that_leaves_loses_nothing_finished_and_the_rerun_yields_every_result_once_in_order_running_only_the_rest()
    {
        var fiftyFinished = new Signal();
        var finishing = fiftyFinished.SetAfter(50);
        var first = new List<BatchItemResult<TestContext, int>>();
        await foreach (var result in Flow(blockFrom: 50, finished: finishing).StreamDurableAsync(Items(), Durable()))
        {
            first.Add(result);
            if (first.Count == 30)
            {
                await fiftyFinished.WaitAsync();
                break;
            }
        }

        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i).ToHashSet(), await Recorded()); // the 30 taken and the 20 not
        _calls.Clear();

        var rerun = new List<BatchItemResult<TestContext, int>>();
        await foreach (var result in Flow().StreamDurableAsync(Items(), Durable()))
        {
            rerun.Add(result);
        }

        Assert.Equal(Enumerable.Range(0, Count).Select(i => (long)i), rerun.Select(r => r.Index));
        Assert.All(rerun, r => Assert.Equal((BatchItemStatus.Succeeded, (int)r.Index + 1000), (r.Status, r.Context!.Output)));
        Assert.Equal(Enumerable.Range(0, Count).Select(i => i < 50), rerun.Select(r => r.Resumed));
        Assert.Equal(Enumerable.Range(50, 50), _calls.Order()); // nothing recorded ran again
    }

    /// <summary>A commit that fails after the consumer left is not swallowed: the loop throws it after its break.</summary>
    [Fact]
    public async Task A_commit_that_fails_after_the_consumer_left_is_thrown_after_the_break()
    {
        var store = new RefusingStore();
        var taken = 0;

        var failed = await Assert.ThrowsAsync<BatchStoreException>(async () =>
        {
            await foreach (var result in Flow().StreamDurableAsync(Items(), new DurableRun<TestContext, int>(store, "nightly", Codecs.Test())))
            {
                if (++taken == 5)
                {
                    store.Refuse(); // the commits waiting since the first result fail now, while the leave waits for them
                    break;
                }
            }
        });

        Assert.Equal(5, taken);
        Assert.Contains("disk full", failed.Message, StringComparison.Ordinal);
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

    private BatchFlow<TestContext, int> Flow(int? cancelAt = null, CancellationTokenSource? cancel = null, int? blockFrom = null, Action? finished = null) =>
        new(Node.CreateAsync<TestContext>("work", async (c, token) =>
        {
            _calls.Enqueue(c.Item);
            if (c.Item == cancelAt)
            {
                await cancel!.CancelAsync(); // inline: its callbacks run on this item's thread
            }

            if (c.Item >= blockFrom)
            {
                await Task.Delay(Timeout.Infinite, token);
            }

            await Task.Yield();
            token.ThrowIfCancellationRequested();
            c.Output = c.Item + 1000;
            finished?.Invoke();
        }), new BatchOptions { MaxDegreeOfParallelism = 4 }, "stream");

    private static TestContext Items() => TestContext.Over(Enumerable.Range(0, Count).ToArray());

    private DurableRun<TestContext, int> Durable() => new(_store, "nightly", Codecs.Test());

    private async Task<HashSet<long>> Recorded() =>
        (await _store.ReadItemsAsync("nightly", CancellationToken.None)).Select(r => r.Index).ToHashSet();
}

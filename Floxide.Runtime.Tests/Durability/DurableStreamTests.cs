using System.Collections.Concurrent;
using Floxide.Runtime.Tests.Support;
using Floxide.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Floxide.Runtime.Tests.Durability;

/// <summary>
/// <see cref="BatchFlow{TContext, TItem}.StreamDurableAsync(TContext, DurableRun{TContext, TItem}, IProgress{BatchProgress}, CancellationToken)"/>: a stream whose finished items are recorded, so a consumer
/// that leaves (or a cancellation) loses nothing finished, and a rerun yields the restored results in their places.
/// </summary>
public sealed class DurableStreamTests
{
    private const int Count = 100;
    private readonly InMemoryBatchStore _store = new();
    private readonly ConcurrentQueue<int> _calls = new();

    [Fact]
    public async Task A_consumer_that_breaks_releases_the_lease_though_a_source_callback_throws()
    {
        var running = new Signal();
        var work = Node.CreateAsync<TestContext>("work", async (c, token) =>
        {
            c.Output = c.Item;
            if (c.Item == 1)
            {
                running.Set();
                await Task.Delay(Timeout.Infinite, token);
            }
        });
        var flow = new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 2, CancellationGracePeriod = Timeout.InfiniteTimeSpan });

        var thrown = await Record.ExceptionAsync(async () =>
        {
            await foreach (var result in flow.StreamDurableAsync(TestContext.Over(Batching.HostileInterleavingTests.SourceWithAThrowingCallback()), new DurableRun<TestContext, int>(_store, "b", Codecs.Test())))
            {
                await running.WaitAsync();
                break;
            }
        }).WaitAsync(TimeSpan.FromSeconds(30));
        var rerun = await Record.ExceptionAsync(() => flow.RunDurableAsync(TestContext.Over([0]), new DurableRun<TestContext, int>(_store, "b", Codecs.Test())).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal((null, null), (thrown?.GetType(), rerun?.GetType())); // no lease left behind
    }

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
        var rerunContext = Items();
        await foreach (var result in Flow().StreamDurableAsync(rerunContext, Durable()))
        {
            rerun.Add(result);
        }

        Assert.Equal(Enumerable.Range(0, Count).Select(i => (long)i), rerun.Select(r => r.Index));
        Assert.All(rerun, r => Assert.Equal((BatchItemStatus.Succeeded, (int)r.Index + 1000), (r.Status, r.Context!.Output)));
        Assert.Equal(Enumerable.Range(0, Count).Select(i => i < 50), rerun.Select(r => r.Resumed));
        Assert.Equal(Enumerable.Range(50, 50), _calls.Order()); // nothing recorded ran again

        // A stream has no report: the results the context receives count the restored items, and print them.
        var counts = Assert.Single(rerunContext.Updates);
        Assert.Equal(50, counts.Resumed);
        Assert.Equal("100 items: 100 succeeded, 0 failed, 0 canceled, 0 skipped (50 of them resumed)", counts.ToString());
    }

    /// <summary>A durable stream reports progress as a durable run does: the restored items count as completed.</summary>
    [Fact]
    public async Task A_durable_stream_reports_progress_counting_the_restored_items_as_completed_before_it_ends()
    {
        await Flow().RunDurableAsync(TestContext.Over(Enumerable.Range(0, 40).ToArray()), Durable());
        _calls.Clear();
        var progress = new ProgressRecorder();

        var resumed = 0;
        var reportsWhenEnded = -1;
        await using (var stream = Flow().StreamDurableAsync(Items(), Durable(), progress).GetAsyncEnumerator())
        {
            while (await stream.MoveNextAsync())
            {
                resumed += stream.Current.Resumed ? 1 : 0;
            }

            reportsWhenEnded = progress.Reports.Count;
        }

        Assert.Equal(40, resumed);
        Assert.Equal(60, _calls.Count);
        Assert.Equal(progress.Reports.Count, reportsWhenEnded); // the last report, with every item, came before the end
        Assert.Equal(new BatchProgress(Count, 0, 0, 0, Count) { ConcurrencyLevel = 4, Resumed = 40 }, progress.Reports.Last());
        Assert.All(progress.Reports, p => Assert.InRange(p.Resumed, 0, p.Completed));
    }

    /// <summary>
    /// A consumer that leaves a durable stream hears only of what was not recorded: a progress reporter that threw is not
    /// thrown out of the break, also when the run had already ended (its final report, the reporter's only call on a clock
    /// that never ticks, comes after every item finished, just before the run ends).
    /// </summary>
    [Fact]
    public async Task A_consumer_that_leaves_a_durable_stream_does_not_get_the_reporters_error_from_the_break()
    {
        var reporter = new ThrowingProgress();
        var flow = new BatchFlow<TestContext, int>(Node.Create<TestContext>("work", c => c.Output = c.Item), new BatchOptions { TimeProvider = new FakeTimeProvider() }, "stream");

        await foreach (var result in flow.StreamDurableAsync(Items(), Durable(), reporter))
        {
            await reporter.Reported.WaitAsync(); // the final report: the run is ending or has ended
            break;
        }

        Assert.Equal(1, reporter.Calls);
        Assert.Equal(Count, (await Recorded()).Count);
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

    /// <summary>
    /// A loop body that throws leaves as a break does: a commit that fails then replaces the body's exception (C#'s rule for
    /// a throwing finally, as documented); with no such failure, the body's exception comes out as itself.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_loop_body_that_throws_keeps_its_exception_unless_a_commit_fails_as_the_stream_stops(bool commitFails)
    {
        var store = new RefusingStore();
        IBatchStore durable = commitFails ? store : _store;
        var taken = 0;

        var thrown = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var result in Flow().StreamDurableAsync(Items(), new DurableRun<TestContext, int>(durable, "nightly", Codecs.Test())))
            {
                if (++taken == 5)
                {
                    store.Refuse();
                    throw new InvalidOperationException("the consumer's own failure");
                }
            }
        });

        Assert.Equal(5, taken);
        if (commitFails)
        {
            Assert.Contains("disk full", Assert.IsType<BatchStoreException>(thrown).Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("the consumer's own failure", Assert.IsType<InvalidOperationException>(thrown).Message);
            Assert.Contains(0L, await Recorded()); // what finished was still recorded as the body left
        }
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

    /// <summary>
    /// A rerun over a list whose item at position 5 changed: with one worker, items 0 to 4 are restored before item 5 is
    /// read; item 5 and the rest, read after the stop as an in-memory list is, are skipped and never run. The consumer takes
    /// all ten results, then the enumeration throws the change, by when the run has released its lease, and the records
    /// are as the first run left them.
    /// </summary>
    [Fact]
    public async Task A_changed_source_ends_a_durable_stream_after_every_result_read_with_its_lease_released_and_its_records_kept()
    {
        await foreach (var _ in Flow(parallelism: 1).StreamDurableAsync(TestContext.Over(Enumerable.Range(0, 10).ToArray()), Durable()))
        {
        }

        var recorded = await Records();
        _calls.Clear();
        int[] changed = [0, 1, 2, 3, 4, 55, 6, 7, 8, 9];
        var seen = new List<BatchItemResult<TestContext, int>>();
        DurableSourceChangedException? error = null;
        try
        {
            await foreach (var result in Flow(parallelism: 1).StreamDurableAsync(TestContext.Over(changed), Durable()))
            {
                seen.Add(result);
            }
        }
        catch (DurableSourceChangedException ex)
        {
            error = ex;
        }

        Assert.NotNull(error);
        Assert.Equal((5L, "5"), (error.ItemIndex, error.Key));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), seen.Select(r => r.Index)); // every item read, then the error
        Assert.All(seen.Take(5), r => Assert.Equal((BatchItemStatus.Succeeded, true, (int)r.Index + 1000), (r.Status, r.Resumed, r.Context!.Output)));
        Assert.All(seen.Skip(5), r => Assert.Equal((BatchItemStatus.Skipped, false), (r.Status, r.Resumed)));
        Assert.Empty(_calls); // nothing ran: the restored items replayed, the rest never started
        await _store.AcquireLeaseAsync("nightly", "the next run", TimeSpan.FromSeconds(15), CancellationToken.None); // released, not held for 15 s
        Assert.Equal(recorded, await Records()); // item 5's record still names item 5; nothing was written
    }

    /// <summary>
    /// Over an asynchronous source (a streaming context, whose reads sometimes wait): every third item fails the first time
    /// and is recorded as a dead letter; a rerun that retries failures reads the items in reverse, matches them by key, and
    /// yields them in its own order, the restored ones marked, running only the failed ones again.
    /// </summary>
    [Fact]
    public async Task A_durable_stream_over_an_async_source_records_as_it_goes_and_a_rerun_yields_restored_and_new_results_in_its_own_order()
    {
        const int Items = 300;
        var failing = true;
        var calls = new ConcurrentQueue<int>();
        var flow = new BatchFlow<StreamingTestContext, int>(
            Node.CreateAsync<StreamingTestContext>("work", async (c, _) =>
            {
                calls.Enqueue(c.Item);
                await Task.Yield();
                if (failing && c.Item % 3 == 0)
                {
                    throw new InvalidOperationException("not yet");
                }

                c.Output = c.Item * 2;
            }),
            new BatchOptions { MaxDegreeOfParallelism = 4 });
        DurableRun<StreamingTestContext, int> Durable() => new(_store, "async", Codecs.Streaming(keyed: true)) { RetryFailed = true };

        var first = new StreamingTestContext { Items = () => new BatchItems<int>(Trickle(Enumerable.Range(0, Items))) };
        var firstResults = await ToListAsync(flow.StreamDurableAsync(first, Durable()));
        Assert.Equal(Enumerable.Range(0, Items), firstResults.Select(r => r.Item));
        var records = await _store.ReadItemsAsync("async", CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, Items).Select(i => i % 3 == 0), records.OrderBy(r => r.Index).Select(r => r.Status == BatchItemStatus.Failed));

        failing = false;
        calls.Clear();
        var reversed = Enumerable.Range(0, Items).Reverse().ToArray();
        var rerun = new StreamingTestContext { Items = () => new BatchItems<int>(Trickle(reversed)) };
        var results = await ToListAsync(flow.StreamDurableAsync(rerun, Durable()));

        Assert.Equal(reversed, results.Select(r => r.Item)); // the rerun's input order
        Assert.Equal(Enumerable.Range(0, Items).Select(i => (long)i), results.Select(r => r.Index));
        Assert.All(results, r => Assert.Equal((BatchItemStatus.Succeeded, r.Item * 2, r.Item % 3 != 0), (r.Status, r.Context!.Output, r.Resumed)));
        Assert.Equal(Enumerable.Range(0, Items).Where(i => i % 3 == 0), calls.Order()); // only the dead letters ran again
        Assert.Empty(rerun.Violations); // merged once each, in order, as yielded
        Assert.Equal((Items, Items * 2 / 3), (rerun.Merged, rerun.ResumedMerged));
    }

    /// <summary>
    /// The consumer takes one result and stops pulling. With one worker, reading stops exactly when more than the consumer
    /// backlog waits; once what finished is committed, the writer is idle, and the test moves the run's clock 20 s, past
    /// the 15 s lease, a renewal at a time. Another writer is refused all along; resumed, the consumer takes every result
    /// once, in order, each item having run once.
    /// </summary>
    [Fact]
    public async Task A_consumer_paused_longer_than_the_lease_keeps_it_renewed_and_then_takes_every_result_once_in_order()
    {
        const int Items = 1000;
        var backlog = StreamingMerge<StreamingTestContext, int>.ConsumerBacklog(1);
        var time = new RecordingTimeProvider();
        var store = new CountingStore(time);
        var tookFirst = new Signal();
        var readingStopped = new Signal();
        StreamingTestContext context = null!;
        context = new StreamingTestContext
        {
            Items = () => new BatchItems<int>(AfterTheFirstIsTaken(Items, tookFirst)),

            // One result taken, so reading stops once more than backlog + 1 are merged; with one worker, nothing runs after.
            OnMerge = _ =>
            {
                if (context.Merged > backlog + 1)
                {
                    readingStopped.Set();
                }
            },
        };
        var calls = new ConcurrentQueue<int>();
        var flow = new BatchFlow<StreamingTestContext, int>(
            Node.Create<StreamingTestContext>("work", c =>
            {
                calls.Enqueue(c.Item);
                c.Output = c.Item + 1000;
            }),
            new BatchOptions { MaxDegreeOfParallelism = 1 });
        var durable = new DurableRun<StreamingTestContext, int>(store, "paused", Codecs.Streaming()) { LeaseDuration = TimeSpan.FromSeconds(15), TimeProvider = time };

        var results = new List<BatchItemResult<StreamingTestContext, int>>();
        long mergedWhilePaused = 0;
        await foreach (var result in flow.StreamDurableAsync(context, durable))
        {
            results.Add(result);
            if (results.Count > 1)
            {
                continue;
            }

            tookFirst.Set(); // the source goes on only now: the consumer's one take comes before reading can stop
            await readingStopped.WaitAsync();
            mergedWhilePaused = context.Merged;
            await store.CommittedAsync(mergedWhilePaused); // each was posted before its merge: the writer goes idle after these
            for (var renewal = 0; renewal < 4; renewal++) // 20 s in all: past the 15 s the lease was taken for
            {
                Assert.Equal(TimeSpan.FromSeconds(5), await time.NextUndisposedTimerAsync());
                time.Advance(TimeSpan.FromSeconds(5));
            }

            Assert.Equal(TimeSpan.FromSeconds(5), await time.NextUndisposedTimerAsync()); // the writer waits again: the 4th renewal is in
            Assert.Equal(4, store.Renewals);
            var refused = await Assert.ThrowsAsync<BatchLeaseException>(() => store.AcquireLeaseAsync("paused", "other", TimeSpan.FromSeconds(15), default).AsTask());
            Assert.Contains("another writer", refused.Message, StringComparison.Ordinal);
            Assert.Equal(mergedWhilePaused, context.Merged); // the batch stayed paused all along
        }

        Assert.InRange(mergedWhilePaused, backlog + 2, backlog + 1 + ChunkFeed<StreamingTestContext, int>.MaxChunkSize);
        Assert.Equal(Enumerable.Range(0, Items), results.Select(r => r.Item)); // nothing lost or yielded twice
        Assert.All(results, r => Assert.Equal((BatchItemStatus.Succeeded, r.Item + 1000, false), (r.Status, r.Context!.Output, r.Resumed)));
        Assert.Equal(Enumerable.Range(0, Items), calls.Order()); // each ran once
        Assert.Equal(Enumerable.Range(0, Items).Select(i => (long)i), (await store.ReadItemsAsync("paused", default)).Select(r => r.Index).Order());
    }

    private BatchFlow<TestContext, int> Flow(int? cancelAt = null, CancellationTokenSource? cancel = null, int? blockFrom = null, Action? finished = null, int parallelism = 4) =>
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
        }), new BatchOptions { MaxDegreeOfParallelism = parallelism }, "stream");

    private static TestContext Items() => TestContext.Over(Enumerable.Range(0, Count).ToArray());

    private DurableRun<TestContext, int> Durable() => new(_store, "nightly", Codecs.Test());

    private async Task<HashSet<long>> Recorded() =>
        (await _store.ReadItemsAsync("nightly", CancellationToken.None)).Select(r => r.Index).ToHashSet();

    /// <summary>The records of "nightly", comparable: key, index, fingerprint, status and outputs, in index order.</summary>
    private async Task<List<(string, long, long, BatchItemStatus, string)>> Records() =>
        [.. (await _store.ReadItemsAsync("nightly", CancellationToken.None)).OrderBy(r => r.Index).Select(r => (r.Key, r.Index, r.Fingerprint, r.Status, Convert.ToHexString(r.Outputs.Span)))];

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>The items as an asynchronous source whose every fifth read waits, so the reader meets reads still pending.</summary>
    private static async IAsyncEnumerable<int> Trickle(IEnumerable<int> items)
    {
        foreach (var item in items)
        {
            if (item % 5 == 0)
            {
                await Task.Yield();
            }

            yield return item;
        }
    }

    /// <summary>Yields 0, then the rest of 0 to <paramref name="count"/> - 1 once <paramref name="taken"/> is set.</summary>
    private static async IAsyncEnumerable<int> AfterTheFirstIsTaken(int count, Signal taken)
    {
        yield return 0;
        await taken.WaitAsync();
        for (var i = 1; i < count; i++)
        {
            yield return i;
        }
    }

    /// <summary>An in-memory store on <paramref name="time"/> that counts the records committed and the renewals (empty commits).</summary>
    private sealed class CountingStore(TimeProvider time) : DelegatingStore(time)
    {
        private readonly Lock _lock = new();
        private readonly List<(long Records, TaskCompletionSource Reached)> _waiting = [];
        private long _records;
        private int _renewals;

        public int Renewals => Volatile.Read(ref _renewals);

        /// <summary>Completes (bounded) once <paramref name="records"/> records in all are committed.</summary>
        public Task CommittedAsync(long records)
        {
            lock (_lock)
            {
                if (_records >= records)
                {
                    return Task.CompletedTask;
                }

                var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting.Add((records, reached));
                return reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
        }

        public override async ValueTask<BatchLease> CommitAsync(BatchLease lease, IReadOnlyList<ItemRecord> records, CancellationToken cancellationToken)
        {
            var renewed = await Inner.CommitAsync(lease, records, cancellationToken);
            lock (_lock)
            {
                _records += records.Count;
                _renewals += records.Count == 0 ? 1 : 0;
                foreach (var (count, reached) in _waiting.Where(w => w.Records <= _records).ToList())
                {
                    reached.TrySetResult();
                    _waiting.RemoveAll(w => w.Reached == reached);
                }
            }

            return renewed;
        }
    }
}

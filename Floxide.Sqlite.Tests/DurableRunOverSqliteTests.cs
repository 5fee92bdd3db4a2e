using System.Collections.Concurrent;
using Floxide.Testing;

namespace Floxide.Sqlite.Tests;

/// <summary>The engine and the SQLite store together, within one process: what a cancellation keeps, what a rerun restores.</summary>
public sealed class DurableRunOverSqliteTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_canceled_run_commits_every_finished_item_to_the_file_and_a_run_from_a_new_store_restores_them()
    {
        const int Count = 2000;
        var path = _folder.File("cancel.db");
        var runs = new ConcurrentDictionary<int, int>();
        using var cancellation = new CancellationTokenSource();
        var finished = 0;
        var node = Node.CreateAsync<Numbers>("square", async (item, cancellationToken) =>
        {
            runs.AddOrUpdate(item.Item, 1, (_, n) => n + 1);
            await Task.Yield();
            item.Output = item.Item * item.Item;
            if (Interlocked.Increment(ref finished) == 700)
            {
                await cancellation.CancelAsync();
            }
        });
        var flow = new BatchFlow<Numbers, int>(node, new BatchOptions { MaxDegreeOfParallelism = 8 });

        var first = new Numbers(Count);
        using (var store = new SqliteBatchStore(path))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flow.RunDurableAsync(first, new DurableRun<Numbers, int>(store, "squares", Numbers.Codec()), null, cancellation.Token));
        }

        long recorded;
        var succeeded = first.Update!.Succeeded;
        using (var reopened = new SqliteBatchStore(path))
        {
            recorded = (await reopened.ReadItemsAsync("squares", default)).Count;
            Assert.Equal(succeeded, recorded); // every item that finished, and only those

            var second = new Numbers(Count);
            var report = await flow.RunDurableAsync(second, new DurableRun<Numbers, int>(reopened, "squares", Numbers.Codec()));

            Assert.Equal(recorded, report.Resumed);
            Assert.Equal(Enumerable.Range(0, Count).Select(i => (long)i * i), second.Outputs);
        }

        Assert.All(runs, pair => Assert.Equal(1, pair.Value));
        Assert.Equal(Count, runs.Count);
    }

    [Fact]
    public async Task A_run_whose_codec_keys_an_item_with_a_lone_surrogate_fails_with_the_store_error_naming_the_item()
    {
        var path = _folder.File("keys.db");
        var node = Node.CreateAsync<Numbers>("square", (item, _) =>
        {
            item.Output = item.Item * item.Item;
            return ValueTask.CompletedTask;
        });
        var flow = new BatchFlow<Numbers, int>(node);
        using var store = new SqliteBatchStore(path);

        // A key cut from a longer string inside an emoji: SQLite would keep it as U+FFFD.
        var codec = Numbers.Codec(item => item == 3 ? "name-\uD83D" : "name-" + item.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var error = await Assert.ThrowsAsync<BatchStoreException>(() => flow.RunDurableAsync(new Numbers(10), new DurableRun<Numbers, int>(store, "keys", codec)));

        Assert.Contains("the item at index 3", error.Message);
        Assert.Contains("lone surrogate", error.Message);
    }

    [Fact]
    public async Task A_keyed_run_with_two_items_of_one_key_fails_naming_the_key_and_both_positions()
    {
        var node = Node.CreateAsync<Numbers>("square", (item, _) =>
        {
            item.Output = item.Item * item.Item;
            return ValueTask.CompletedTask;
        });
        using var store = new SqliteBatchStore(_folder.File("duplicates.db"));

        // Items 3 and 8 are both keyed "three": the store sees this run write the key twice.
        var codec = Numbers.Codec(item => item % 5 == 3 ? "three" : item.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var error = await Assert.ThrowsAsync<DuplicateItemKeyException>(
            () => new BatchFlow<Numbers, int>(node).RunDurableAsync(new Numbers(10), new DurableRun<Numbers, int>(store, "dup", codec)));

        Assert.Equal(("dup", "three", 3L, 8L, "batch"), (error.BatchId, error.Key, error.FirstIndex, error.SecondIndex, error.NodeId)); // the batch node
        Assert.Contains("input positions 3 and 8 have the same key 'three'", error.Message);
    }

    [Fact]
    public async Task A_keyed_rerun_in_another_order_rewrites_an_earlier_runs_records_at_new_positions_and_resumes_every_item()
    {
        var path = _folder.File("reordered.db");
        var failing = true;
        var node = Node.CreateAsync<Numbers>("square", (item, _) =>
        {
            item.Output = failing && item.Item % 4 == 1 ? throw new InvalidOperationException("not yet") : item.Item * item.Item;
            return ValueTask.CompletedTask;
        });
        var flow = new BatchFlow<Numbers, int>(node, new BatchOptions { MaxDegreeOfParallelism = 4 });
        var codec = Numbers.Codec(item => "n" + item.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using (var store = new SqliteBatchStore(path))
        {
            Assert.Equal(25, (await flow.RunDurableAsync(new Numbers(100), new DurableRun<Numbers, int>(store, "r", codec))).Failed);
        }

        failing = false;
        using var reopened = new SqliteBatchStore(path);
        var reversed = new Numbers(100, reverse: true);
        var retry = await flow.RunDurableAsync(reversed, new DurableRun<Numbers, int>(reopened, "r", codec) { RetryFailed = true });
        var again = new Numbers(100);
        var resumed = await flow.RunDurableAsync(again, new DurableRun<Numbers, int>(reopened, "r", codec));

        Assert.Equal((75L, 100L), (retry.Resumed, retry.Succeeded));
        Assert.Equal(Enumerable.Range(0, 100).Reverse().Select(i => (long)i * i), reversed.Outputs);
        Assert.Equal((100L, 100L), (resumed.Resumed, resumed.Succeeded));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i * i), again.Outputs);
    }

    [Fact]
    public async Task A_second_run_through_another_store_on_the_same_file_while_the_first_holds_the_lease_gets_a_clear_error_and_the_first_loses_nothing()
    {
        var path = _folder.File("held.db");
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var first = new SqliteBatchStore(path);
        using var other = new SqliteBatchStore(path); // another store on the same file (CrashTests runs a real second process)
        var firstRun = new BatchFlow<Numbers, int>(Blocking(blocked, release, output: item => item * item), new BatchOptions { MaxDegreeOfParallelism = 1 })
            .RunDurableAsync(new Numbers(10), new DurableRun<Numbers, int>(first, "held", Numbers.Codec()));
        await blocked.Task.WaitAsync(Guard);

        var error = await Assert.ThrowsAsync<BatchLeaseException>(
            () => new BatchFlow<Numbers, int>(Squaring()).RunDurableAsync(new Numbers(10), new DurableRun<Numbers, int>(other, "held", Numbers.Codec())));

        Assert.Equal("held", error.BatchId);
        Assert.NotNull(error.Holder);
        Assert.NotNull(error.ExpiresAt);
        Assert.Contains("another writer", error.Message);
        release.SetResult();
        var report = await firstRun.WaitAsync(Guard);
        Assert.Equal(10, report.Succeeded);
        Assert.Equal(10, (await other.ReadItemsAsync("held", default)).Count);
    }

    [Fact]
    public async Task A_rerun_through_another_store_on_the_same_file_takes_an_expired_lease_over_and_the_stalled_run_then_fails_writing_nothing_more()
    {
        var path = _folder.File("taken.db");
        var time = new ManualTime();
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var first = new SqliteBatchStore(path, time);
        using var other = new SqliteBatchStore(path, time);

        // An hour's lease renews every 20 minutes of real time: never within the test, as if the process were paused.
        var stalled = new BatchFlow<Numbers, int>(Blocking(blocked, release, output: _ => -1), new BatchOptions { MaxDegreeOfParallelism = 1 })
            .RunDurableAsync(new Numbers(10), new DurableRun<Numbers, int>(first, "taken", Numbers.Codec()) { LeaseDuration = TimeSpan.FromHours(1) });
        await blocked.Task.WaitAsync(Guard);
        time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        var rerun = new Numbers(10);
        var report = await new BatchFlow<Numbers, int>(Squaring()).RunDurableAsync(rerun, new DurableRun<Numbers, int>(other, "taken", Numbers.Codec()));
        release.SetResult();
        var lost = await Assert.ThrowsAsync<BatchLeaseException>(() => stalled.WaitAsync(Guard));
        var third = new Numbers(10);
        var resumed = await new BatchFlow<Numbers, int>(Squaring()).RunDurableAsync(third, new DurableRun<Numbers, int>(other, "taken", Numbers.Codec()));

        Assert.Equal((10L, 0L), (report.Succeeded, report.Resumed));
        Assert.Equal("taken", lost.BatchId);
        Assert.Contains("the records of this commit and of any after it were not written (those committed before are kept)", lost.Message);
        Assert.Equal(10, resumed.Resumed);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i * i), third.Outputs); // the rerun's records; none of the stalled run's -1
    }

    private static INode<Numbers> Squaring() => Node.CreateAsync<Numbers>("square", (item, _) =>
    {
        item.Output = item.Item * item.Item;
        return ValueTask.CompletedTask;
    });

    /// <summary>A node whose first item signals <paramref name="blocked"/> and waits for <paramref name="release"/>.</summary>
    private static INode<Numbers> Blocking(TaskCompletionSource blocked, TaskCompletionSource release, Func<int, int> output) =>
        Node.CreateAsync<Numbers>("square", async (item, _) =>
        {
            if (item.Item == 0)
            {
                blocked.TrySetResult();
                await release.Task;
            }

            item.Output = output(item.Item);
        });

    /// <summary>Squares of 0..count-1 (below 2^31 for the counts here), or of count-1..0, merged as they come.</summary>
    private sealed class Numbers : IStreamingBatchContext<Numbers, int>
    {
        private readonly int _count;
        private readonly bool _reverse;

        public Numbers(int count, bool reverse = false)
        {
            _count = count;
            _reverse = reverse;
        }

        private Numbers(int count, int item)
        {
            _count = count;
            Item = item;
        }

        public int Item { get; }

        public int Output { get; set; }

        public List<long> Outputs { get; } = [];

        public BatchResults<Numbers, int>? Update { get; private set; }

        /// <summary>The shared test codec; items by position, or with <paramref name="key"/>.</summary>
        public static IntOutputCodec<Numbers> Codec(Func<int, string?>? key = null) => new(c => c.Output, (c, v) => c.Output = v, key);

        public BatchItems<int> GetBatchItems() => _reverse ? Enumerable.Range(0, _count).Reverse().ToArray() : Enumerable.Range(0, _count).ToArray();

        public Numbers CreateItemContext(int item) => new(_count, item);

        public void MergeResults(ReadOnlySpan<BatchItemResult<Numbers, int>> results)
        {
            foreach (var result in results)
            {
                if (result.Succeeded)
                {
                    Outputs.Add(result.Context!.Output);
                }
            }
        }

        public void UpdateWithResults(BatchResults<Numbers, int> results) => Update = results;
    }
}

using System.Collections.Concurrent;
using Floxide.Testing;

namespace Floxide.Sqlite.Tests;

/// <summary>The engine and the SQLite store together, within one process: what a cancellation keeps, what a rerun restores.</summary>
public sealed class DurableRunOverSqliteTests : IDisposable
{
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

using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Durability;

/// <summary>What the background writer keeps when the store refuses a commit for a duplicate key.</summary>
public class DurableWriterTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_commit_refused_for_duplicate_keys_is_written_again_without_them_and_later_records_still_commit()
    {
        var store = new InMemoryBatchStore();
        var lease = await store.AcquireLeaseAsync("b", "run", Lease, default);
        lease = await store.CommitAsync(lease, [Keyed("e", 9), Keyed("g", 20)], default); // this run's earlier commit
        var stops = new List<Exception>();
        var writer = new DurableWriter(store, lease, TimeProvider.System, stops.Add, "n", logger: null);

        // In one commit: "a" three times and "f" twice; "e" and "g" again after the earlier commit.
        writer.Post([Keyed("k", 0), Keyed("a", 3), Keyed("e", 4), Keyed("a", 1), Keyed("f", 8), Keyed("g", 21), Keyed("a", 6), Keyed("f", 7), Keyed("m", 10)]);
        writer.Post([Keyed("n", 11)]); // finished after: still committed
        await writer.CompleteAsync();

        var error = Assert.IsType<DuplicateItemKeyException>(Assert.Single(stops)); // the batch stopped once, on it
        Assert.Equal(("e", 4L, 9L, "n"), (error.Key, error.FirstIndex, error.SecondIndex, error.NodeId)); // the first the store refused
        Assert.Null(writer.Failure);
        Assert.Equal(5, writer.Committed);

        // Of each repeated key, the earlier commit's record, or the lowest index of this commit's.
        var records = await store.ReadItemsAsync("b", default);
        Assert.Equal(
            [("a", 1L), ("e", 9L), ("f", 7L), ("g", 20L), ("k", 0L), ("m", 10L), ("n", 11L)],
            records.Select(r => (r.Key, r.Index)).Order());
    }

    [Fact]
    public async Task When_writing_the_rest_of_a_refused_commit_fails_too_the_writer_keeps_both_and_stops_the_batch_once()
    {
        var store = new FailingAfterDuplicateStore();
        var lease = await store.AcquireLeaseAsync("b", "run", Lease, default);
        var stops = new List<Exception>();
        var writer = new DurableWriter(store, lease, TimeProvider.System, stops.Add, "n", logger: null);

        writer.Post([Keyed("a", 0), Keyed("b", 1), Keyed("a", 2)]);
        await writer.CompleteAsync();

        var error = Assert.IsType<DuplicateItemKeyException>(Assert.Single(stops));
        Assert.Equal(("a", 0L, 2L), (error.Key, error.FirstIndex, error.SecondIndex));
        Assert.IsType<BatchStoreException>(writer.Failure); // the records of "b" were not written: a rerun runs that item again
        Assert.Equal(0L, writer.Committed);
        Assert.Empty(await store.ReadItemsAsync("b", default));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Random_keys_posted_in_random_groups_keep_one_record_per_key_lose_no_unique_one_and_fail_only_on_a_duplicate(int seed)
    {
        var random = new Random(seed);
        for (var trial = 0; trial < 300; trial++)
        {
            var store = new InMemoryBatchStore();
            var lease = await store.AcquireLeaseAsync("b", "run", Lease, default);
            var stops = new List<Exception>();
            var writer = new DurableWriter(store, lease, TimeProvider.System, stops.Add, "n", logger: null);
            var count = random.Next(1, 60);
            var keys = Enumerable.Range(0, count).Select(_ => "k" + random.Next(0, count)).ToArray();
            var finished = Enumerable.Range(0, count).OrderBy(_ => random.Next()).ToArray(); // the order items finish in
            for (var posted = 0; posted < count;)
            {
                var group = finished.Skip(posted).Take(random.Next(1, 8)).Select(i => Keyed(keys[i], i)).ToList();
                posted += group.Count;
                writer.Post(group);
                if (random.Next(3) == 0)
                {
                    await Task.Yield(); // sometimes the writer commits before the next group arrives
                }
            }

            await writer.CompleteAsync();

            var records = await store.ReadItemsAsync("b", default);
            Assert.Equal(keys.Distinct().Count(), records.Count); // one record per key, every unique key's included
            Assert.Equal(records.Count, writer.Committed);
            Assert.All(records, record => Assert.Equal(keys[record.Index], record.Key));
            Assert.Null(writer.Failure);
            Assert.Equal(keys.Distinct().Count() < count, stops.Count == 1);
            if (stops.Count == 1)
            {
                var duplicate = Assert.IsType<DuplicateItemKeyException>(stops[0]);
                Assert.True(keys.Count(k => k == duplicate.Key) > 1, $"the duplicate named, '{duplicate.Key}', is a repeated key");
            }
        }
    }

    private static ItemRecord Keyed(string key, long index) => new() { Key = key, Index = index, Fingerprint = 1, Status = BatchItemStatus.Succeeded };
}

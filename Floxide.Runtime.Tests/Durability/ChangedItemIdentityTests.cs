using System.Collections.Concurrent;
using System.Globalization;
using Floxide.Runtime.Tests.Support;
using Floxide.Testing;

namespace Floxide.Runtime.Tests.Durability;

/// <summary>
/// <see cref="DurableRun{TContext, TItem}.RunChangedItems"/> over a folder edited between runs (files keyed by name): the
/// README promises that a changed item keeps its <c>ItemKey</c> (a service that binds a key to its first request sees the
/// same key), and that the records of items no longer in the source stay (only <c>DeleteBatchAsync</c> clears them).
/// </summary>
public sealed class ChangedItemIdentityTests
{
    [Fact]
    public async Task A_changed_item_runs_again_with_the_key_it_had_and_the_record_of_an_item_gone_from_the_source_stays()
    {
        var store = new InMemoryBatchStore();
        var keys = new ConcurrentDictionary<int, DurableItemKey>();
        var node = Node.Create<DurableRunTests.KeyedContext>("work", context => keys[context.Item] = context.ItemKey);
        var flow = new BatchFlow<DurableRunTests.KeyedContext, int>(node, new BatchOptions { MaxDegreeOfParallelism = 2 });

        // The file's name is the item modulo 100, its version the hundreds.
        var byFile = new IntOutputCodec<DurableRunTests.KeyedContext>(_ => 0, (_, _) => { }, item => (item % 100).ToString(CultureInfo.InvariantCulture));
        DurableRun<DurableRunTests.KeyedContext, int> Folder() => new(store, "folder", byFile) { RunChangedItems = true };

        await flow.RunDurableAsync(new DurableRunTests.KeyedContext { Items = [100, 101, 102] }, Folder());
        var firstKey = keys[101];
        keys.Clear();

        // File 1 has a new version; file 2 was deleted from the folder.
        var report = await flow.RunDurableAsync(new DurableRunTests.KeyedContext { Items = [100, 201] }, Folder());

        Assert.Equal([201], keys.Keys); // only the changed file ran
        Assert.Equal((1L, 1L), (report.Resumed, report.Succeeded - report.Resumed));
        Assert.Equal(firstKey, keys[201]); // the key it had: batch id and file name, not its version
        Assert.Equal(new DurableItemKey("folder", "1"), keys[201]);
        var records = (await store.ReadItemsAsync("folder", default)).ToDictionary(r => r.Key);
        Assert.Equal(["0", "1", "2"], records.Keys.Order());
        Assert.Equal(ItemFingerprint.Of(201), records["1"].Fingerprint); // the changed record was replaced
        Assert.Equal(ItemFingerprint.Of(102), records["2"].Fingerprint); // the gone file's record is kept as it was
    }
}

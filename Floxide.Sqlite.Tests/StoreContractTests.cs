namespace Floxide.Sqlite.Tests;

/// <summary>
/// The <see cref="IBatchStore"/> contract (docs/durability.md), one suite for every store: each store's
/// test class only says how to make one.
/// </summary>
public abstract class StoreContractTests : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    protected ManualTime Time { get; } = new();

    /// <summary>Makes a fresh, empty store on <see cref="Time"/>.</summary>
    protected abstract IBatchStore CreateStore();

    /// <summary>Makes another store over the same data, as another process would (the same one when data cannot be shared).</summary>
    protected abstract IBatchStore Reopen();

    public virtual void Dispose() => GC.SuppressFinalize(this);

    [Fact]
    public async Task A_batch_never_run_reads_empty()
    {
        var store = CreateStore();
        Assert.Empty(await store.ReadItemsAsync("none", default));
    }

    [Fact]
    public async Task A_commit_writes_every_field_of_every_record_and_they_read_back_equal()
    {
        var store = CreateStore();
        var lease = await store.AcquireLeaseAsync("b", "me", Lease, default);
        ItemRecord[] records =
        [
            new() { Key = "0", Index = 0, Fingerprint = long.MinValue, Status = BatchItemStatus.Succeeded, Outputs = new byte[] { 1, 2, 3 } },
            new() { Key = "k/1", Index = 7, Fingerprint = 42, Status = BatchItemStatus.Succeeded, Action = "route-b" },
            new()
            {
                Key = "2", Index = 2, Fingerprint = -1, Status = BatchItemStatus.Failed, ErrorType = "System.InvalidOperationException",
                ErrorMessage = "bad ✗", ErrorStackTrace = "   at X.Y()", FailedStepId = "parse",
            },
        ];

        await store.CommitAsync(lease, records, default);

        var read = (await Reopen().ReadItemsAsync("b", default)).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(3, read.Count);
        for (var i = 0; i < 3; i++)
        {
            var expected = records.OrderBy(r => r.Key, StringComparer.Ordinal).ElementAt(i);
            Assert.Equal(expected.Key, read[i].Key);
            Assert.Equal(expected.Index, read[i].Index);
            Assert.Equal(expected.Fingerprint, read[i].Fingerprint);
            Assert.Equal(expected.Status, read[i].Status);
            Assert.Equal(expected.Action, read[i].Action);
            Assert.Equal(expected.Outputs.ToArray(), read[i].Outputs.ToArray());
            Assert.Equal(expected.ErrorType, read[i].ErrorType);
            Assert.Equal(expected.ErrorMessage, read[i].ErrorMessage);
            Assert.Equal(expected.ErrorStackTrace, read[i].ErrorStackTrace);
            Assert.Equal(expected.FailedStepId, read[i].FailedStepId);
        }
    }

    [Theory]
    [InlineData("a\0b", "a\0c")] // an embedded NUL: a C string would end at it
    [InlineData("\uD83D\uDE00", "\uD83D\uDE01")] // surrogate pairs (emoji) that differ only in their low half
    public async Task Keys_that_differ_only_after_an_embedded_NUL_or_in_a_surrogate_pair_are_two_records_read_back_intact(string first, string second)
    {
        var store = CreateStore();
        var lease = await store.AcquireLeaseAsync("b", "me", Lease, default);

        ItemRecord[] records =
        [
            new() { Key = first, Index = 0, Fingerprint = 1, Status = BatchItemStatus.Succeeded },
            new() { Key = second, Index = 1, Fingerprint = 2, Status = BatchItemStatus.Succeeded },
        ];

        await store.CommitAsync(lease, records, default);

        var keys = (await Reopen().ReadItemsAsync("b", default)).Select(r => r.Key).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), keys);
    }

    [Fact]
    public async Task A_record_committed_again_under_the_same_key_replaces_the_old_one()
    {
        var store = CreateStore();
        var lease = await store.AcquireLeaseAsync("b", "me", Lease, default);
        lease = await store.CommitAsync(lease, [Failed("5")], default);
        await store.CommitAsync(lease, [Succeeded("5")], default);

        var record = Assert.Single(await store.ReadItemsAsync("b", default));
        Assert.Equal(BatchItemStatus.Succeeded, record.Status);
    }

    [Fact]
    public async Task A_key_the_same_run_committed_for_another_item_is_a_duplicate_naming_both_items_and_nothing_of_that_commit_is_written()
    {
        var store = CreateStore();
        var lease = await store.AcquireLeaseAsync("b", "me", Lease, default);
        lease = await store.CommitAsync(lease, [Keyed("a", 1)], default);

        var error = await Assert.ThrowsAsync<DuplicateItemKeyException>(() => store.CommitAsync(lease, [Keyed("b", 2), Keyed("a", 5)], default).AsTask());

        Assert.Equal(("b", "a", 1L, 5L), (error.BatchId, error.Key, error.FirstIndex, error.SecondIndex));
        Assert.Contains("input positions 1 and 5", error.Message);
        var record = Assert.Single(await Reopen().ReadItemsAsync("b", default));
        Assert.Equal(("a", 1L), (record.Key, record.Index));
    }

    [Fact]
    public async Task Two_records_of_one_commit_with_one_key_are_a_duplicate_and_nothing_is_written()
    {
        var store = CreateStore();
        var lease = await store.AcquireLeaseAsync("b", "me", Lease, default);

        var error = await Assert.ThrowsAsync<DuplicateItemKeyException>(() => store.CommitAsync(lease, [Keyed("x", 9), Keyed("y", 4), Keyed("x", 3)], default).AsTask());

        Assert.Equal(("x", 3L, 9L), (error.Key, error.FirstIndex, error.SecondIndex));
        Assert.Empty(await Reopen().ReadItemsAsync("b", default));
    }

    [Fact]
    public async Task A_record_an_earlier_run_wrote_for_another_position_is_replaced_and_then_is_this_runs()
    {
        var store = CreateStore();
        var old = await store.AcquireLeaseAsync("b", "old", Lease, default);
        await store.CommitAsync(old, [Keyed("a", 1)], default);
        await store.ReleaseLeaseAsync(old, default);

        // A rerun reads its items in another order: the item keyed "a" is now at position 7.
        var lease = await Reopen().AcquireLeaseAsync("b", "new", Lease, default);
        lease = await store.CommitAsync(lease, [Keyed("a", 7)], default);
        lease = await store.CommitAsync(lease, [Keyed("a", 7)], default); // the same item again (a retried failure): replaced

        var record = Assert.Single(await store.ReadItemsAsync("b", default));
        Assert.Equal(("a", 7L), (record.Key, record.Index));
        var error = await Assert.ThrowsAsync<DuplicateItemKeyException>(() => store.CommitAsync(lease, [Keyed("a", 3)], default).AsTask());
        Assert.Equal((3L, 7L), (error.FirstIndex, error.SecondIndex));
    }

    [Fact]
    public async Task A_record_of_a_run_whose_expired_lease_was_taken_over_is_an_earlier_runs_and_is_replaced()
    {
        var store = CreateStore();
        var old = await store.AcquireLeaseAsync("b", "old", Lease, default);
        await store.CommitAsync(old, [Keyed("a", 1)], default);
        Time.Advance(Lease + TimeSpan.FromSeconds(1)); // crashed: never released

        var lease = await Reopen().AcquireLeaseAsync("b", "new", Lease, default);
        await store.CommitAsync(lease, [Keyed("a", 4)], default);

        var record = Assert.Single(await store.ReadItemsAsync("b", default));
        Assert.Equal(("a", 4L), (record.Key, record.Index));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // expired, but no one took it over: still its lease
    public async Task An_owner_renewing_the_lease_it_holds_is_the_same_run_so_a_key_it_committed_for_another_item_is_still_a_duplicate(bool expired)
    {
        var store = CreateStore();
        var lease = await store.AcquireLeaseAsync("b", "me", Lease, default);
        await store.CommitAsync(lease, [Keyed("a", 1)], default);
        Time.Advance(expired ? Lease + TimeSpan.FromSeconds(1) : TimeSpan.Zero);
        lease = await Reopen().AcquireLeaseAsync("b", "me", Lease, default);

        var error = await Assert.ThrowsAsync<DuplicateItemKeyException>(() => store.CommitAsync(lease, [Keyed("a", 2)], default).AsTask());

        Assert.Equal((1L, 2L), (error.FirstIndex, error.SecondIndex));
    }

    [Fact]
    public async Task An_owner_that_released_its_lease_and_takes_it_again_is_a_new_run_so_its_earlier_record_is_replaced()
    {
        // A run is one lease, not one owner name: every store must judge a reused name alike.
        var store = CreateStore();
        var lease = await store.AcquireLeaseAsync("b", "me", Lease, default);
        await store.CommitAsync(lease, [Keyed("a", 1)], default);
        await store.ReleaseLeaseAsync(lease, default);
        lease = await Reopen().AcquireLeaseAsync("b", "me", Lease, default);

        lease = await store.CommitAsync(lease, [Keyed("a", 2)], default);

        var record = Assert.Single(await store.ReadItemsAsync("b", default));
        Assert.Equal(("a", 2L), (record.Key, record.Index));
        var error = await Assert.ThrowsAsync<DuplicateItemKeyException>(() => store.CommitAsync(lease, [Keyed("a", 3)], default).AsTask());
        Assert.Equal((2L, 3L), (error.FirstIndex, error.SecondIndex)); // and the replaced record is this run's
    }

    [Fact]
    public async Task Batch_ids_are_independent()
    {
        var store = CreateStore();
        var a = await store.AcquireLeaseAsync("a", "me", Lease, default);
        var b = await store.AcquireLeaseAsync("b", "other", Lease, default);
        await store.CommitAsync(a, [Succeeded("1"), Succeeded("2")], default);
        await store.CommitAsync(b, [Succeeded("1")], default);

        Assert.Equal(2, (await store.ReadItemsAsync("a", default)).Count);
        Assert.Single(await store.ReadItemsAsync("b", default));
    }

    [Fact]
    public async Task A_second_owner_cannot_take_an_unexpired_lease_and_is_told_who_holds_it_until_when()
    {
        var store = CreateStore();
        var lease = await store.AcquireLeaseAsync("b", "first", Lease, default);

        var error = await Assert.ThrowsAsync<BatchLeaseException>(() => Reopen().AcquireLeaseAsync("b", "second", Lease, default).AsTask());

        Assert.Equal("b", error.BatchId);
        Assert.Equal("first", error.Holder);
        Assert.Equal(lease.ExpiresAt, error.ExpiresAt);
        Assert.Equal(Time.GetUtcNow() + Lease, lease.ExpiresAt);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MaxValue)] // TimeSpan.MaxValue: its end is past the last date a DateTimeOffset holds
    public async Task A_lease_of_no_time_or_one_ending_past_the_calendar_is_refused_naming_the_duration_and_changes_no_lease(long ticks)
    {
        var store = CreateStore();
        var held = await store.AcquireLeaseAsync("b", "first", Lease, default);

        var renewal = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.AcquireLeaseAsync("b", "first", TimeSpan.FromTicks(ticks), default).AsTask());
        var fresh = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Reopen().AcquireLeaseAsync("c", "second", TimeSpan.FromTicks(ticks), default).AsTask());

        Assert.Equal("duration", renewal.ParamName);
        Assert.Equal("duration", fresh.ParamName);
        var error = await Assert.ThrowsAsync<BatchLeaseException>(() => Reopen().AcquireLeaseAsync("b", "second", Lease, default).AsTask());
        Assert.Equal(held.ExpiresAt, error.ExpiresAt);
        await store.CommitAsync(held, [Succeeded("1")], default);
        Assert.Equal(Time.GetUtcNow() + Lease, (await Reopen().AcquireLeaseAsync("c", "second", Lease, default)).ExpiresAt);
    }

    [Fact]
    public async Task An_expired_lease_is_taken_over_and_its_old_holder_commits_nothing()
    {
        var store = CreateStore();
        var old = await store.AcquireLeaseAsync("b", "old", Lease, default);
        Time.Advance(Lease + TimeSpan.FromSeconds(1));
        var taken = await Reopen().AcquireLeaseAsync("b", "new", Lease, default);

        var error = await Assert.ThrowsAsync<BatchLeaseException>(() => store.CommitAsync(old, [Succeeded("1")], default).AsTask());

        Assert.Equal("new", error.Holder);
        Assert.Empty(await store.ReadItemsAsync("b", default));
        await store.CommitAsync(taken, [Succeeded("1")], default);
        Assert.Single(await store.ReadItemsAsync("b", default));
    }

    [Fact]
    public async Task A_commit_extends_the_lease_by_its_duration_so_it_does_not_expire_under_a_live_run()
    {
        var store = CreateStore();
        var lease = await store.AcquireLeaseAsync("b", "me", Lease, default);
        Time.Advance(TimeSpan.FromSeconds(8));
        var renewed = await store.CommitAsync(lease, [], default);
        Time.Advance(TimeSpan.FromSeconds(8)); // 16 s after the lease was taken, 8 s after the renewal

        Assert.Equal(Time.GetUtcNow() - TimeSpan.FromSeconds(8) + Lease, renewed.ExpiresAt);
        await Assert.ThrowsAsync<BatchLeaseException>(() => store.AcquireLeaseAsync("b", "other", Lease, default).AsTask());
    }

    [Fact]
    public async Task A_released_lease_can_be_taken_at_once_and_releasing_a_lost_lease_does_nothing()
    {
        var store = CreateStore();
        var lease = await store.AcquireLeaseAsync("b", "me", Lease, default);
        await store.ReleaseLeaseAsync(lease, default);
        var other = await store.AcquireLeaseAsync("b", "other", Lease, default);

        await store.ReleaseLeaseAsync(lease, default); // not mine any more

        await Assert.ThrowsAsync<BatchLeaseException>(() => store.AcquireLeaseAsync("b", "third", Lease, default).AsTask());
        await store.CommitAsync(other, [Succeeded("1")], default);
    }

    [Fact]
    public async Task Deleting_a_batch_removes_its_records_and_leaves_other_batches_alone()
    {
        var store = CreateStore();
        var a = await store.AcquireLeaseAsync("a", "me", Lease, default);
        await store.CommitAsync(a, [Succeeded("1"), Succeeded("2")], default);
        await store.ReleaseLeaseAsync(a, default);
        var b = await store.AcquireLeaseAsync("b", "me", Lease, default);
        await store.CommitAsync(b, [Succeeded("1")], default);

        Assert.Equal(2, await Reopen().DeleteBatchAsync("a", default));

        Assert.Empty(await store.ReadItemsAsync("a", default));
        Assert.Single(await store.ReadItemsAsync("b", default));
        Assert.Equal(0, await store.DeleteBatchAsync("never-run", default));
        var again = await store.AcquireLeaseAsync("a", "someone-else", Lease, default); // no lease left behind
        await store.CommitAsync(again, [Succeeded("3")], default);
        Assert.Equal(["3"], (await store.ReadItemsAsync("a", default)).Select(r => r.Key));
    }

    [Fact]
    public async Task Deleting_a_batch_whose_lease_has_not_expired_is_refused_naming_the_holder_and_deletes_nothing()
    {
        var store = CreateStore();
        var lease = await store.AcquireLeaseAsync("b", "runner", Lease, default);
        await store.CommitAsync(lease, [Succeeded("1")], default);

        var error = await Assert.ThrowsAsync<BatchLeaseException>(() => Reopen().DeleteBatchAsync("b", default).AsTask());

        Assert.Equal(("b", "runner", Time.GetUtcNow() + Lease), (error.BatchId, error.Holder, error.ExpiresAt));
        Assert.Single(await store.ReadItemsAsync("b", default));
        await store.CommitAsync(lease, [Succeeded("2")], default); // the run goes on

        Time.Advance(Lease + TimeSpan.FromSeconds(1)); // the runner died
        Assert.Equal(2, await Reopen().DeleteBatchAsync("b")); // the token is optional: the call a user writes
    }

    [Fact]
    public async Task A_writer_whose_expired_lease_was_deleted_with_its_batch_commits_nothing_more()
    {
        var store = CreateStore();
        var stale = await store.AcquireLeaseAsync("b", "hung", Lease, default);
        await store.CommitAsync(stale, [Succeeded("1")], default);
        Time.Advance(Lease + TimeSpan.FromSeconds(1));
        await Reopen().DeleteBatchAsync("b", default);

        var deleted = await Assert.ThrowsAsync<BatchLeaseException>(() => store.CommitAsync(stale, [Succeeded("2")], default).AsTask());

        Assert.Equal(BatchLeaseException.Deleted("b", "hung").Message, deleted.Message);
        Assert.Empty(await store.ReadItemsAsync("b", default));
    }

    [Fact]
    public async Task A_writer_whose_lease_was_released_is_told_so_not_that_its_batch_was_deleted_and_keeps_its_records()
    {
        var store = CreateStore();
        var lease = await store.AcquireLeaseAsync("b", "me", Lease, default);
        await store.CommitAsync(lease, [Succeeded("1")], default);
        await Reopen().ReleaseLeaseAsync(lease, default);

        var released = await Assert.ThrowsAsync<BatchLeaseException>(() => store.CommitAsync(lease, [Succeeded("2")], default).AsTask());

        Assert.Equal(BatchLeaseException.Lost("b", "me", holder: null).Message, released.Message);
        Assert.Equal(["1"], (await store.ReadItemsAsync("b", default)).Select(r => r.Key));
    }

    [Fact]
    public async Task A_canceled_delete_deletes_nothing()
    {
        var store = CreateStore();
        var lease = await store.AcquireLeaseAsync("b", "me", Lease, default);
        await store.CommitAsync(lease, [Succeeded("1")], default);
        await store.ReleaseLeaseAsync(lease, default);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.DeleteBatchAsync("b", new CancellationToken(canceled: true)).AsTask());

        Assert.Single(await store.ReadItemsAsync("b", default));
    }

    [Fact]
    public async Task A_canceled_commit_writes_nothing()
    {
        var store = CreateStore();
        var lease = await store.AcquireLeaseAsync("b", "me", Lease, default);
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.CommitAsync(lease, [Succeeded("1")], canceled.Token).AsTask());

        Assert.Empty(await store.ReadItemsAsync("b", default));
    }

    protected static ItemRecord Succeeded(string key) =>
        new() { Key = key, Index = long.Parse(key, System.Globalization.CultureInfo.InvariantCulture), Fingerprint = 1, Status = BatchItemStatus.Succeeded, Outputs = new byte[] { 9 } };

    protected static ItemRecord Keyed(string key, long index) =>
        new() { Key = key, Index = index, Fingerprint = 1, Status = BatchItemStatus.Succeeded, Outputs = new byte[] { 9 } };

    protected static ItemRecord Failed(string key) =>
        new() { Key = key, Index = long.Parse(key, System.Globalization.CultureInfo.InvariantCulture), Fingerprint = 1, Status = BatchItemStatus.Failed, ErrorType = "E", ErrorMessage = "m" };
}

using Microsoft.Data.Sqlite;

namespace Floxide.Sqlite.Tests;

/// <summary>What only a file store can get wrong: the journal, the schema version, and a file that is corrupt, locked or full.</summary>
public sealed class SqliteBatchStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task The_file_uses_the_WAL_journal_and_records_a_schema_version()
    {
        var path = _folder.File("wal.db");
        using (var store = new SqliteBatchStore(path))
        {
            await store.ReadItemsAsync("b", default);
        }

        Assert.Equal("wal", Scalar(path, "PRAGMA journal_mode"));
        Assert.Equal((long)SqliteBatchStore.SchemaVersion, Scalar(path, "SELECT max(version) FROM floxide_schema"));
    }

    [Fact]
    public async Task Every_connection_the_store_uses_commits_with_synchronous_NORMAL()
    {
        // Per connection, not per file: read on each connection the store opens, before it is used.
        var settings = new List<long>();
        using var store = new SqliteBatchStore(_folder.File("sync.db"));
        var lease = await store.AcquireLeaseAsync("b", "me", TimeSpan.FromMinutes(1), default);
        store.ConnectionOpened = connection =>
        {
            using var read = connection.CreateCommand();
            read.CommandText = "PRAGMA synchronous";
            lock (settings)
            {
                settings.Add((long)read.ExecuteScalar()!);
            }
        };

        await store.CommitAsync(lease, [Record(1)], default);
        await store.ReadItemsAsync("b", default);

        Assert.Equal(2, settings.Count); // the commit's connection and the read's
        Assert.All(settings, setting => Assert.Equal(1L, setting)); // 1 is NORMAL (2, the default, is FULL)
    }

    [Fact]
    public async Task A_file_from_a_newer_schema_is_a_clear_error_naming_the_file()
    {
        var path = _folder.File("newer.db");
        using (var store = new SqliteBatchStore(path))
        {
            await store.ReadItemsAsync("b", default);
        }

        Execute(path, "UPDATE floxide_schema SET version = 99");
        using var reopened = new SqliteBatchStore(path);

        var error = await Assert.ThrowsAsync<BatchStoreException>(() => reopened.ReadItemsAsync("b", default).AsTask());

        Assert.Equal(path, error.Location);
        Assert.Contains(path, error.Message);
        Assert.Contains("newer", error.Message);
        Assert.Contains("99", error.Message);
    }

    [Fact]
    public async Task A_file_of_schema_version_1_is_upgraded_and_its_records_count_as_an_earlier_runs()
    {
        // Version 1's tables, as Floxide.Sqlite wrote them before it recorded which run wrote an item.
        var path = _folder.File("v1.db");
        Execute(
            path,
            """
            CREATE TABLE floxide_schema (version INTEGER NOT NULL);
            CREATE TABLE floxide_leases (
                batch_id TEXT NOT NULL PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL, duration_ticks INTEGER NOT NULL);
            CREATE TABLE floxide_items (
                batch_id TEXT NOT NULL, item_key TEXT NOT NULL, item_index INTEGER NOT NULL, fingerprint INTEGER NOT NULL,
                status INTEGER NOT NULL, action TEXT, outputs BLOB, error_type TEXT, error_message TEXT, error_stack TEXT, failed_step TEXT,
                PRIMARY KEY (batch_id, item_key)) WITHOUT ROWID;
            INSERT INTO floxide_schema (version) VALUES (1);
            INSERT INTO floxide_leases (batch_id, owner, expires_at, duration_ticks) VALUES ('b', 'crashed-host/42/run', 0, 1);
            INSERT INTO floxide_items (batch_id, item_key, item_index, fingerprint, status, outputs) VALUES ('b', 'a', 1, 1, 0, x'09');
            """);
        using var store = new SqliteBatchStore(path);

        var record = Assert.Single(await store.ReadItemsAsync("b", default));

        Assert.Equal(("a", 1L, BatchItemStatus.Succeeded), (record.Key, record.Index, record.Status));
        Assert.Equal((long)SqliteBatchStore.SchemaVersion, Scalar(path, "SELECT max(version) FROM floxide_schema"));
        var lease = await store.AcquireLeaseAsync("b", "me", TimeSpan.FromMinutes(1), default);
        lease = await store.CommitAsync(lease, [Keyed("a", 4)], default); // an earlier run's record: replaced
        var duplicate = await Assert.ThrowsAsync<DuplicateItemKeyException>(() => store.CommitAsync(lease, [Keyed("a", 6)], default).AsTask());
        Assert.Equal((4L, 6L), (duplicate.FirstIndex, duplicate.SecondIndex));

        // The lease table keeps version 1's shape and use, so a version 1 process that opened the file before the upgrade
        // (and never reads its version again) can still work on it; the run count is where that process never writes.
        Assert.Equal("batch_id,owner,expires_at,duration_ticks", Scalar(path, "SELECT group_concat(name, ',') FROM pragma_table_info('floxide_leases')"));
        await store.ReleaseLeaseAsync(lease, default);
        Assert.Equal(0L, Scalar(path, "SELECT count(*) FROM floxide_leases"));
        Execute(path, Version1Acquire("v1-run") + Version1Commit("a", 2) + Version1Release("v1-run"));
        var rerun = await store.AcquireLeaseAsync("b", "again", TimeSpan.FromMinutes(1), default);
        await store.CommitAsync(rerun, [Keyed("a", 8)], default); // the version 1 run's record (no run number): an earlier run's, replaced
        Assert.Equal("a:8:2", Scalar(path, "SELECT item_key || ':' || item_index || ':' || written_by FROM floxide_items"));
    }

    [Fact]
    public async Task A_version_1_process_still_writing_to_an_upgraded_file_does_not_make_a_rerun_look_like_the_same_run()
    {
        var path = _folder.File("mixed.db");
        using var store = new SqliteBatchStore(path);
        var first = await store.AcquireLeaseAsync("b", "v2-run-1", TimeSpan.FromMinutes(1), default);
        await store.CommitAsync(first, [Keyed("a", 1)], default);
        await store.ReleaseLeaseAsync(first, default);

        // A version 1 process that opened the file before the upgrade runs on: one of its runs ends (its release deletes the
        // lease row), and the next is killed holding the lease (a row it writes knowing nothing of run numbers).
        Execute(path, Version1Acquire("v1-run-2") + Version1Release("v1-run-2") + Version1Acquire("v1-run-3"));

        var rerun = await store.AcquireLeaseAsync("b", "v2-run-4", TimeSpan.FromMinutes(1), default);
        await store.CommitAsync(rerun, [Keyed("a", 5)], default); // a reordered rerun: replaces the first run's record

        var record = Assert.Single(await store.ReadItemsAsync("b", default));
        Assert.Equal(("a", 5L), (record.Key, record.Index));
    }

    [Fact]
    public async Task Items_name_the_run_that_wrote_them_by_a_small_number_and_a_released_lease_keeps_no_owner()
    {
        // An owner names a machine and a process: kept once per batch while its run holds the lease, never per item.
        var path = _folder.File("runs.db");
        using (var store = new SqliteBatchStore(path))
        {
            foreach (var (owner, key) in new[] { ("host-a/101/first", "x"), ("host-b/202/second", "y") })
            {
                var lease = await store.AcquireLeaseAsync("b", owner, TimeSpan.FromMinutes(1), default);
                lease = await store.CommitAsync(lease, [Keyed(key, 1)], default);
                await store.ReleaseLeaseAsync(lease, default);
            }
        }

        Assert.Equal("x:integer:1 y:integer:2", Scalar(path, "SELECT group_concat(item_key || ':' || typeof(written_by) || ':' || written_by, ' ') FROM (SELECT * FROM floxide_items ORDER BY item_key)"));
        Assert.Equal(0L, Scalar(path, "SELECT count(*) FROM floxide_leases"));
        Assert.Equal("b:2", Scalar(path, "SELECT batch_id || ':' || generation FROM floxide_runs"));
    }

    [Fact]
    public async Task A_run_count_removed_by_hand_starts_again_above_the_runs_the_batchs_records_name()
    {
        var path = _folder.File("count.db");
        using var store = new SqliteBatchStore(path);
        foreach (var (owner, key) in new[] { ("run-1", "a"), ("run-2", "b") })
        {
            var earlier = await store.AcquireLeaseAsync("b", owner, TimeSpan.FromMinutes(1), default);
            await store.CommitAsync(earlier, [Keyed(key, 1)], default);
            await store.ReleaseLeaseAsync(earlier, default);
        }

        Execute(path, "DELETE FROM floxide_runs");
        var lease = await store.AcquireLeaseAsync("b", "run-3", TimeSpan.FromMinutes(1), default);
        lease = await store.CommitAsync(lease, [Keyed("a", 5)], default); // run 1's record: replaced

        Execute(path, "DELETE FROM floxide_runs"); // again, under a run holding its lease: its commit numbers it anew
        await store.CommitAsync(lease, [Keyed("c", 6)], default);

        Assert.Equal("a:3 b:2 c:4", Scalar(path, "SELECT group_concat(item_key || ':' || written_by, ' ') FROM (SELECT * FROM floxide_items ORDER BY item_key)"));
        Assert.Equal(4L, Scalar(path, "SELECT generation FROM floxide_runs"));
    }

    [Fact]
    public async Task A_corrupt_file_is_a_clear_error_naming_the_file()
    {
        var path = _folder.File("corrupt.db");
        await File.WriteAllBytesAsync(path, Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray());
        using var store = new SqliteBatchStore(path);

        var error = await Assert.ThrowsAsync<BatchStoreException>(() => store.ReadItemsAsync("b", default).AsTask());

        Assert.Contains(path, error.Message);
        Assert.Contains("corrupt or is not a SQLite database", error.Message);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(0)] // fails at once: Microsoft.Data.Sqlite reads a timeout of 0 as "no timeout" and would wait until the lock went away
    public async Task A_file_locked_by_another_process_for_longer_than_the_busy_timeout_is_a_clear_error_naming_the_file_and_nothing_is_written(int busyTimeoutMilliseconds)
    {
        var path = _folder.File("locked.db");
        using var store = new SqliteBatchStore(path, busyTimeout: TimeSpan.FromMilliseconds(busyTimeoutMilliseconds));
        var lease = await store.AcquireLeaseAsync("b", "me", TimeSpan.FromMinutes(1), default);

        using (HoldExclusiveLock(path))
        {
            // The lock is held until the commit has failed: a commit that waited for it to go would never end (15 s guard).
            var commit = store.CommitAsync(lease, [Record(1)], default).AsTask();
            Assert.Same(commit, await Task.WhenAny(commit, Task.Delay(TimeSpan.FromSeconds(15))));

            var error = await Assert.ThrowsAsync<BatchStoreException>(() => commit);
            Assert.Contains(path, error.Message);
            Assert.Contains("locked", error.Message);
        }

        Assert.Empty(await store.ReadItemsAsync("b", default));
    }

    [Fact]
    public async Task A_commit_goes_through_when_a_lock_held_as_it_opens_is_released_within_the_busy_timeout()
    {
        var path = _folder.File("waits.db");
        using var store = new SqliteBatchStore(path, busyTimeout: TimeSpan.FromMinutes(2));
        var lease = await store.AcquireLeaseAsync("b", "me", TimeSpan.FromMinutes(5), default);
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.ConnectionOpened = _ => opened.TrySetResult();
        var other = HoldExclusiveLock(path);

        var commit = store.CommitAsync(lease, [Record(1)], default).AsTask();
        await opened.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the commit is about to take the lock, or waiting for it
        other.Dispose(); // rolls the other transaction back: the lock goes

        Assert.Same(commit, await Task.WhenAny(commit, Task.Delay(TimeSpan.FromSeconds(60))));
        await commit;
        Assert.Equal("1", Assert.Single(await store.ReadItemsAsync("b", default)).Key);
    }

    [Fact]
    public void A_negative_busy_timeout_is_an_error_naming_the_parameter()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SqliteBatchStore(_folder.File("x.db"), busyTimeout: TimeSpan.FromMilliseconds(-1)));

        Assert.Equal("busyTimeout", error.ParamName);
    }

    /// <summary>
    /// Keys with a lone surrogate, and where it is. Not InlineData: an attribute keeps its strings as UTF-8, which turns
    /// every lone surrogate into U+FFFD before the test sees it; not enumerated at discovery, which serializes them too.
    /// </summary>
    public static TheoryData<string, int> KeysWithALoneSurrogate => new()
    {
        { "\uD800", 0 }, // a lone high surrogate
        { "\uDC00", 0 }, // a lone low surrogate: stored as U+FFFD, it would merge with the one above
        { "item-\uD83D", 5 }, // an emoji cut in half at the end of a key
        { "\uDE00\uD83D", 0 }, // a pair in the wrong order
    };

    [Theory]
    [MemberData(nameof(KeysWithALoneSurrogate), DisableDiscoveryEnumeration = true)]
    public async Task A_key_that_is_not_valid_UTF16_is_a_clear_error_naming_the_item_and_nothing_is_written(string key, int position)
    {
        var path = _folder.File("keys.db");
        using var store = new SqliteBatchStore(path);
        var lease = await store.AcquireLeaseAsync("b", "me", TimeSpan.FromMinutes(1), default);
        var bad = new ItemRecord { Key = key, Index = 7, Fingerprint = 7, Status = BatchItemStatus.Succeeded };

        var error = await Assert.ThrowsAsync<BatchStoreException>(() => store.CommitAsync(lease, [Record(1), bad], default).AsTask());

        Assert.Equal(path, error.Location);
        Assert.Contains(path, error.Message);
        Assert.Contains("the item at index 7", error.Message);
        Assert.Contains($"lone surrogate (U+{(int)key[position]:X4}) at position {position}", error.Message);
        Assert.Contains("valid UTF-16", error.Message);
        Assert.Empty(await store.ReadItemsAsync("b", default));
    }

    [Fact]
    public async Task A_batch_id_or_owner_that_is_not_valid_UTF16_is_an_error_naming_the_parameter()
    {
        using var store = new SqliteBatchStore(_folder.File("ids.db"));

        var batch = await Assert.ThrowsAsync<ArgumentException>(() => store.AcquireLeaseAsync("b\uD800", "me", TimeSpan.FromMinutes(1), default).AsTask());
        var owner = await Assert.ThrowsAsync<ArgumentException>(() => store.AcquireLeaseAsync("b", "\uDC00", TimeSpan.FromMinutes(1), default).AsTask());
        var read = await Assert.ThrowsAsync<ArgumentException>(() => store.ReadItemsAsync("\uDC00", default).AsTask());

        Assert.Equal("batchId", batch.ParamName);
        Assert.Contains("lone surrogate (U+D800) at position 1", batch.Message);
        Assert.Equal("owner", owner.ParamName);
        Assert.Equal("batchId", read.ParamName);
    }

    [Fact]
    public async Task A_full_disk_is_a_clear_error_naming_the_file_and_the_commit_is_not_half_written()
    {
        var path = _folder.File("full.db");
        using var store = new SqliteBatchStore(path);
        var lease = await store.AcquireLeaseAsync("b", "me", TimeSpan.FromMinutes(1), default);
        lease = await store.CommitAsync(lease, Enumerable.Range(0, 10).Select(Record).ToArray(), default);

        // SQLite's max_page_count caps the file a few pages above its size: a disk that fills up mid-commit.
        store.ConnectionOpened = connection =>
        {
            using var count = connection.CreateCommand();
            count.CommandText = "PRAGMA page_count";
            var pages = (long)count.ExecuteScalar()!;
            using var cap = connection.CreateCommand();
            cap.CommandText = $"PRAGMA max_page_count = {pages + 4}";
            cap.ExecuteNonQuery();
        };
        var big = Enumerable.Range(100, 2000).Select(i => Record(i, outputs: new byte[512])).ToArray();

        var error = await Assert.ThrowsAsync<BatchStoreException>(() => store.CommitAsync(lease, big, default).AsTask());

        Assert.Contains(path, error.Message);
        Assert.Contains("disk is full", error.Message);
        store.ConnectionOpened = null;
        var records = await store.ReadItemsAsync("b", default);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), records.Select(r => r.Index).Order()); // the earlier commit, none of the failed one
        await store.CommitAsync(lease, [Record(11)], default); // and the store still works
    }

    [Fact]
    public async Task A_path_in_a_missing_folder_is_created()
    {
        var path = Path.Combine(_folder.Path, "a", "b", "batches.db");
        using var store = new SqliteBatchStore(path);

        await store.ReadItemsAsync("b", default);

        Assert.True(File.Exists(path));
    }

    [Theory]
    [InlineData("plain", "batches.db")] // the folder is a regular file
    [InlineData("plain", "sub", "batches.db")] // a folder to create under a regular file
    public async Task A_path_under_a_regular_file_is_a_store_error_naming_the_path_and_the_folder_it_could_not_create(params string[] below)
    {
        await File.WriteAllTextAsync(_folder.File("plain"), "not a folder");
        var path = Path.Combine([_folder.Path, .. below]);
        using var store = new SqliteBatchStore(path);

        var error = await Assert.ThrowsAsync<BatchStoreException>(() => store.ReadItemsAsync("b", default).AsTask());
        var again = await Assert.ThrowsAsync<BatchStoreException>(() => store.AcquireLeaseAsync("b", "me", TimeSpan.FromMinutes(1), default).AsTask());

        Assert.Equal(path, error.Location);
        Assert.Contains($"'{path}' could not create its folder '{Path.GetDirectoryName(path)}'", error.Message);
        Assert.IsAssignableFrom<IOException>(error.InnerException);
        Assert.Equal(error.Message, again.Message); // not remembered as opened: every call says why
    }

    [Fact]
    public async Task A_path_that_is_a_folder_is_a_store_error_naming_it_and_the_open_that_failed()
    {
        var path = _folder.File("a-folder.db");
        Directory.CreateDirectory(path);
        using var store = new SqliteBatchStore(path);

        var error = await Assert.ThrowsAsync<BatchStoreException>(() => store.ReadItemsAsync("b", default).AsTask());

        Assert.Equal(path, error.Location);
        Assert.Contains($"'{path}' could not open the store: it names a folder, not a file; name a file in it, such as '{Path.Combine(path, "batches.db")}'", error.Message);
    }

    [Fact]
    public void A_path_ending_in_a_folder_separator_is_refused_at_once_naming_it()
    {
        var path = _folder.File("stores") + Path.DirectorySeparatorChar;

        var error = Assert.Throws<ArgumentException>(() => new SqliteBatchStore(path));

        Assert.Equal("path", error.ParamName);
        Assert.Contains($"'{path}' names a folder", error.Message);
        Assert.False(Directory.Exists(path)); // nothing created
    }

    [Fact]
    public async Task A_folder_removed_after_the_store_opened_is_a_store_error_naming_the_file_and_the_operation()
    {
        var folder = _folder.File("gone");
        var path = Path.Combine(folder, "batches.db");
        using var store = new SqliteBatchStore(path);
        await store.ReadItemsAsync("b", default);
        SqliteConnection.ClearAllPools(); // a pooled connection would still reach the removed file
        Directory.Delete(folder, recursive: true);

        var error = await Assert.ThrowsAsync<BatchStoreException>(() => store.ReadItemsAsync("b", default).AsTask());

        Assert.Equal(path, error.Location);
        Assert.Contains($"'{path}' could not read the items of batch 'b': the file cannot be opened", error.Message);
        Assert.IsType<SqliteException>(error.InnerException); // SQLite's error, not the file system's
    }

    private static ItemRecord Record(int index) => Record(index, new byte[] { 1 });

    private static ItemRecord Keyed(string key, long index) => new() { Key = key, Index = index, Fingerprint = 1, Status = BatchItemStatus.Succeeded };

    private static ItemRecord Record(int index, byte[] outputs) =>
        new() { Key = index.ToString(System.Globalization.CultureInfo.InvariantCulture), Index = index, Fingerprint = index, Status = BatchItemStatus.Succeeded, Outputs = outputs };

    /// <summary>Locks the file as another process would: a connection of its own holding an exclusive transaction until disposed.</summary>
    private static SqliteConnection HoldExclusiveLock(string path)
    {
        var other = new SqliteConnection($"Data Source={path};Pooling=False");
        other.Open();
        using var exclusive = other.CreateCommand();
        exclusive.CommandText = "BEGIN EXCLUSIVE";
        exclusive.ExecuteNonQuery();
        return other;
    }

    /// <summary>
    /// Floxide.Sqlite 1's statements on batch 'b', as a process that opened the file at schema version 1 runs them still
    /// after another process upgraded it. Its acquire writes a lease that has expired (as when that process was killed).
    /// </summary>
    private static string Version1Acquire(string owner) =>
        $"INSERT INTO floxide_leases (batch_id, owner, expires_at, duration_ticks) VALUES ('b', '{owner}', 0, 1) "
        + "ON CONFLICT (batch_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at, duration_ticks = excluded.duration_ticks;";

    private static string Version1Commit(string key, long index) =>
        "INSERT OR REPLACE INTO floxide_items (batch_id, item_key, item_index, fingerprint, status, action, outputs, error_type, error_message, error_stack, failed_step) "
        + $"VALUES ('b', '{key}', {index}, 1, 0, NULL, x'09', NULL, NULL, NULL, NULL);";

    private static string Version1Release(string owner) => $"DELETE FROM floxide_leases WHERE batch_id = 'b' AND owner = '{owner}';";

    private static object? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

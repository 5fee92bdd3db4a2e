using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Floxide.Sqlite;

/// <summary>
/// The embedded durable store: records a durable batch's finished items in one SQLite file (WAL
/// journal, one transaction per batched commit), so a rerun after a crash resumes where it stopped.
/// No server to start; several batch ids share one file. Implements the <see cref="IBatchStore"/> contract.
/// </summary>
/// <remarks>
/// Every failure (a corrupt file or one that is not a database, a file locked by another process for
/// longer than the busy timeout, a full disk, a file written by a newer Floxide, an item key SQLite
/// cannot keep, a folder it cannot create or a file it cannot open) is a <see cref="BatchStoreException"/>
/// naming the file and what the store was doing, and a failed commit writes nothing.
/// SQLite keeps text as UTF-8, so a key (or a batch id, or a lease owner) must be valid UTF-16: one with a
/// lone surrogate (a string cut inside a surrogate pair) would be stored as U+FFFD and merge with another.
/// Each item remembers the run (lease) that wrote it, by a number counting the runs of its batch, not by the lease
/// owner's name, so a run committing one key for two items fails with <see cref="DuplicateItemKeyException"/>, also
/// without writing anything. docs/durability.md lists the file's tables.
/// </remarks>
public sealed class SqliteBatchStore : IBatchStore, IDisposable
{
    /// <summary>
    /// The version of the file's format this store writes; it upgrades files of an older one and refuses files of a newer
    /// one. 2 numbers the runs of each batch (table <c>floxide_runs</c>) and records which run wrote each item (to tell two
    /// items of one run with one key from a rerun's reordered item); its lease table is version 1's.
    /// </summary>
    /// <remarks>A property, not a constant: a constant's value would be compiled into callers and go stale on an upgrade.</remarks>
    public static int SchemaVersion { get; } = 2;

    private readonly string _connectionString;
    private readonly int _busyTimeoutMilliseconds;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _init = new(1, 1);
    private volatile bool _initialized;

    /// <summary>Creates a store in <see cref="DefaultPath"/>.</summary>
    public SqliteBatchStore()
        : this(DefaultPath)
    {
    }

    /// <summary>Creates a store in the file at <paramref name="path"/> (created, with its folder, when missing).</summary>
    /// <param name="path">The database file.</param>
    /// <param name="timeProvider">The clock leases expire on; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="busyTimeout">
    /// How long to wait for a file another process has locked before the call fails with
    /// <see cref="BatchStoreException"/>, to the millisecond (a fraction of one is rounded up);
    /// <see cref="TimeSpan.Zero"/> fails at once. 5 seconds when null.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or ends with a folder separator.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="busyTimeout"/> is negative or longer than <see cref="int.MaxValue"/> milliseconds.</exception>
    public SqliteBatchStore(string path, TimeProvider? timeProvider = null, TimeSpan? busyTimeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (System.IO.Path.EndsInDirectorySeparator(path))
        {
            throw new ArgumentException($"The store's path '{path}' {NamesAFolder(path)}.", nameof(path));
        }

        var wait = busyTimeout ?? TimeSpan.FromSeconds(5);
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero, nameof(busyTimeout));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(wait, TimeSpan.FromMilliseconds(int.MaxValue), nameof(busyTimeout));
        Path = System.IO.Path.GetFullPath(path);
        _time = timeProvider ?? TimeProvider.System;
        _busyTimeoutMilliseconds = (int)Math.Ceiling(wait.TotalMilliseconds);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,

            // Microsoft.Data.Sqlite retries a busy statement for DefaultTimeout whole seconds, and forever at 0.
            // Every lock is taken by SQLite's own busy handler (the busy timeout, in ms: see InTransaction),
            // so that loop is only a backstop, at its shortest bounded setting.
            DefaultTimeout = 1,
        }.ToString();
    }

    /// <summary>
    /// Gets the file a store made without a path uses: <c>Floxide/batches.db</c> under the user's local
    /// application data folder, or the current directory when there is none.
    /// </summary>
    public static string DefaultPath
    {
        get
        {
            var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            return System.IO.Path.Combine(string.IsNullOrEmpty(root) ? Environment.CurrentDirectory : root, "Floxide", "batches.db");
        }
    }

    /// <summary>Gets the database file's full path.</summary>
    public string Path { get; }

    /// <summary>Called with every connection the store opens, before it is used (tests cap the file's size with it).</summary>
    internal Action<SqliteConnection>? ConnectionOpened { get; set; }

    /// <inheritdoc/>
    public async ValueTask<BatchLease> AcquireLeaseAsync(string batchId, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        RequireValidUtf16(batchId, nameof(batchId));
        RequireValidUtf16(owner, nameof(owner));
        return await RunAsync("take the lease of batch '" + batchId + "'", write: true, cancellationToken, connection =>
        {
            var now = _time.GetUtcNow();
            if (duration.Ticks > DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks)
            {
                throw new ArgumentOutOfRangeException(nameof(duration), duration, $"A lease of {duration} from {now:O} would end after the last date a DateTimeOffset holds.");
            }

            var held = ReadLease(connection, batchId);
            if (held is { } other && other.Holder != owner && other.ExpiresAt > now)
            {
                throw BatchLeaseException.Held(batchId, other.Holder, other.ExpiresAt);
            }

            var renewing = held?.Holder == owner;

            // A run is one lease: renewing the lease one holds goes on with its run; any other grant (after a release, a
            // takeover, or the first) starts the next one, in this transaction with the lease.
            if (!renewing)
            {
                NumberRun(connection, batchId);
            }
            var lease = new BatchLease(batchId, owner, duration, now + duration);
            using var write = Command(
                connection,
                "INSERT INTO floxide_leases (batch_id, owner, expires_at, duration_ticks) VALUES ($batch, $owner, $expires, $duration) "
                + "ON CONFLICT (batch_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at, duration_ticks = excluded.duration_ticks");
            write.Parameters.AddWithValue("$batch", batchId);
            write.Parameters.AddWithValue("$owner", owner);
            write.Parameters.AddWithValue("$expires", lease.ExpiresAt.UtcTicks);
            write.Parameters.AddWithValue("$duration", duration.Ticks);
            write.ExecuteNonQuery();
            return lease;
        }).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<ItemRecord>> ReadItemsAsync(string batchId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        RequireValidUtf16(batchId, nameof(batchId));
        return await RunAsync("read the items of batch '" + batchId + "'", write: false, cancellationToken, connection =>
        {
            using var read = Command(
                connection,
                "SELECT item_key, item_index, fingerprint, status, action, outputs, error_type, error_message, error_stack, failed_step FROM floxide_items WHERE batch_id = $batch");
            read.Parameters.AddWithValue("$batch", batchId);
            using var reader = read.ExecuteReader();
            var records = new List<ItemRecord>();
            while (reader.Read())
            {
                records.Add(new ItemRecord
                {
                    Key = reader.GetString(0),
                    Index = reader.GetInt64(1),
                    Fingerprint = reader.GetInt64(2),
                    Status = (BatchItemStatus)reader.GetInt32(3),
                    Action = reader.IsDBNull(4) ? null : reader.GetString(4),
                    Outputs = reader.IsDBNull(5) ? ReadOnlyMemory<byte>.Empty : (byte[])reader.GetValue(5),
                    ErrorType = reader.IsDBNull(6) ? null : reader.GetString(6),
                    ErrorMessage = reader.IsDBNull(7) ? null : reader.GetString(7),
                    ErrorStackTrace = reader.IsDBNull(8) ? null : reader.GetString(8),
                    FailedStepId = reader.IsDBNull(9) ? null : reader.GetString(9),
                });
            }

            return (IReadOnlyList<ItemRecord>)records;
        }).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<BatchLease> CommitAsync(BatchLease lease, IReadOnlyList<ItemRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(records);
        var what = "commit " + records.Count.ToString(CultureInfo.InvariantCulture) + " items of batch '" + lease.BatchId + "'";
        RequireStorableKeys(what, records);
        return await RunAsync(what, write: true, cancellationToken, connection =>
        {
            // The write lock is taken first (BEGIN IMMEDIATE), so the lease check and the writes see one state.
            long? generation;
            using (var read = Command(
                connection,
                "SELECT l.owner, r.generation FROM floxide_leases l LEFT JOIN floxide_runs r ON r.batch_id = l.batch_id WHERE l.batch_id = $batch"))
            {
                read.Parameters.AddWithValue("$batch", lease.BatchId);
                using var reader = read.ExecuteReader();
                var holder = reader.Read() ? reader.GetString(0) : null;
                if (holder != lease.Owner)
                {
                    throw holder is null && !RunsRowExists(connection, lease.BatchId)
                        ? BatchLeaseException.Deleted(lease.BatchId, lease.Owner)
                        : BatchLeaseException.Lost(lease.BatchId, lease.Owner, holder);
                }

                generation = reader.IsDBNull(1) ? null : reader.GetInt64(1);
            }

            // The acquire numbered this run; only a runs row removed by hand since leaves it without one.
            generation ??= NumberRun(connection, lease.BatchId);

            if (records.Count > 0)
            {
                WriteItems(connection, lease.BatchId, generation.Value, records);
            }

            var renewed = lease with { ExpiresAt = _time.GetUtcNow() + lease.Duration };
            using var write = Command(connection, "UPDATE floxide_leases SET expires_at = $expires, duration_ticks = $duration WHERE batch_id = $batch");
            write.Parameters.AddWithValue("$batch", lease.BatchId);
            write.Parameters.AddWithValue("$expires", renewed.ExpiresAt.UtcTicks);
            write.Parameters.AddWithValue("$duration", renewed.Duration.Ticks);
            write.ExecuteNonQuery();
            return renewed;
        }).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask ReleaseLeaseAsync(BatchLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await RunAsync("release the lease of batch '" + lease.BatchId + "'", write: true, cancellationToken, connection =>
        {
            // Version 1's release, which a version 1 process still running on an upgraded file also does: the row goes, and
            // with it the owner's machine name and process id. The run count stays, in floxide_runs.
            using var release = Command(connection, "DELETE FROM floxide_leases WHERE batch_id = $batch AND owner = $owner");
            release.Parameters.AddWithValue("$batch", lease.BatchId);
            release.Parameters.AddWithValue("$owner", lease.Owner);
            return release.ExecuteNonQuery();
        }).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<long> DeleteBatchAsync(string batchId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        RequireValidUtf16(batchId, nameof(batchId));
        return await RunAsync("delete batch '" + batchId + "'", write: true, cancellationToken, connection =>
        {
            // In the write transaction, so no lease can be granted between the check and the delete.
            if (ReadLease(connection, batchId) is { } held && held.ExpiresAt > _time.GetUtcNow())
            {
                throw BatchLeaseException.Held(batchId, held.Holder, held.ExpiresAt);
            }

            long deleted;
            using (var items = Command(connection, "DELETE FROM floxide_items WHERE batch_id = $batch"))
            {
                items.Parameters.AddWithValue("$batch", batchId);
                deleted = items.ExecuteNonQuery();
            }

            using var run = Command(connection, "DELETE FROM floxide_leases WHERE batch_id = $batch; DELETE FROM floxide_runs WHERE batch_id = $batch");
            run.Parameters.AddWithValue("$batch", batchId);
            run.ExecuteNonQuery();
            return deleted;
        }).ConfigureAwait(false);
    }

    /// <summary>Closes the pooled connections to the file, so it can be moved or deleted.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        _init.Dispose();
    }

    /// <summary>
    /// Throws when <paramref name="value"/> is not valid UTF-16: SQLite would store its lone surrogate as U+FFFD,
    /// merging it with another value.
    /// </summary>
    private static void RequireValidUtf16(string value, string paramName)
    {
        if (LoneSurrogateAt(value) is var at and >= 0)
        {
            throw new ArgumentException(
                $"The value has a lone surrogate ({Describe(value[at])}) at position {at}: SQLite keeps text as UTF-8, which cannot hold it. Use a string that is valid UTF-16.",
                paramName);
        }
    }

    /// <summary>Throws, before anything is written, when a record's key could not be stored as itself (see <see cref="RequireValidUtf16"/>).</summary>
    private void RequireStorableKeys(string what, IReadOnlyList<ItemRecord> records)
    {
        foreach (var record in records)
        {
            if (LoneSurrogateAt(record.Key) is var at and >= 0)
            {
                throw new BatchStoreException(
                    $"The durable batch store '{Path}' could not {what}: the key of the item at index {record.Index.ToString(CultureInfo.InvariantCulture)} "
                    + $"has a lone surrogate ({Describe(record.Key[at])}) at position {at.ToString(CultureInfo.InvariantCulture)}. SQLite keeps text as UTF-8, "
                    + "which cannot hold it: the key would merge with another one, and the item would run again on resume. "
                    + "Give the item a key that is valid UTF-16 (one not cut inside a surrogate pair); nothing of this commit was written.",
                    Path,
                    null);
            }
        }
    }

    /// <summary>Gets the position of the first surrogate that is not half of a pair, or -1 when the text is valid UTF-16.</summary>
    private static int LoneSurrogateAt(string text)
    {
        for (var i = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF'); i >= 0 && i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Describe(char surrogate) => "U+" + ((int)surrogate).ToString("X4", CultureInfo.InvariantCulture);

    /// <summary>The batch's lease as the table has it (expired or not), or null when no run holds one.</summary>
    private static (string Holder, DateTimeOffset ExpiresAt)? ReadLease(SqliteConnection connection, string batchId)
    {
        using var read = Command(connection, "SELECT owner, expires_at FROM floxide_leases WHERE batch_id = $batch");
        read.Parameters.AddWithValue("$batch", batchId);
        using var reader = read.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero)) : null;
    }

    /// <summary>Whether the batch has a count of runs: a release keeps it, a delete removes it.</summary>
    private static bool RunsRowExists(SqliteConnection connection, string batchId)
    {
        using var read = Command(connection, "SELECT 1 FROM floxide_runs WHERE batch_id = $batch");
        read.Parameters.AddWithValue("$batch", batchId);
        return read.ExecuteScalar() is not null;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    /// <summary>
    /// Starts the batch's next run and returns its number: one more than the last, or the first. A batch's
    /// count lives in floxide_runs, which a version 1 process (one that opened the file before it was upgraded) never
    /// writes: its release deletes the lease row and its acquire writes one of its own, so a count kept there would start
    /// over and a rerun would look like the run before it.
    /// </summary>
    private static long NumberRun(SqliteConnection connection, string batchId)
    {
        long? latest;
        using (var read = Command(connection, "SELECT generation FROM floxide_runs WHERE batch_id = $batch"))
        {
            read.Parameters.AddWithValue("$batch", batchId);
            latest = read.ExecuteScalar() as long?;
        }

        var generation = latest is { } current ? current + 1 : FirstGeneration(connection, batchId);

        using var write = Command(
            connection,
            "INSERT INTO floxide_runs (batch_id, generation) VALUES ($batch, $generation) ON CONFLICT (batch_id) DO UPDATE SET generation = excluded.generation");
        write.Parameters.AddWithValue("$batch", batchId);
        write.Parameters.AddWithValue("$generation", generation);
        write.ExecuteNonQuery();
        return generation;
    }

    /// <summary>
    /// The generation (run number) of a batch's first run in this file: 1, unless records of numbered runs remain while
    /// its floxide_runs row is gone (removed by hand), when the run must still come after theirs. Runs once per batch.
    /// </summary>
    private static long FirstGeneration(SqliteConnection connection, string batchId)
    {
        using var read = Command(connection, "SELECT coalesce(max(written_by), 0) + 1 FROM floxide_items WHERE batch_id = $batch");
        read.Parameters.AddWithValue("$batch", batchId);
        return (long)read.ExecuteScalar()!;
    }

    /// <summary>
    /// Inserts the records with one statement prepared once and bound by position through SQLite's own API:
    /// the ADO.NET layer binds parameters by name on every execution, which costs more than the insert.
    /// A record replaces the one under its key unless this run (its number, <paramref name="generation"/>) wrote that one
    /// for another item: the upsert then changes nothing, and the commit fails naming both items (the transaction rolls back).
    /// </summary>
    private static void WriteItems(SqliteConnection connection, string batchId, long generation, IReadOnlyList<ItemRecord> records)
    {
        var db = connection.Handle!;
        Check(db, raw.sqlite3_prepare_v2(
            db,
            "INSERT INTO floxide_items (batch_id, item_key, item_index, fingerprint, status, action, outputs, error_type, error_message, error_stack, failed_step, written_by) "
            + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
            + "ON CONFLICT (batch_id, item_key) DO UPDATE SET item_index = excluded.item_index, fingerprint = excluded.fingerprint, status = excluded.status, "
            + "action = excluded.action, outputs = excluded.outputs, error_type = excluded.error_type, error_message = excluded.error_message, "
            + "error_stack = excluded.error_stack, failed_step = excluded.failed_step, written_by = excluded.written_by "
            + "WHERE floxide_items.written_by IS NOT excluded.written_by OR floxide_items.item_index = excluded.item_index",
            out sqlite3_stmt insert));
        using (insert)
        {
            Check(db, raw.sqlite3_bind_text(insert, 1, batchId));
            Check(db, raw.sqlite3_bind_int64(insert, 12, generation));
            foreach (var record in records)
            {
                Check(db, raw.sqlite3_bind_text(insert, 2, record.Key));
                Check(db, raw.sqlite3_bind_int64(insert, 3, record.Index));
                Check(db, raw.sqlite3_bind_int64(insert, 4, record.Fingerprint));
                Check(db, raw.sqlite3_bind_int(insert, 5, (int)record.Status));
                BindText(db, insert, 6, record.Action);
                Check(db, record.Outputs.IsEmpty ? raw.sqlite3_bind_null(insert, 7) : raw.sqlite3_bind_blob(insert, 7, record.Outputs.Span));
                BindText(db, insert, 8, record.ErrorType);
                BindText(db, insert, 9, record.ErrorMessage);
                BindText(db, insert, 10, record.ErrorStackTrace);
                BindText(db, insert, 11, record.FailedStepId);
                var done = raw.sqlite3_step(insert);
                if (done != raw.SQLITE_DONE)
                {
                    Check(db, done);
                }

                var written = raw.sqlite3_changes(db);
                Check(db, raw.sqlite3_reset(insert));
                if (written == 0)
                {
                    throw new DuplicateItemKeyException(null, batchId, IndexOf(connection, batchId, record.Key), record.Key, record.Index);
                }
            }
        }
    }

    private static long IndexOf(SqliteConnection connection, string batchId, string key)
    {
        using var read = Command(connection, "SELECT item_index FROM floxide_items WHERE batch_id = $batch AND item_key = $key");
        read.Parameters.AddWithValue("$batch", batchId);
        read.Parameters.AddWithValue("$key", key);
        return (long)read.ExecuteScalar()!;
    }

    private static void BindText(sqlite3 db, sqlite3_stmt statement, int index, string? value) =>
        Check(db, value is null ? raw.sqlite3_bind_null(statement, index) : raw.sqlite3_bind_text(statement, index, value));

    private static void Check(sqlite3 db, int result)
    {
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), result, raw.sqlite3_extended_errcode(db));
        }
    }

    /// <summary>
    /// Runs one operation in a transaction on a pooled connection, off the caller's thread, mapping SQLite's errors to
    /// ones naming the file.
    /// </summary>
    private async Task<T> RunAsync<T>(string what, bool write, CancellationToken cancellationToken, Func<SqliteConnection, T> operation)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await Task.Run(
            () =>
            {
                try
                {
                    using var connection = Open();
                    return InTransaction(connection, write, operation);
                }
                catch (SqliteException ex)
                {
                    // Also a folder or file gone since the store opened: SQLite reports it (code 14), not the file system.
                    throw Translate(ex, what);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            Check(connection.Handle!, raw.sqlite3_busy_timeout(connection.Handle!, _busyTimeoutMilliseconds));

            // WAL (a property of the file, set once by the schema step) with NORMAL: a commit survives the process being killed.
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA synchronous = NORMAL;";
                pragma.ExecuteNonQuery();
            }

            ConnectionOpened?.Invoke(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _init.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            await Task.Run(CreateOrCheckSchema, cancellationToken).ConfigureAwait(false);
            _initialized = true;
        }
        finally
        {
            _init.Release();
        }
    }

    private void CreateOrCheckSchema()
    {
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder))
        {
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception ex) when (IsFileSystemError(ex))
            {
                throw FileSystemError(ex, $"create its folder '{folder}'");
            }
        }

        if (Directory.Exists(Path))
        {
            throw new BatchStoreException($"The durable batch store '{Path}' could not open the store: it {NamesAFolder(Path)}.", Path, null);
        }

        try
        {
            using var connection = Open();
            Check(connection.Handle!, raw.sqlite3_exec(connection.Handle!, "PRAGMA journal_mode = WAL;"));
            InTransaction(connection, write: true, CreateOrCheckTables);
        }
        catch (SqliteException ex)
        {
            throw Translate(ex, "open the store");
        }
    }

    /// <summary>Creates the tables of a new file, records its schema version, upgrades a file of an older one, and refuses a file of a newer one.</summary>
    private int CreateOrCheckTables(SqliteConnection connection)
    {
        using (var create = Command(
            connection,
            """
            CREATE TABLE IF NOT EXISTS floxide_schema (version INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS floxide_leases (
                batch_id TEXT NOT NULL PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL, duration_ticks INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS floxide_runs (batch_id TEXT NOT NULL PRIMARY KEY, generation INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS floxide_items (
                batch_id TEXT NOT NULL, item_key TEXT NOT NULL, item_index INTEGER NOT NULL, fingerprint INTEGER NOT NULL,
                status INTEGER NOT NULL, action TEXT, outputs BLOB, error_type TEXT, error_message TEXT, error_stack TEXT, failed_step TEXT,
                written_by INTEGER, PRIMARY KEY (batch_id, item_key)) WITHOUT ROWID;
            """))
        {
            create.ExecuteNonQuery();
        }

        using (var version = Command(connection, "SELECT max(version) FROM floxide_schema"))
        {
            var found = version.ExecuteScalar();
            if (found is long existing && existing > SchemaVersion)
            {
                throw new BatchStoreException(
                    $"The durable batch store '{Path}' was written by a newer Floxide (schema version {existing}; this one reads up to {SchemaVersion}). Upgrade Floxide.Sqlite, or use another file.",
                    Path,
                    null);
            }

            if (found is 1L)
            {
                // Version 1 did not record who wrote an item: its items (null) count as an earlier run's, which a run may replace.
                // floxide_runs was made above; the lease table is unchanged, so a version 1 process still running can use it.
                using var upgrade = Command(connection, "ALTER TABLE floxide_items ADD COLUMN written_by INTEGER; UPDATE floxide_schema SET version = $version");
                upgrade.Parameters.AddWithValue("$version", SchemaVersion);
                upgrade.ExecuteNonQuery();
            }
            else if (found is not long)
            {
                using var insert = Command(connection, "INSERT INTO floxide_schema (version) VALUES ($version)");
                insert.Parameters.AddWithValue("$version", SchemaVersion);
                insert.ExecuteNonQuery();
            }
        }

        return 0;
    }

    /// <summary>
    /// Runs <paramref name="operation"/> in one transaction, begun and ended through SQLite's own API: its locks are
    /// then waited for by SQLite's busy handler, for the busy timeout to the millisecond, where Microsoft.Data.Sqlite's
    /// BeginTransaction retries in whole seconds (and forever at 0). A write takes the write lock first (IMMEDIATE);
    /// a read takes its snapshot first. Whatever throws rolls the transaction back.
    /// </summary>
    private static T InTransaction<T>(SqliteConnection connection, bool write, Func<SqliteConnection, T> operation)
    {
        var db = connection.Handle!;
        try
        {
            Check(db, raw.sqlite3_exec(db, write ? "BEGIN IMMEDIATE" : "BEGIN; SELECT 1 FROM floxide_schema LIMIT 1"));
            var result = operation(connection);
            Check(db, raw.sqlite3_exec(db, "COMMIT"));
            return result;
        }
        finally
        {
            if (raw.sqlite3_get_autocommit(db) == 0 && raw.sqlite3_exec(db, "ROLLBACK") != raw.SQLITE_OK)
            {
                SqliteConnection.ClearPool(connection); // never back to the pool with a transaction open
            }
        }
    }

    /// <summary>
    /// What <see cref="Directory.CreateDirectory(string)"/> throws for a folder it cannot create: a file where a folder
    /// should be, no permission, a path too long. (Opening the file is SQLite's: it reports such paths as its own errors.)
    /// </summary>
    private static bool IsFileSystemError(Exception ex) => ex is IOException or UnauthorizedAccessException or NotSupportedException;

    private static string NamesAFolder(string path) => $"names a folder, not a file; name a file in it, such as '{System.IO.Path.Combine(path, "batches.db")}'";

    private BatchStoreException FileSystemError(Exception ex, string what) =>
        new($"The durable batch store '{Path}' could not {what}: {ex.Message.TrimEnd('.')}.", Path, ex);

    private BatchStoreException Translate(SqliteException ex, string what)
    {
        var reason = ex.SqliteErrorCode switch
        {
            13 => "the disk is full (or the file reached its size limit); nothing of this commit was written",
            5 or 6 => "the file is locked by another process or connection",
            11 or 26 => "the file is corrupt or is not a SQLite database",
            14 => "the file cannot be opened (check the path and its permissions)",
            8 => "the file is read-only",
            10 => "a disk I/O error occurred",
            _ => $"SQLite error {ex.SqliteErrorCode}: {ex.Message}",
        };
        return new BatchStoreException($"The durable batch store '{Path}' could not {what}: {reason.TrimEnd('.')}.", Path, ex);
    }
}

namespace Floxide;

/// <summary>
/// Where a durable batch records its finished items, so that a rerun of the same batch id resumes
/// instead of starting over. Floxide ships an in-memory store (<see cref="InMemoryBatchStore"/>, for
/// tests) and an embedded SQLite store (the <c>Floxide.Sqlite</c> package); any database can
/// implement this contract.
/// </summary>
/// <remarks>
/// <para>The contract (docs/durability.md says the same, with the reasons):</para>
/// <list type="bullet">
/// <item><b>Records</b>: one <see cref="ItemRecord"/> per item identity (<see cref="ItemRecord.Key"/>)
/// per batch id. Committing a record whose key is already recorded replaces it (a retried failure
/// becomes a success). Keys are compared ordinally; a store that cannot keep a key exactly (a lone
/// surrogate in a UTF-8 store) refuses it with <see cref="BatchStoreException"/>, never storing it as another.</item>
/// <item><b>Runs</b>: a run is one lease. It starts when <see cref="AcquireLeaseAsync"/> grants the lease to an owner
/// that does not hold it (the batch's first lease, one taken after a release, or one taken over after it expired) and
/// ends when that lease is released or taken over. An acquire by the owner holding the lease renews it and goes on with
/// the same run; after a release, an acquire starts a new run even by the same owner. A store remembers which run
/// committed each record (a number counting the batch's runs will do: the owner's name need not be kept per record).</item>
/// <item><b>Duplicate keys</b>: a commit of a record whose key this run committed for another
/// <see cref="ItemRecord.Index"/>, earlier or in the same commit, throws <see cref="DuplicateItemKeyException"/> and
/// writes nothing: two items of one run share the key, and one record would lose the other. A record an earlier run
/// left (whose items may have come in another order) is replaced, and is then this run's.</item>
/// <item><b>Atomic commits</b>: <see cref="CommitAsync"/> writes all of its records or none of them,
/// and once it has returned they survive a crash of the process (and, for a file store, of the
/// machine, as far as the file system's flush allows). A commit that throws leaves the store as it
/// was before the commit; the store is never left half-written.</item>
/// <item><b>Leases</b>: one writer per batch id. <see cref="AcquireLeaseAsync"/> grants a lease
/// unless another owner holds one that has not expired, measured on the store's
/// <see cref="TimeProvider"/>; then it throws <see cref="BatchLeaseException"/>. Every commit checks
/// that the lease is still this owner's (throwing <see cref="BatchLeaseException"/> when another
/// owner took it over after it expired) and extends it by its duration; a commit of no records only
/// extends it. A lease whose holder crashed frees itself when it expires.</item>
/// <item><b>Deleting</b>: <see cref="DeleteBatchAsync"/> deletes a batch's records, lease and count of runs at once, and is
/// refused with <see cref="BatchLeaseException"/> while a lease on the batch has not expired.</item>
/// <item><b>Schema versioning</b>: a store that keeps data across processes records the version of its
/// format and refuses, with <see cref="BatchStoreException"/>, data written by a newer version.</item>
/// <item><b>Errors</b>: a store that cannot do what is asked (corrupt or locked file, full disk,
/// newer schema, a path it cannot create or open) throws <see cref="BatchStoreException"/> naming where it stores,
/// never the raw I/O or database exception (that is its inner exception).</item>
/// </list>
/// <para>Calls for one batch id come from one run at a time (the lease holder's), and within a run
/// never overlap. Different batch ids are independent.</para>
/// </remarks>
public interface IBatchStore
{
    /// <summary>Takes the lease on <paramref name="batchId"/> for <paramref name="owner"/>.</summary>
    /// <param name="batchId">The batch.</param>
    /// <param name="owner">
    /// Who writes, unique to the run (the runtime's ends in a fresh GUID): a store checks commits and releases by the
    /// owner, so a caller reusing one could commit or release with a stale lease of an earlier run. Acquiring a lease
    /// this owner holds renews it (the same run); any other grant starts a new run.
    /// </param>
    /// <param name="duration">How long the lease lasts without a commit.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The lease.</returns>
    /// <exception cref="BatchLeaseException">Another owner holds an unexpired lease on the batch.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is zero, negative, or ends past the last date a <see cref="DateTimeOffset"/> holds.</exception>
    ValueTask<BatchLease> AcquireLeaseAsync(string batchId, string owner, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Reads every record of <paramref name="batchId"/>, in no particular order.</summary>
    /// <param name="batchId">The batch.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The records; empty for a batch never run.</returns>
    ValueTask<IReadOnlyList<ItemRecord>> ReadItemsAsync(string batchId, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="records"/> atomically and extends the lease.</summary>
    /// <param name="lease">The lease of the run that commits.</param>
    /// <param name="records">The records; may be empty, which only extends the lease.</param>
    /// <param name="cancellationToken">Cancels the call; a canceled commit writes nothing.</param>
    /// <returns>The extended lease.</returns>
    /// <exception cref="BatchLeaseException">Another owner took the lease over; nothing was written.</exception>
    /// <exception cref="DuplicateItemKeyException">
    /// A record's key was committed in this lease's run for another item; nothing was written.
    /// </exception>
    ValueTask<BatchLease> CommitAsync(BatchLease lease, IReadOnlyList<ItemRecord> records, CancellationToken cancellationToken);

    /// <summary>
    /// Gives the lease up, ending its run, so another run may start at once; does nothing when it is no longer held.
    /// </summary>
    /// <param name="lease">The lease.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the lease is released.</returns>
    ValueTask ReleaseLeaseAsync(BatchLease lease, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes every record of <paramref name="batchId"/>, with its lease and its count of runs, so the id starts afresh
    /// (a finished batch's records are kept until then). Refused while a lease on the batch has not expired: a run still
    /// holding it would go on committing into what was deleted. A writer whose expired lease was deleted can commit
    /// nothing more (its commit throws <see cref="BatchLeaseException.Deleted"/>'s error).
    /// </summary>
    /// <param name="batchId">The batch.</param>
    /// <param name="cancellationToken">Cancels the call; a canceled delete deletes nothing.</param>
    /// <returns>How many records were deleted; zero for a batch never run.</returns>
    /// <exception cref="BatchLeaseException">A lease on the batch has not expired; nothing was deleted.</exception>
    ValueTask<long> DeleteBatchAsync(string batchId, CancellationToken cancellationToken = default);
}

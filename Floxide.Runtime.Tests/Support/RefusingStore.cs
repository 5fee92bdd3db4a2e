namespace Floxide.Runtime.Tests.Support;

/// <summary>
/// A store whose commits wait until <see cref="Refuse"/>, then fail as a full disk would: the test decides what happens
/// before the first commit fails (a consumer leaving, a merge throwing). Renewals (empty commits) wait and fail too.
/// </summary>
internal sealed class RefusingStore : DelegatingStore
{
    private readonly Signal _refused = new();

    /// <summary>From now on, every commit fails, the waiting ones included.</summary>
    public void Refuse() => _refused.Set();

    public override async ValueTask<BatchLease> CommitAsync(BatchLease lease, IReadOnlyList<ItemRecord> records, CancellationToken cancellationToken)
    {
        await _refused.WaitAsync().WaitAsync(cancellationToken);
        throw new BatchStoreException("disk full", "store.db", null);
    }
}

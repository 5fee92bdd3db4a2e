namespace Floxide.Runtime.Tests.Support;

/// <summary>
/// An in-memory store whose every commit after one it refused for a duplicate key fails like a full disk;
/// <see cref="Refused"/> completes at that refusal.
/// </summary>
internal sealed class FailingAfterDuplicateStore : DelegatingStore
{
    private readonly TaskCompletionSource _refused = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets a task that completes when the store refuses a commit for a duplicate key.</summary>
    public Task Refused => _refused.Task;

    public override async ValueTask<BatchLease> CommitAsync(BatchLease lease, IReadOnlyList<ItemRecord> records, CancellationToken cancellationToken)
    {
        if (_refused.Task.IsCompleted)
        {
            throw new BatchStoreException("disk full", "memory", null);
        }

        try
        {
            return await Inner.CommitAsync(lease, records, cancellationToken);
        }
        catch (DuplicateItemKeyException)
        {
            _refused.TrySetResult();
            throw;
        }
    }
}

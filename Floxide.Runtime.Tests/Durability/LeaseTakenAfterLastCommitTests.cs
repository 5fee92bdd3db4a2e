using Floxide.Runtime.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Floxide.Runtime.Tests.Durability;

/// <summary>
/// The README's "a run whose lease was taken over writes nothing more: its next commit or renewal fails it (a run that
/// had committed everything before the takeover ends as it was)": the second half, which no other test reaches.
/// </summary>
public sealed class LeaseTakenAfterLastCommitTests
{
    [Fact]
    public async Task A_run_whose_lease_is_taken_over_after_its_last_commit_ends_as_it_was_and_the_new_holder_keeps_the_lease()
    {
        var time = new FakeTimeProvider();
        var store = new TakenOverAtReleaseStore(time);
        var flow = new BatchFlow<TestContext, int>(Node.Create<TestContext>("work", c => c.Output = c.Item), new BatchOptions { TimeProvider = time });

        var report = await flow.RunDurableAsync(TestContext.Over([1, 2, 3]), new DurableRun<TestContext, int>(store, "nightly", Codecs.Test()))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3, report.Succeeded);
        Assert.True(store.TookOver); // the lease was another's when the run gave it up: that release did nothing
        var refused = await Assert.ThrowsAsync<BatchLeaseException>(
            () => flow.RunDurableAsync(TestContext.Over([1, 2, 3]), new DurableRun<TestContext, int>(store, "nightly", Codecs.Test())).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("other", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>As a run releases its lease, lets it expire and another owner take it first.</summary>
    private sealed class TakenOverAtReleaseStore(FakeTimeProvider time) : DelegatingStore(time)
    {
        public bool TookOver { get; private set; }

        public override async ValueTask ReleaseLeaseAsync(BatchLease lease, CancellationToken cancellationToken)
        {
            if (!TookOver)
            {
                time.Advance(TimeSpan.FromMinutes(1)); // past the lease's 15 s
                await AcquireLeaseAsync(lease.BatchId, "other", TimeSpan.FromMinutes(10), cancellationToken);
                TookOver = true;
            }

            await base.ReleaseLeaseAsync(lease, cancellationToken);
        }
    }
}

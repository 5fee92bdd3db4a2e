using System.Threading.RateLimiting;
using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Resilience;

/// <summary>
/// <see cref="BatchNode{TContext, TItem}.ItemPermitCount"/> asked as the run is canceled: what it throws then is the
/// cancellation's, as a context factory's is, so the item is canceled, not failed with the count's error.
/// </summary>
public sealed class PermitCountAtCancellationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)] // with a grace period: the item waits for its first attempt, which the halt ends at once
    public async Task A_permit_count_that_throws_as_the_run_is_canceled_cancels_its_item(bool drains)
    {
        using var limiter = PartitionedRateLimiter.Create<int, string>(_ => RateLimitPartition.GetConcurrencyLimiter("all", _ => new ConcurrencyLimiterOptions { PermitLimit = 1 }));
        using var cancellation = new CancellationTokenSource();
        var work = Node.Create<TestContext>("call", context => context.Output = context.Item);
        var options = new BatchOptions { MaxDegreeOfParallelism = 1, CancellationGracePeriod = drains ? Timeout.InfiniteTimeSpan : TimeSpan.Zero };
        var flow = new BatchFlow<TestContext, int>(work, options).WithItemRateLimiter(limiter, item =>
        {
            if (item == 1)
            {
                cancellation.Cancel(); // a tokenizer that stops with the run, say
                cancellation.Token.ThrowIfCancellationRequested();
            }

            return 1;
        });
        var context = TestContext.Over([0, 1, 2]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flow.RunAsync(context, cancellation.Token).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(
            [(BatchItemStatus.Succeeded, 1), (BatchItemStatus.Canceled, 0), (BatchItemStatus.Canceled, 0)],
            Assert.Single(context.Updates).Select(r => (r.Status, r.Attempts)));
    }
}

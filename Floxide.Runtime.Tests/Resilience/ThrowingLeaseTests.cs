using System.Threading.RateLimiting;
using Floxide.Runtime.Tests.Support;
using Polly;

namespace Floxide.Runtime.Tests.Resilience;

/// <summary>
/// A lease whose disposal throws (a limiter of the user's) fails its item with that error, and still gives back the
/// attempt's slot and its other permits: the batch goes on rather than hang on a slot never given back. A refused lease
/// whose metadata cannot be read is given back all the same.
/// </summary>
public sealed class ThrowingLeaseTests
{
    [Theory]
    [InlineData(true, false)] // the item limiter's lease: its fixed gate at the limit
    [InlineData(false, true)] // the batch limiter's lease: the adaptive gate
    public async Task A_lease_that_throws_when_given_back_fails_its_item_and_the_slot_is_given_back(bool itemLimiter, bool adaptive)
    {
        using var throwing = new ThrowingLeaseLimiter();
        using var partitions = PartitionedRateLimiter.Create<int, int>(_ => RateLimitPartition.GetNoLimiter(0));
        var work = Node.Create<TestContext>("call", context => context.Output = context.Item);
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 1,
            RateLimiter = itemLimiter ? null : throwing,
            AdaptiveConcurrency = adaptive ? new AdaptiveConcurrency { InitialLevel = 1 } : null,
        };
        var flow = new BatchFlow<TestContext, int>(work, options)
        {
            ItemRateLimiter = itemLimiter ? PartitionedRateLimiter.Create<int, int>(_ => RateLimitPartition.Get(0, _ => throwing)) : partitions,
        };

        var report = await flow.RunAsync(TestContext.Over([0, 1, 2])).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(
            [(BatchItemStatus.Failed, 1), (BatchItemStatus.Succeeded, 1), (BatchItemStatus.Succeeded, 1)],
            report.Results.Select(r => (r.Status, r.Attempts)));
        Assert.Equal("the lease could not be given back", report.Results[0].Exception!.Message);
    }

    [Fact]
    public async Task A_refused_lease_that_throws_when_given_back_is_given_back_once_and_fails_only_its_item()
    {
        using var refusing = new RefusingOnceThrowingLimiter();
        using var limiter = PartitionedRateLimiter.Create<int, int>(_ => RateLimitPartition.Get(0, _ => refusing));
        var work = Node.Create<TestContext>("call", context => context.Output = context.Item);
        var flow = new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 1 }) { ItemRateLimiter = limiter };

        var report = await flow.RunAsync(TestContext.Over([0, 1])).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([BatchItemStatus.Failed, BatchItemStatus.Succeeded], report.Results.Select(r => r.Status));
        Assert.Equal("the refusal could not be given back", report.Results[0].Exception!.Message);
        Assert.Equal(1, refusing.RefusalDisposals);
    }

    [Theory]
    [InlineData(false, "BatchOptions.RateLimiter")]
    [InlineData(true, "BatchNode.ItemRateLimiter")] // refused without waiting, then while it waits
    public async Task A_refused_lease_whose_retry_after_cannot_be_read_is_given_back_and_fails_its_item_naming_the_limiter(bool itemLimiter, string name)
    {
        using var refusing = new RefusingLimiter(retryAfter: 30); // seconds as an int: not the TimeSpan the metadata's name promises
        var work = Node.Create<TestContext>("call", context => context.Output = context.Item);
        var flow = new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 1, RateLimiter = itemLimiter ? null : refusing })
        {
            ItemRateLimiter = itemLimiter ? PartitionedRateLimiter.Create<int, int>(_ => RateLimitPartition.Get(0, _ => refusing)) : null,
        };

        var report = await flow.RunAsync(TestContext.Over([0])).WaitAsync(TimeSpan.FromSeconds(30));

        var result = Assert.Single(report.Results);
        Assert.Equal((BatchItemStatus.Failed, 1), (result.Status, result.Attempts));
        var failure = Assert.IsType<InvalidOperationException>(result.Exception);
        Assert.StartsWith($"{name} refused a permit with a lease whose Retry-After could not be read:", failure.Message);
        Assert.IsType<InvalidCastException>(failure.InnerException);
        Assert.Equal(itemLimiter ? 2 : 1, refusing.Leases.Count);
        Assert.All(refusing.Leases, lease => Assert.True(lease.Disposed));
    }

    /// <summary>A step's limiter (<c>AddRateLimit</c>, as [RateLimit] on a [Node] builds it) reads a refusal by the same rule.</summary>
    [Fact]
    public async Task A_steps_limiter_whose_refusal_cannot_say_its_Retry_After_fails_the_item_in_that_step_naming_the_limiter()
    {
        using var refusing = new RefusingLimiter(retryAfter: 30);
        var work = Node.Create<TestContext>("call", context => context.Output = context.Item)
            .WithResilience(new ResiliencePipelineBuilder().AddRateLimit(refusing, "api").Build());

        var report = await new BatchFlow<TestContext, int>(work).RunAsync(TestContext.Over([0])).WaitAsync(TimeSpan.FromSeconds(30));

        var result = Assert.Single(report.Results);
        Assert.Equal((BatchItemStatus.Failed, "call"), (result.Status, result.FailedStepId));
        var failure = Assert.IsType<InvalidOperationException>(result.Exception);
        Assert.StartsWith("api refused a permit with a lease whose Retry-After could not be read:", failure.Message);
        Assert.IsType<InvalidCastException>(failure.InnerException);
        Assert.All(refusing.Leases, lease => Assert.True(lease.Disposed));
    }
}

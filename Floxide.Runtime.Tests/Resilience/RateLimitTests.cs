using System.Threading.RateLimiting;
using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Resilience;

public class RateLimitTests
{
    [Fact]
    public async Task A_refused_permit_fails_that_item_with_an_error_naming_the_limiter_and_the_others_run()
    {
        using var limiter = new SignalingLimiter(new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 }));
        var holding = new Signal();
        var work = Node.CreateAsync<TestContext>("work", async (context, token) =>
        {
            holding.Set();
            await limiter.Refused.WaitAsync(); // hold the only permit until the other item was refused
        });
        var context = TestContext.Over([0, 1]);

        var report = await new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 2, RateLimiter = limiter })
            .RunAsync(context).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(holding.IsSet);
        Assert.Equal(1, report.Succeeded);
        var failure = Assert.Single(report.Failures);
        var refused = Assert.IsType<RateLimitRejectedException>(failure.Exception);
        Assert.Equal("BatchOptions.RateLimiter", refused.Limiter);
        Assert.Contains("BatchOptions.RateLimiter", refused.Message, StringComparison.Ordinal);
        Assert.Null(failure.Context); // refused before its workflow got a context
        Assert.Equal(1, failure.Attempts);
    }

    [Fact]
    public async Task Canceling_the_batch_ends_an_item_waiting_for_a_permit()
    {
        using var cancel = new CancellationTokenSource();
        using var limiter = new SignalingLimiter(new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 10 }));
        var work = Node.CreateAsync<TestContext>("work", (context, token) => new ValueTask(Task.Delay(Timeout.Infinite, token)));
        var context = TestContext.Over([0, 1]);

        var run = new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 2, RateLimiter = limiter }).RunAsync(context, null, cancel.Token);
        await limiter.Queued.WaitAsync();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.All(Assert.Single(context.Updates), r => Assert.Equal(BatchItemStatus.Canceled, r.Status));
    }

    [Fact]
    public async Task A_partitioned_limiter_keeps_one_attempt_per_partition_in_flight()
    {
        var inFlight = new[] { new Watermark(), new Watermark() };
        using var limiter = PartitionedRateLimiter.Create<int, int>(item => RateLimitPartition.GetConcurrencyLimiter(
            item % 2, _ => new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 100 }));
        var work = Node.CreateAsync<TestContext>("work", async (context, token) =>
        {
            var partition = inFlight[context.Item % 2];
            partition.Enter();
            await Task.Yield();
            partition.Exit();
        });
        var flow = new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 8 }) { ItemRateLimiter = limiter };

        var report = await flow.RunAsync(TestContext.Over(Enumerable.Range(0, 200).ToArray()));

        Assert.Equal(200, report.Succeeded);
        Assert.Equal(limiter, flow.Node.ItemRateLimiter);
        Assert.All(inFlight, w => Assert.Equal(1, w.Max));
    }

    [Fact]
    public async Task A_refusing_partitioned_limiter_names_the_item_limiter()
    {
        using var refusing = PartitionedRateLimiter.Create<int, int>(item => RateLimitPartition.GetConcurrencyLimiter(
            item, _ => new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 }));
        var node = new BatchNode<TestContext, int>("batch", Node.Create<TestContext>("work", _ => { })) { ItemRateLimiter = refusing };
        using var held = refusing.AttemptAcquire(3);

        var report = await node.RunBatchAsync(TestContext.Over([1, 2, 3]));

        var failure = Assert.Single(report.Failures);
        Assert.Equal(3, failure.Item);
        Assert.Equal("BatchNode.ItemRateLimiter", Assert.IsType<RateLimitRejectedException>(failure.Exception).Limiter);
    }
}

using System.Threading.RateLimiting;
using Floxide.Runtime.Tests.Support;
using Polly;

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

    /// <summary>
    /// An item's duration runs from its first admission: 5 s of the clock spent waiting for a permit are not its work, the
    /// 1 s it then takes is. An item canceled while it waits never started: no duration in its result or the histogram.
    /// </summary>
    [Fact]
    public async Task An_items_duration_leaves_out_its_wait_for_a_permit_and_an_item_that_never_got_one_has_none()
    {
        using var durations = FloxideMetrics.Collect<double>("floxide.batch.item.duration");
        var id = FloxideMetrics.UniqueId();
        var time = new RecordingTimeProvider();
        using var limiter = new SignalingLimiter(new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 10 }));
        var held = limiter.AttemptAcquire();
        using var cancel = new CancellationTokenSource();
        var work = Node.Create<TestContext>("work", c =>
        {
            time.Advance(TimeSpan.FromSeconds(1));
            cancel.Cancel(); // item 1, queued behind this one, is canceled before it gets its permit
        });
        var options = new BatchOptions { MaxDegreeOfParallelism = 2, RateLimiter = limiter, TimeProvider = time, MeasureItemDurations = true };
        var context = TestContext.Over([0, 1]);

        var run = new BatchFlow<TestContext, int>(work, options, id).RunAsync(context, null, cancel.Token);
        await limiter.Queued.WaitAsync();
        time.Advance(TimeSpan.FromSeconds(5)); // both items wait for the one permit the test holds
        held.Dispose();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));

        var results = Assert.Single(context.Updates);
        var ran = Assert.Single(results, r => r.Status == BatchItemStatus.Succeeded);
        Assert.Equal(TimeSpan.FromSeconds(1), ran.Duration);
        var waited = Assert.Single(results, r => r.Status == BatchItemStatus.Canceled);
        Assert.Equal((0, TimeSpan.Zero), (waited.Attempts, waited.Duration));
        Assert.Equal(1.0, Assert.Single(FloxideMetrics.Mine(durations, id)).Value);
    }

    /// <summary>
    /// A refused permit is an attempt: the item's duration runs from it, through the retry's 2 s delay, to the end of the
    /// 1 s attempt that follows, 3 s in all (restarting the clock at each attempt would read 1 s).
    /// </summary>
    [Fact]
    public async Task An_items_duration_runs_from_a_refused_first_attempt_through_its_retry()
    {
        var time = new RecordingTimeProvider();
        using var permit = new RefusedOncePermit();
        var retry = permit.RetryOnRefusal;
        retry.Delay = TimeSpan.FromSeconds(2);
        var options = new BatchOptions
        {
            RateLimiter = permit.Limiter,
            ResiliencePipeline = new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(retry).Build(),
            TimeProvider = time,
            MeasureItemDurations = true,
        };
        var work = Node.Create<TestContext>("work", _ => time.Advance(TimeSpan.FromSeconds(1)));

        var run = new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([0]));
        Assert.Equal(TimeSpan.FromSeconds(2), await time.NextTimerAsync());
        time.Advance(TimeSpan.FromSeconds(2));
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        var result = Assert.Single(report.Results);
        Assert.Equal((BatchItemStatus.Succeeded, 2, TimeSpan.FromSeconds(3)), (result.Status, result.Attempts, result.Duration));
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

    /// <summary>WithItemRateLimiter gives an existing flow (a generated CreateBatchFlow's) a limiter, and leaves that flow as it was.</summary>
    [Fact]
    public async Task WithItemRateLimiter_returns_a_flow_limited_per_partition_with_the_same_node_settings_and_leaves_the_original_without_one()
    {
        var inFlight = new Watermark();
        using var limiter = PartitionedRateLimiter.Create<int, string>(_ => RateLimitPartition.GetConcurrencyLimiter(
            "one tenant", _ => new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 100 }));
        var work = Node.CreateAsync<TestContext>("work", async (context, token) =>
        {
            inFlight.Enter();
            await Task.Yield();
            inFlight.Exit();
        });
        var original = new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 4 }, "tenants");

        var limited = original.WithItemRateLimiter(limiter);
        var report = await limited.RunAsync(TestContext.Over(Enumerable.Range(0, 100).ToArray()));

        Assert.Equal(100, report.Succeeded);
        Assert.Equal(1, inFlight.Max);
        Assert.Equal(("tenants", 4, limiter), (limited.Node.Id, limited.Node.Options.MaxDegreeOfParallelism, limited.ItemRateLimiter));
        Assert.Null(original.ItemRateLimiter); // the flow it came from is unchanged
        Assert.NotSame(original.Node, limited.Node);
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

    /// <summary>
    /// A limiter of the user's may hand a permit given back to the next request inline, its release running the waiting
    /// item's continuation before it returns (<see cref="InlineQueueLimiter"/>; the built-in limiters complete
    /// asynchronously). Were the item to run there, its own release would run the next waiting item deeper on the same
    /// stack, each of the 63 items queued behind the test's permit nested in the one before (about 14 frames each: items
    /// ran 680 to 1,300 frames deep here, where they otherwise run under 40; with thousands of workers a stack
    /// overflows), the last of them then running the rest of the batch down there while the workers above it wait. An
    /// item granted its permit after a wait starts off the releasing stack instead: through the batch's limiter, a
    /// partition's, the adaptive gate and with a grace period. Nothing else changes: every item once, in order, and the
    /// permit back at the end.
    /// </summary>
    [Theory]
    [InlineData("BatchOptions.RateLimiter")]
    [InlineData("BatchNode.ItemRateLimiter")]
    [InlineData("AdaptiveConcurrency")]
    [InlineData("CancellationGracePeriod")]
    public async Task An_item_granted_its_permit_inline_by_a_release_runs_off_the_releasing_stack(string admission)
    {
        const int Parallelism = 64;
        using var limiter = new InlineQueueLimiter(permitLimit: 1);
        var queued = limiter.WhenQueued(Parallelism - 1);
        var depths = new StackDepths();
        var work = Node.Create<TestContext>("work", context =>
        {
            depths.Record();
            context.Output = context.Item;
        });
        var options = new BatchOptions { MaxDegreeOfParallelism = Parallelism };
        using var partitioned = PartitionedRateLimiter.Create<int, int>(_ => RateLimitPartition.Get(0, _ => limiter));
        var flow = admission switch
        {
            "BatchOptions.RateLimiter" => new BatchFlow<TestContext, int>(work, options with { RateLimiter = limiter }),
            "BatchNode.ItemRateLimiter" => new BatchFlow<TestContext, int>(work, options).WithItemRateLimiter(partitioned),
            "AdaptiveConcurrency" => new BatchFlow<TestContext, int>(
                work, options with { RateLimiter = limiter, AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = Parallelism } }),
            _ => new BatchFlow<TestContext, int>(work, options with { RateLimiter = limiter, CancellationGracePeriod = TimeSpan.FromSeconds(10) }),
        };
        var items = Enumerable.Range(0, 2_000).ToArray();
        var held = limiter.AttemptAcquire();

        var run = flow.RunAsync(TestContext.Over(items));
        await queued.WaitAsync(); // every other worker's item waits behind the test's permit
        held.Dispose();
        var report = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(items, report.Results.Select(r => r.Context!.Output));
        Assert.All(report.Results, r => Assert.Equal((BatchItemStatus.Succeeded, 1), (r.Status, r.Attempts)));
        Assert.InRange(depths.Deepest, depths.Shallowest, depths.Shallowest + 100); // a few nested would pass; 63 do not
        using var after = limiter.AttemptAcquire();
        Assert.True(after.IsAcquired); // the permit is back
    }
}

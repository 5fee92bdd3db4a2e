using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;
using Floxide.Runtime.Tests.Support;
using Polly;
using Polly.Retry;

namespace Floxide.Runtime.Tests.Resilience;

/// <summary>
/// A per-item (partitioned) limiter: an item waiting for its partition's permit holds no attempt slot, so the other
/// partitions' items run at the batch's limit, which still bounds the attempts running.
/// </summary>
public class PartitionPermitTests
{
    [Fact]
    public async Task A_partition_whose_permits_are_withheld_does_not_stop_the_other_partitions_and_results_stay_in_input_order()
    {
        var slow = new WithheldLimiter();
        using var limiter = Tenants(slow, item => item % 10 == 0);
        var fastDone = new Signal();
        var fastFinished = fastDone.SetAfter(180);
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            await Task.Yield();
            context.Output = context.Item * 2;
            if (context.Item % 10 != 0)
            {
                fastFinished();
            }
        });
        var context = TestContext.Over(Enumerable.Range(0, 200).ToArray());

        var run = new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 4 }) { ItemRateLimiter = limiter }.RunAsync(context);
        await WaitOrRelease(fastDone, slow); // every other tenant's item ran while the slow tenant's 20 wait
        Assert.False(run.IsCompleted);
        slow.Release();
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(200L, report.Succeeded);
        Assert.Equal(Enumerable.Range(0, 200), report.Results.Select(r => (int)r.Index));
        Assert.Equal(Enumerable.Range(0, 200).Select(i => i * 2), report.Results.Select(r => r.Context!.Output));
    }

    [Fact]
    public async Task A_stream_yields_every_result_in_input_order_once_the_withheld_partition_gets_its_permits()
    {
        var slow = new WithheldLimiter();
        using var limiter = Tenants(slow, item => item % 10 == 0);
        var fastDone = new Signal();
        var fastFinished = fastDone.SetAfter(90);
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            await Task.Yield();
            if (context.Item % 10 != 0)
            {
                fastFinished();
            }
        });
        var flow = new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 2 }) { ItemRateLimiter = limiter };

        var taking = Task.Run(async () =>
        {
            var indexes = new List<long>();
            await foreach (var result in flow.StreamAsync(TestContext.Over(Sources.Lazy(100))))
            {
                Assert.Equal(BatchItemStatus.Succeeded, result.Status);
                indexes.Add(result.Index);
            }

            return indexes;
        });
        await WaitOrRelease(fastDone, slow); // item 0 waits, so nothing is yielded yet, but the rest ran
        slow.Release();

        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), await taking.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    /// <summary>
    /// 30 items wait for their partition while the other 30 run; then all 30 get their permits at once, and still no more
    /// than the limit of attempts run.
    /// </summary>
    [Fact]
    public async Task The_limit_holds_when_every_waiting_item_gets_its_permit_at_once()
    {
        var slow = new WithheldLimiter();
        var allWaiting = new Signal();
        slow.OnWaiting = allWaiting.SetAfter(30);
        using var limiter = Tenants(slow, item => item % 2 == 0);
        var fastDone = new Signal();
        var fastFinished = fastDone.SetAfter(30);
        var running = new Watermark();
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            running.Enter();
            await Task.Yield();
            running.Exit();
            if (context.Item % 2 != 0)
            {
                fastFinished();
            }
        });

        var run = new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 3 }) { ItemRateLimiter = limiter }
            .RunAsync(TestContext.Over(Enumerable.Range(0, 60).ToArray()));
        await WaitOrRelease(fastDone, slow);
        await WaitOrRelease(allWaiting, slow);
        slow.Release();
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(60L, report.Succeeded);
        Assert.InRange(running.Max, 1, 3);
        Assert.Equal(30, slow.Waiting.Max);
    }

    /// <summary>
    /// Three items wait for their partition from the start of an adaptive batch at level 4, and the others arrive one at a
    /// time. Counted as running (as they were), the three waiting made every success look like a level in use, and the level
    /// climbed past 8 with one attempt at a time reaching the service; counted for what runs, one or two, it stays at 5 at most.
    /// </summary>
    [Fact]
    public async Task The_adaptive_level_does_not_rise_on_items_waiting_for_a_permit()
    {
        var slow = new WithheldLimiter();
        var allWaiting = new Signal();
        slow.OnWaiting = allWaiting.SetAfter(3);
        using var limiter = Tenants(slow, item => item < 3);
        var time = new RecordingTimeProvider();
        var progress = new ProgressRecorder();
        var ran = new SemaphoreSlim(0);
        var fastDone = new Signal();
        var fastFinished = fastDone.SetAfter(37);
        var work = Node.Create<TestContext>("call", context =>
        {
            if (context.Item >= 3)
            {
                ran.Release(); // the source gives the next item only now: one attempt at a time (two as they cross)
                fastFinished();
            }
        });
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 16,
            TimeProvider = time,
            AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 4 },
        };

        var run = new BatchFlow<TestContext, int>(work, options) { ItemRateLimiter = limiter }.RunAsync(TestContext.Over(OneAtATime(allWaiting, ran, 40)), progress);
        await WaitOrRelease(fastDone, slow);
        time.Advance(TimeSpan.FromMilliseconds(100)); // a progress report now, while the three still wait
        var level = progress.Reports.Last().ConcurrencyLevel;
        slow.Release();
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(40L, report.Succeeded);
        Assert.InRange(level, 4, 5);
    }

    [Fact]
    public async Task Fail_fast_while_items_wait_for_a_permit_skips_them_and_accounts_for_every_item()
    {
        var slow = new WithheldLimiter();
        var allWaiting = new Signal();
        slow.OnWaiting = allWaiting.SetAfter(4);
        using var limiter = Tenants(slow, item => item % 5 == 0 && item < 20);
        var failing = new Signal();
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            if (context.Item == 37)
            {
                await allWaiting.WaitAsync(); // all four wait before the failure stops the batch
                throw new InvalidOperationException("tenant B's item 37 is broken");
            }

            await Task.Yield();
        });
        var options = new BatchOptions { MaxDegreeOfParallelism = 2, ErrorMode = BatchErrorMode.FailFast };

        var run = new BatchFlow<TestContext, int>(work, options) { ItemRateLimiter = limiter }.RunAsync(TestContext.Over(Enumerable.Range(0, 50).ToArray()));
        BatchReport<TestContext, int> report;
        try
        {
            report = await run.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            slow.Release(); // on an engine where the waiting items hold the workers, item 37 never runs
        }

        Assert.Equal(50, report.Results.Count);
        Assert.Equal(Enumerable.Range(0, 50), report.Results.Select(r => (int)r.Index));
        Assert.Equal(37L, report.StoppedAtIndex);
        Assert.Equal(1L, report.Failed);
        Assert.All(report.Results.Where(r => r.Item is 0 or 5 or 10 or 15), r => Assert.Equal((BatchItemStatus.Skipped, 0), (r.Status, r.Attempts)));
        Assert.Equal(50L, report.Succeeded + report.Failed + report.Skipped + report.Canceled);
        Assert.Equal(0L, report.Canceled);
        Assert.Equal(0, slow.Waiting.Current);
    }

    [Fact]
    public async Task Canceling_while_items_wait_for_a_permit_cancels_them_and_keeps_every_finished_result()
    {
        using var cancel = new CancellationTokenSource();
        var slow = new WithheldLimiter();
        var allWaiting = new Signal();
        slow.OnWaiting = allWaiting.SetAfter(10);
        using var limiter = Tenants(slow, item => item % 5 == 0);
        var fastDone = new Signal();
        var fastFinished = fastDone.SetAfter(40);
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            await Task.Yield();
            if (context.Item % 5 != 0)
            {
                fastFinished();
            }
        });
        var context = TestContext.Over(Enumerable.Range(0, 50).ToArray());

        var run = new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 2 }) { ItemRateLimiter = limiter }
            .RunAsync(context, null, cancel.Token);
        await WaitOrRelease(fastDone, slow);
        await WaitOrRelease(allWaiting, slow);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));

        var results = Assert.Single(context.Updates);
        Assert.Equal(Enumerable.Range(0, 50), results.Select(r => (int)r.Index));
        Assert.All(results, r => Assert.Equal(r.Item % 5 == 0 ? (BatchItemStatus.Canceled, 0) : (BatchItemStatus.Succeeded, 1), (r.Status, r.Attempts)));
        Assert.Equal((40L, 10L), (results.Succeeded, results.Canceled));
        Assert.Equal(0, slow.Waiting.Current);
    }

    /// <summary>At a limit of one: one partition refuses, another withholds, and the third's items all run meanwhile.</summary>
    [Fact]
    public async Task A_refused_permit_fails_that_item_only_while_another_partitions_items_wait()
    {
        var slow = new WithheldLimiter();
        var full = new WithheldLimiter { Refuses = true };
        using var limiter = PartitionedRateLimiter.Create<int, string>(item => item switch
        {
            0 => RateLimitPartition.Get("slow", _ => slow),
            1 => RateLimitPartition.Get("full", _ => full),
            _ => RateLimitPartition.GetNoLimiter("fast"),
        });
        var fastDone = new Signal();
        var fastFinished = fastDone.SetAfter(18);
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            await Task.Yield();
            if (context.Item >= 2)
            {
                fastFinished();
            }
        });

        var run = new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 1 }) { ItemRateLimiter = limiter }
            .RunAsync(TestContext.Over(Enumerable.Range(0, 20).ToArray()));
        await WaitOrRelease(fastDone, slow);
        slow.Release();
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((19L, 1L), (report.Succeeded, report.Failed));
        var refused = Assert.Single(report.Failures);
        Assert.Equal((1, 1), (refused.Item, refused.Attempts));
        Assert.Equal("BatchNode.ItemRateLimiter", Assert.IsType<RateLimitRejectedException>(refused.Exception).Limiter);
    }

    /// <summary>
    /// Every item waits for the one partition: the loop takes on the limit's two and <see cref="PermitWaits.Size"/> more,
    /// and reads no further until permits come.
    /// </summary>
    [Fact]
    public async Task At_most_the_limit_and_the_bound_of_items_wait_for_permits_at_once()
    {
        const int Limit = 2;
        var slow = new WithheldLimiter();
        var full = new Signal();
        slow.OnWaiting = full.SetAfter(Limit + PermitWaits.Size);
        using var limiter = Tenants(slow, _ => true);
        var work = Node.CreateAsync<TestContext>("call", async (context, token) => await Task.Yield());

        var run = new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = Limit }) { ItemRateLimiter = limiter }
            .RunAsync(TestContext.Over(Enumerable.Range(0, 1500).ToArray()));
        await WaitOrRelease(full, slow);
        slow.Release();
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1500L, report.Succeeded);
        Assert.Equal(Limit + PermitWaits.Size, slow.Waiting.Max);
    }

    /// <summary>
    /// A tenant's quota in tokens: each attempt takes as many permits as its item says. Of a bucket of 100, two items
    /// costing 50 run (whichever two ask first), the third waits while another tenant's item runs, and runs once the
    /// bucket refills.
    /// </summary>
    [Fact]
    public async Task An_item_takes_as_many_permits_as_ItemPermitCount_gives_and_waits_for_them_without_holding_the_other_tenants()
    {
        using var bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            // Refilled by the test only (TryReplenish, once a period has passed: a tick); the queue counts permits, not requests.
            TokenLimit = 100, TokensPerPeriod = 100, ReplenishmentPeriod = TimeSpan.FromTicks(1), AutoReplenishment = false, QueueLimit = 100,
        });
        using var limiter = PartitionedRateLimiter.Create<int, string>(item => item < 1000
            ? RateLimitPartition.Get("tokens", _ => bucket)
            : RateLimitPartition.GetNoLimiter("other"));
        var threeDone = new Signal();
        var done = threeDone.SetAfter(3);
        var ran = new System.Collections.Concurrent.ConcurrentQueue<int>();
        var work = Node.CreateAsync<TestContext>("call", async (context, _) =>
        {
            await Task.Yield();
            ran.Enqueue(context.Item);
            done();
        });
        var flow = new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 2 })
            .WithItemRateLimiter(limiter, item => item < 1000 ? 50 : 1);

        var run = flow.RunAsync(TestContext.Over([1, 2, 3, 1000]));
        await threeDone.WaitAsync();
        Assert.False(run.IsCompleted); // one of 1, 2 and 3 waits: the bucket is empty
        Assert.Contains(1000, ran);
        Assert.Equal(0, bucket.GetStatistics()!.CurrentAvailablePermits);
        Assert.True(bucket.TryReplenish());
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(4L, report.Succeeded);
        Assert.Equal([1, 2, 3, 1000], ran.Order());
        Assert.Equal(50, bucket.GetStatistics()!.CurrentAvailablePermits); // 100 refilled, 50 taken (a bucket's tokens are spent, not returned)
    }

    [Theory]
    [InlineData(-1, "BatchNode.ItemPermitCount gave -1 permits for the item at input position 1; a count of permits is 0 or more.")]
    [InlineData(int.MinValue, "BatchNode.ItemPermitCount threw for the item at input position 1: the cost is unknown")]
    [InlineData(500, "BatchNode.ItemRateLimiter cannot grant the 500 permits BatchNode.ItemPermitCount gave for the item at input position 1: ")]
    public async Task A_permit_count_that_is_negative_throws_or_cannot_be_granted_fails_that_item_naming_it(int cost, string message)
    {
        using var limiter = PartitionedRateLimiter.Create<int, string>(_ => RateLimitPartition.GetTokenBucketLimiter("tokens", _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = 100, TokensPerPeriod = 100, ReplenishmentPeriod = TimeSpan.FromHours(1), AutoReplenishment = false,
        }));
        var work = Node.Create<TestContext>("call", context => context.Output = context.Item);
        var flow = new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 1 })
            .WithItemRateLimiter(limiter, item => item != 2 ? 1 : cost == int.MinValue ? throw new FormatException("the cost is unknown") : cost);

        var report = await flow.RunAsync(TestContext.Over([1, 2, 3])).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2L, report.Succeeded);
        var failure = Assert.IsType<InvalidOperationException>(Assert.Single(report.Failures).Exception);
        Assert.StartsWith(message, failure.Message);
        Assert.Equal(cost == 500 ? 1 : 0, report.Results[1].Attempts); // a limiter that cannot grant refuses an attempt; a bad count fails before one
    }

    [Fact]
    public async Task The_permit_count_is_asked_once_per_item_and_a_bad_one_is_not_retried()
    {
        using var limiter = PartitionedRateLimiter.Create<int, string>(_ => RateLimitPartition.GetTokenBucketLimiter("tokens", _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = 100, TokensPerPeriod = 100, ReplenishmentPeriod = TimeSpan.FromHours(1), AutoReplenishment = false,
        }));
        var asked = new ConcurrentDictionary<int, int>();
        var calls = 0;
        var work = Node.Create<TestContext>("call", context =>
        {
            if (context.Item == 1 && Interlocked.Increment(ref calls) < 3)
            {
                throw new InvalidOperationException("transient");
            }
        });
        var retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 4, Delay = TimeSpan.Zero })
            .Build();
        var flow = new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 1, ResiliencePipeline = retry })
            .WithItemRateLimiter(limiter, item =>
            {
                asked.AddOrUpdate(item, 1, (_, n) => n + 1);
                return item == 2 ? throw new FormatException("the cost is unknown") : 10;
            });

        var report = await flow.RunAsync(TestContext.Over([1, 2])).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((BatchItemStatus.Succeeded, 3), (report.Results[0].Status, report.Results[0].Attempts));
        Assert.Equal((BatchItemStatus.Failed, 0), (report.Results[1].Status, report.Results[1].Attempts));
        Assert.Equal([(1, 1), (2, 1)], asked.OrderBy(a => a.Key).Select(a => (a.Key, a.Value)));
        Assert.Equal(70, limiter.GetStatistics(1)!.CurrentAvailablePermits); // three attempts of 10 (tokens are spent)
    }

    /// <summary>
    /// The README's sizing: a partition whose queue holds the limit and 1,024 more refuses none of the items waiting in it,
    /// at a limit of 4 with one permit, held until the queue is as full as the loop makes it: the limit's other 3 and the
    /// 1,024 waiting outside the slots (so the README's rule has one to spare; a queue below 3 + 1,024 never gets there,
    /// and the test fails). Then 2,000 items flow through it one at a time.
    /// </summary>
    [Fact]
    public async Task A_partition_queue_of_the_limit_and_1024_more_refuses_no_waiting_item()
    {
        using var inner = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 4 + 1024 });
        using var partition = new SignalingLimiter(inner);
        var full = new Signal();
        partition.OnQueued = full.SetAfter(3 + 1024);
        using var limiter = PartitionedRateLimiter.Create<int, string>(_ => RateLimitPartition.Get("one", _ => partition));
        var holder = 0;
        var work = Node.CreateAsync<TestContext>("call", async (context, _) =>
        {
            if (Interlocked.Exchange(ref holder, 1) == 0)
            {
                await full.WaitAsync(); // the first item holds the only permit until the queue is full
            }

            context.Output = context.Item;
        });

        var report = await new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 4 }) { ItemRateLimiter = limiter }
            .RunAsync(TestContext.Over(Enumerable.Range(0, 2000).ToArray())).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((2000L, 0L), (report.Succeeded, report.Failed)); // no waiting item refused by a full queue
    }

    [Fact]
    public async Task A_limit_near_int_MaxValue_with_an_item_limiter_runs_as_without_one()
    {
        using var limiter = PartitionedRateLimiter.Create<int, string>(_ => RateLimitPartition.GetNoLimiter("all"));
        var work = Node.Create<TestContext>("call", context => context.Output = context.Item);

        var report = await new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = int.MaxValue }) { ItemRateLimiter = limiter }
            .RunAsync(TestContext.Over([1, 2, 3])).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3L, report.Succeeded);
    }

    /// <summary>Tenants: the items <paramref name="isSlow"/> picks share <paramref name="slow"/>; the others are not limited.</summary>
    private static PartitionedRateLimiter<int> Tenants(WithheldLimiter slow, Func<int, bool> isSlow) =>
        PartitionedRateLimiter.Create<int, string>(item => isSlow(item)
            ? RateLimitPartition.Get("slow", _ => slow)
            : RateLimitPartition.GetNoLimiter("fast"));

    /// <summary>Waits for <paramref name="signal"/>; if it never comes, releases the permits so the batch can end, and fails.</summary>
    private static async Task WaitOrRelease(Signal signal, WithheldLimiter slow)
    {
        try
        {
            await signal.WaitAsync();
        }
        catch
        {
            slow.Release();
            throw;
        }
    }

    /// <summary>Items 0 to 2, then, once all three wait, each later item after the one before it ran.</summary>
    private static async IAsyncEnumerable<int> OneAtATime(Signal allWaiting, SemaphoreSlim ran, int count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return 0;
        yield return 1;
        yield return 2;
        await allWaiting.WaitAsync().WaitAsync(cancellationToken);
        yield return 3;
        for (var i = 4; i < count; i++)
        {
            await ran.WaitAsync(cancellationToken);
            yield return i;
        }
    }
}

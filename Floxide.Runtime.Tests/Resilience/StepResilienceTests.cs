using System.Threading.RateLimiting;
using Floxide.Runtime.Tests.Support;
using Polly;
using Polly.Retry;

namespace Floxide.Runtime.Tests.Resilience;

public class StepResilienceTests
{
    [Fact]
    public async Task A_node_with_resilience_retries_only_that_step_on_the_same_context()
    {
        var firstRuns = 0;
        var flakyRuns = 0;
        var first = Node.Create<TestContext>("first", context => { firstRuns++; context.Output += 1; });
        var flaky = Node.Create<TestContext>("flaky", context =>
        {
            if (++flakyRuns < 3)
            {
                throw new InvalidOperationException("transient");
            }

            context.Output += 10;
        }).WithResilience(new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 3, Delay = TimeSpan.Zero }).Build());
        var workflow = new WorkflowBuilder<TestContext>("w").StartWith(first).Then(first, flaky).Build();
        var context = new TestContext();

        await workflow.RunAsync(context, CancellationToken.None);

        Assert.Equal("flaky", flaky.Id);
        Assert.Equal(1, firstRuns);
        Assert.Equal(3, flakyRuns);
        Assert.Equal(11, context.Output);
    }

    [Fact]
    public async Task A_step_that_fails_every_retry_fails_the_workflow_naming_the_step()
    {
        var flaky = Node.Create<TestContext>("flaky", _ => throw new InvalidOperationException("permanent"))
            .WithResilience(new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 2, Delay = TimeSpan.Zero }).Build());
        var workflow = new WorkflowBuilder<TestContext>("w").StartWith(flaky).Build();

        var error = await Assert.ThrowsAsync<NodeFailedException>(() => workflow.RunAsync(new TestContext(), CancellationToken.None).AsTask());

        Assert.Equal("flaky", error.NodeId);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    /// <summary>
    /// A permit granted to an execution whose token is canceled already starts nothing: it ends canceled, and the permit
    /// goes back. A limiter's grant and the cancellation's callbacks race (a run ending as its batch is canceled gives its
    /// permit to a queued run whose own cancellation callback has not run yet); this limiter ignores the token, so the
    /// grant always comes after it. The pipeline has the rate limit alone, as a step's with only [ConcurrencyLimit] does.
    /// </summary>
    [Fact]
    public async Task A_permit_granted_to_an_execution_whose_token_is_canceled_starts_nothing()
    {
        var limiter = new InlineGrantLimiter();
        var pipeline = new ResiliencePipelineBuilder().AddRateLimit(limiter, "api").Build();
        var runs = 0;
        using var cancel = new CancellationTokenSource();

        var run = pipeline.ExecuteAsync(_ =>
        {
            runs++; // a call that does not look at its token, as a paid one may not
            return ValueTask.CompletedTask;
        }, cancel.Token).AsTask();
        await limiter.Awaited.WaitAsync();
        await cancel.CancelAsync();
        limiter.Grant();

        var canceled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(cancel.Token, canceled.CancellationToken);
        Assert.Equal(0, runs);
        Assert.True(limiter.Granted!.Disposed);
    }

    [Fact]
    public async Task A_step_rate_limit_that_refuses_fails_the_step_naming_the_limiter_and_a_retry_outside_it_retries()
    {
        using var permit = new RefusedOncePermit(); // the permit comes free before the retry
        var limiter = permit.Limiter;
        var runs = 0;
        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(permit.RetryOnRefusal)
            .AddRateLimit(limiter, "payments API")
            .Build();
        var step = Node.Create<TestContext>("pay", _ => runs++).WithResilience(pipeline);
        var refusing = Node.Create<TestContext>("pay", _ => runs++)
            .WithResilience(new ResiliencePipelineBuilder().AddRateLimit(limiter, "payments API").Build());

        await step.RunAsync(new TestContext(), CancellationToken.None);
        using (limiter.AttemptAcquire())
        {
            var refused = await Assert.ThrowsAsync<RateLimitRejectedException>(() => refusing.RunAsync(new TestContext(), CancellationToken.None).AsTask());
            Assert.Equal("payments API", refused.Limiter);
        }

        Assert.Equal(1, runs);
    }

    /// <summary>
    /// The README: a limiter given to one step holds its permit for that step only, and one instance shared by two
    /// batches limits them together. The first two calls stay in the step until all six items (three a batch) have asked
    /// the limiter, so a third call inside at once (the batches limited apart, or not at all) shows; and three items must
    /// be in the step after it at once to finish, which a permit held through the item (two of them) would never allow.
    /// </summary>
    [Fact]
    public async Task A_concurrency_limiter_on_one_step_limits_that_step_across_batches_and_is_not_held_through_the_next_step()
    {
        using var limiter = new SignalingLimiter(new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 2, QueueLimit = 100 }));
        var calls = new Watermark();
        var allAsked = new Signal();
        void CheckAllAsked()
        {
            // Two calls inside while all six items have asked: the other four wait on the limiter. More than two inside
            // lets them go too, for the assertion below to report.
            if ((calls.Current == 2 && limiter.Asked == 6) || calls.Current > 2)
            {
                allAsked.Set();
            }
        }

        limiter.OnAsked = CheckAllAsked;
        var threeSaving = new Signal();
        var saving = threeSaving.SetAfter(3);
        var call = Node.CreateAsync<TestContext>("call", async (_, _) =>
        {
            calls.Enter();
            CheckAllAsked();
            await allAsked.WaitAsync();
            calls.Exit();
        }).WithResilience(new ResiliencePipelineBuilder().AddRateLimit(limiter, "api").Build());
        var save = Node.CreateAsync<TestContext>("save", async (_, _) =>
        {
            saving();
            await threeSaving.WaitAsync();
        });
        var item = new WorkflowBuilder<TestContext>("item").StartWith(call).Then(call, save).Build();
        var options = new BatchOptions { MaxDegreeOfParallelism = 3 };

        var reports = await Task.WhenAll(
            new BatchFlow<TestContext, int>(item, options, "a").RunAsync(TestContext.Over([1, 2, 3])),
            new BatchFlow<TestContext, int>(item, options, "b").RunAsync(TestContext.Over([4, 5, 6]))).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(reports, r => Assert.Equal(3, r.Succeeded));
        Assert.Equal(6, limiter.Asked);
        Assert.Equal(2, calls.Max); // the two batches' calls together
    }

    /// <summary>
    /// A step's run granted its permit inline, as another run of the step gives one back (<see cref="InlineQueueLimiter"/>),
    /// starts off the releasing stack: run there, the 63 runs queued behind the test's permit would nest one in the next
    /// (see RateLimitTests' item-level case), with or without a grace period, whose attempts run on a token of their own.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_step_run_granted_its_permit_inline_by_a_release_runs_off_the_releasing_stack(bool gracePeriod)
    {
        const int Parallelism = 64;
        using var limiter = new InlineQueueLimiter(permitLimit: 1);
        var queued = limiter.WhenQueued(Parallelism - 1);
        var depths = new StackDepths();
        var work = Node.Create<TestContext>("work", context =>
        {
            depths.Record();
            context.Output = context.Item;
        }).WithResilience(new ResiliencePipelineBuilder().AddRateLimit(limiter, "api").Build());
        var options = new BatchOptions { MaxDegreeOfParallelism = Parallelism, CancellationGracePeriod = gracePeriod ? TimeSpan.FromSeconds(10) : TimeSpan.Zero };
        var items = Enumerable.Range(0, 2_000).ToArray();
        var held = limiter.AttemptAcquire();

        var run = new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over(items));
        await queued.WaitAsync();
        held.Dispose();
        var report = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(items, report.Results.Select(r => r.Context!.Output));
        Assert.All(report.Results, r => Assert.Equal(BatchItemStatus.Succeeded, r.Status));
        Assert.InRange(depths.Deepest, depths.Shallowest, depths.Shallowest + 100);
        using var after = limiter.AttemptAcquire();
        Assert.True(after.IsAcquired);
    }
}

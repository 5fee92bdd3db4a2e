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
}

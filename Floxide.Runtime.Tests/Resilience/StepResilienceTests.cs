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
}

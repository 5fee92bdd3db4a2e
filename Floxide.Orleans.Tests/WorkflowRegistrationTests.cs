using Microsoft.Extensions.DependencyInjection;

namespace Floxide.Orleans.Tests;

/// <summary>A silo builds a registration's workflow and batch context on first use, and tries again after a factory threw.</summary>
public sealed class WorkflowRegistrationTests
{
    [Fact]
    public async Task A_batch_context_factory_that_failed_once_is_tried_again_for_the_next_item_and_then_kept()
    {
        var built = 0;
        var registration = Registration(
            _ => new SquareNode("silo-1", new ClusterProbe()),
            _ => Interlocked.Increment(ref built) == 1 ? throw new HttpRequestException("config service briefly unavailable") : new SquareBatch());

        var first = await registration.RunAsync(Call(1), "silo-1", CancellationToken.None);
        var second = await registration.RunAsync(Call(2), "silo-1", CancellationToken.None);
        var third = await registration.RunAsync(Call(3), "silo-1", CancellationToken.None);

        Assert.Equal((ItemOutcome.Failed, "config service briefly unavailable"), (first.Outcome, first.Error!.Message));
        Assert.Equal((ItemOutcome.Succeeded, ItemOutcome.Succeeded), (second.Outcome, third.Outcome));
        Assert.Equal(2, built);
    }

    [Fact]
    public async Task A_workflow_factory_that_failed_once_is_tried_again_for_the_next_item()
    {
        var built = 0;
        var registration = Registration(
            _ => Interlocked.Increment(ref built) == 1 ? throw new TimeoutException("slow start") : new SquareNode("silo-1", new ClusterProbe()),
            _ => new SquareBatch());

        var first = await registration.RunAsync(Call(1), "silo-1", CancellationToken.None);
        var second = await registration.RunAsync(Call(2), "silo-1", CancellationToken.None);

        Assert.Equal((ItemOutcome.Failed, ItemOutcome.Succeeded), (first.Outcome, second.Outcome));
        Assert.Equal(2, built);
    }

    [Fact]
    public void A_factory_that_asks_for_its_own_value_gets_a_clear_error_not_a_stack_overflow()
    {
        BuiltOnce<string>? once = null;
        once = new BuiltOnce<string>(() => once!.Value);

        var error = Assert.Throws<InvalidOperationException>(() => once.Value);

        Assert.Contains("asked for the value it is building", error.Message, StringComparison.Ordinal);
    }

    private static WorkflowRegistration<SquareBatch, int, int, Square?> Registration(
        Func<IServiceProvider, INode<SquareBatch>> workflow, Func<IServiceProvider, SquareBatch> batchContext) =>
        new(TestClusters.Workflow, new SquareMapping(), workflow, batchContext, new ServiceCollection().BuildServiceProvider());

    private static ItemCall Call(int number) => new() { Workflow = TestClusters.Workflow, WorkflowId = SquareNode.NodeId, Request = number };
}

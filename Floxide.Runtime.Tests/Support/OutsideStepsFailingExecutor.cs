namespace Floxide.Runtime.Tests.Support;

/// <summary>
/// Stands in for a remote backend that fails an item outside its steps, saying where: runs nothing, and throws an
/// <see cref="ItemFailedOutsideStepsException"/> with <see cref="Where"/> as its message around <see cref="Failure"/>.
/// </summary>
public sealed class OutsideStepsFailingExecutor : IItemExecutor<TestContext>
{
    /// <summary>The executor's message: where outside the steps the item failed.</summary>
    public const string Where = "The call to run item 0 of workflow 'remote' was lost 3 times, the last with TimeoutException: no answer";

    /// <summary>Gets what failed, which the item's result reports.</summary>
    public TimeoutException Failure { get; } = new("no answer");

    /// <inheritdoc/>
    public async ValueTask<NodeAction> ExecuteAsync(INode<TestContext> itemWorkflow, TestContext itemContext, long itemIndex, CancellationToken cancellationToken)
    {
        await Task.Yield();
        throw new ItemFailedOutsideStepsException(Where, Failure);
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Floxide.Orleans.Tests;

/// <summary>The square workflow's executor without a cluster: each grain call is answered by the test's script.</summary>
internal static class ScriptedCalls
{
    /// <summary>An executor whose calls <paramref name="call"/> answers.</summary>
    public static OrleansItemExecutor<SquareBatch, int, int, Square?> Executor(Func<ItemCall, Task<ItemReply>> call, OrleansExecutorOptions? options = null) =>
        Executor((request, _) => call(request), options);

    /// <summary>
    /// An executor whose calls <paramref name="call"/> answers, seeing each attempt's token (as a grain call's cancel would);
    /// its events go to <paramref name="logger"/>.
    /// </summary>
    public static OrleansItemExecutor<SquareBatch, int, int, Square?> Executor(
        Func<ItemCall, CancellationToken, Task<ItemReply>> call, OrleansExecutorOptions? options = null, ILogger? logger = null) =>
        new(TestClusters.Workflow, new SquareMapping(), options ?? new OrleansExecutorOptions(), call, logger: logger);

    /// <summary>An executor whose plain calls <paramref name="call"/> answers and whose reporting calls (an adaptive batch's) <paramref name="reportingCall"/> streams.</summary>
    public static OrleansItemExecutor<SquareBatch, int, int, Square?> Executor(
        Func<ItemCall, Task<ItemReply>> call, Func<ItemCall, CancellationToken, IAsyncEnumerable<ItemReply>> reportingCall, OrleansExecutorOptions? options = null) =>
        new(TestClusters.Workflow, new SquareMapping(), options ?? new OrleansExecutorOptions(), (request, _) => call(request), reportingCall);

    /// <summary>The reply of <paramref name="silo"/> that squared the call's number.</summary>
    public static ItemReply Succeeded(ItemCall call, string silo)
    {
        var number = (int)call.Request!;
        return new ItemReply
        {
            Outcome = ItemOutcome.Succeeded,
            Reply = new Square { Number = number, Value = (long)number * number, Silo = silo },
            HasReply = true,
            Action = NodeAction.Default.Name,
            Silo = silo,
        };
    }

    /// <summary>A call of the square workflow for <paramref name="number"/>.</summary>
    public static ItemCall Call(int number) => new() { Workflow = TestClusters.Workflow, WorkflowId = SquareNode.NodeId, Request = number };

    /// <summary>The coordinator's item context for <paramref name="number"/>.</summary>
    public static SquareBatch ItemContext(int number) => ((IBatchContext<SquareBatch, int>)new SquareBatch()).CreateItemContext(number);

    /// <summary>A silo's registration of the square workflow, its batch context a plain one and its mapping <see cref="SquareMapping"/>'s unless given.</summary>
    public static WorkflowRegistration<SquareBatch, int, int, Square?> Registration(
        Func<IServiceProvider, INode<SquareBatch>> workflow, Func<IServiceProvider, SquareBatch>? batchContext = null, SquareMapping? mapping = null) =>
        new(TestClusters.Workflow, mapping ?? new SquareMapping(), workflow, batchContext ?? (_ => new SquareBatch()), new ServiceCollection().BuildServiceProvider());

    /// <summary>A reporting call's stream of <paramref name="replies"/>, each after a yield, as polls come.</summary>
    public static async IAsyncEnumerable<ItemReply> Stream(params ItemReply[] replies)
    {
        foreach (var reply in replies)
        {
            await Task.Yield();
            yield return reply;
        }
    }
}

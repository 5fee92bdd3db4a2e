using System.Threading.RateLimiting;
using Floxide.Runtime.Tests.Support;
using Polly;

namespace Floxide.Runtime.Tests.Batching;

/// <summary>
/// <see cref="CurrentBatch"/>: what a backend that runs items elsewhere reads to start no new work for an item once its
/// batch stops, though a draining batch leaves the running attempts' token alone; and that work an item leaves running
/// is no longer the batch's once the batch ended.
/// </summary>
public sealed class CurrentBatchTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void Outside_a_batch_nothing_is_stopping_and_the_token_cannot_be_canceled()
    {
        Assert.False(CurrentBatch.IsStopping);
        Assert.False(CurrentBatch.Stopping.CanBeCanceled);
    }

    [Fact]
    public async Task While_a_canceled_batch_drains_its_executor_sees_it_stopping_though_the_attempts_token_is_not_canceled()
    {
        using var cancellation = new CancellationTokenSource();
        var executor = new StopReadingExecutor();
        var options = new BatchOptions { MaxDegreeOfParallelism = 1, CancellationGracePeriod = Timeout.InfiniteTimeSpan };
        var context = TestContext.Over([0, 1]);
        var run = new BatchFlow<TestContext, int>(Node.Create<TestContext>("call", c => c.Output = 1), options, executor: executor)
            .RunAsync(context, cancellation.Token);

        var (stoppingAtStart, stopping) = await executor.Started.Task.WaitAsync(Patience);
        Assert.False(stoppingAtStart);
        Assert.True(stopping.CanBeCanceled);
        Assert.False(stopping.IsCancellationRequested);

        await cancellation.CancelAsync();
        Assert.True(stopping.IsCancellationRequested);
        executor.Release.SetResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));

        var (stoppingAtEnd, tokenCanceledAtEnd) = await executor.Ended.Task.WaitAsync(Patience);
        Assert.True(stoppingAtEnd);
        Assert.False(tokenCanceledAtEnd); // the drain left it alone: only CurrentBatch tells
        Assert.Equal((1, 1), (context.Updates.Single().Succeeded, context.Updates.Single().Canceled));
    }

    [Fact]
    public async Task A_batch_that_stops_itself_is_stopping_for_the_items_it_runs()
    {
        var sawStopping = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondRunning = new Signal();
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            if (context.Item == 0)
            {
                await secondRunning.WaitAsync(); // else the stop may come before item 1 starts, and it never would
                throw new InvalidOperationException("stops the fail-fast batch");
            }

            var stopping = CurrentBatch.Stopping;
            secondRunning.Set();
            await Task.Delay(Timeout.Infinite, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            sawStopping.SetResult(CurrentBatch.IsStopping);
            token.ThrowIfCancellationRequested();
        });

        var report = await new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 2, ErrorMode = BatchErrorMode.FailFast })
            .RunAsync(TestContext.Over([0, 1])).WaitAsync(Patience);

        Assert.True(await sawStopping.Task.WaitAsync(Patience));
        Assert.Equal(0, report.StoppedAtIndex);
    }

    [Fact]
    public async Task Work_an_item_left_running_is_not_stopped_by_its_batch_once_the_batch_ended()
    {
        // A singleton's loop an item started on first use runs on after the fail-fast batch that stopped: a rate-limited
        // step it runs later, on a token of its own, runs, and the ended batch is stopping nothing.
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 1 });
        var limited = Node.Create<TestContext>("limited", c => c.Output = 42)
            .WithResilience(new ResiliencePipelineBuilder().AddRateLimit(limiter, "test limit").Build());
        var later = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<(bool Stopping, NodeAction Action)>? background = null;
        var item = Node.Create<TestContext>("item", c =>
        {
            background ??= Task.Run(async () =>
            {
                await later.Task;
                return (CurrentBatch.IsStopping, await limited.RunAsync(new TestContext(), CancellationToken.None));
            });
            throw new InvalidOperationException("fails the fail-fast batch");
        });
        var options = new BatchOptions { MaxDegreeOfParallelism = 1, ErrorMode = BatchErrorMode.FailFast };

        var report = await new BatchFlow<TestContext, int>(item, options).RunAsync(TestContext.Over([0])).WaitAsync(Patience);
        Assert.Equal(0, report.StoppedAtIndex);

        later.SetResult();
        var (stopping, action) = await background!.WaitAsync(Patience);
        Assert.False(stopping);
        Assert.Equal(NodeAction.Default, action);
    }

    [Fact]
    public async Task Work_an_item_left_running_holds_nothing_of_its_batch_once_the_batch_ended()
    {
        // The loop an item left running keeps its async flow, and so what the run put in it: once the run ended, that is
        // no longer the run's stop, through which its results (and their item contexts) would live as long as the loop.
        var later = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (itemContext, background) = await RunLeavingWorkBehindAsync(later.Task);

        // The worker that ran the item may still be unwinding its stack as the run's task completes: collect until it is
        // done (a few rounds at most). A stop the loop's flow still holds keeps the context alive through all of them.
        for (var round = 0; round < 100 && itemContext.IsAlive; round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Yield();
        }

        Assert.False(itemContext.IsAlive);
        later.SetResult();
        await background.WaitAsync(Patience);
    }

    // Not inlined, so that nothing of the run stays on the test's stack: only the weak reference and the loop come back.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task<(WeakReference ItemContext, Task Background)> RunLeavingWorkBehindAsync(Task later)
    {
        WeakReference? itemContext = null;
        Task? background = null;
        var item = Node.Create<TestContext>("item", context =>
        {
            itemContext = new WeakReference(context);
            background = Task.Run(async () => await later);
        });
        var options = new BatchOptions { MaxDegreeOfParallelism = 1, CancellationGracePeriod = TimeSpan.FromMinutes(1) }; // the stop then calls back into its run
        await new BatchFlow<TestContext, int>(item, options).RunAsync(TestContext.Over([0])).WaitAsync(Patience);
        return (itemContext!, background!);
    }

    /// <summary>Records what the first attempt sees of its batch as it starts and, once released, as it ends.</summary>
    private sealed class StopReadingExecutor : IItemExecutor<TestContext>
    {
        public TaskCompletionSource<(bool Stopping, CancellationToken Token)> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<(bool Stopping, bool TokenCanceled)> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<NodeAction> ExecuteAsync(INode<TestContext> itemWorkflow, TestContext itemContext, long itemIndex, CancellationToken cancellationToken)
        {
            Started.TrySetResult((CurrentBatch.IsStopping, CurrentBatch.Stopping));
            await Release.Task;
            Ended.TrySetResult((CurrentBatch.IsStopping, cancellationToken.IsCancellationRequested));
            return await itemWorkflow.RunAsync(itemContext, cancellationToken);
        }
    }
}

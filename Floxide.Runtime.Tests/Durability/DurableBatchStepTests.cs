using System.Collections.Concurrent;
using Floxide.Testing;

namespace Floxide.Runtime.Tests.Durability;

/// <summary>
/// A <see cref="BatchNode{TContext, TItem}"/> run as a workflow step over an <see cref="IDurableBatchContext{TContext, TItem}"/>:
/// durable under the run its context gives the step, with the promises of a durable run (nothing finished is lost to a
/// cancellation or a fail-fast stop, and a rerun restores it instead of running it again).
/// </summary>
public sealed class DurableBatchStepTests
{
    private readonly InMemoryBatchStore _store = new();

    [Fact]
    public async Task Two_batch_steps_over_one_context_are_each_asked_for_their_own_run_and_record_apart()
    {
        var doubled = new BatchNode<StepContext, int>("double", Node.Create<StepContext>("x2", c => c.Output = c.Item * 2));
        var squared = new BatchNode<StepContext, int>("square", Node.Create<StepContext>("x^2", c => c.Output = c.Item * c.Item));
        var workflow = new WorkflowBuilder<StepContext>("steps").StartWith(doubled).Then(doubled, squared).Build();
        var context = new StepContext { Items = [1, 2, 3], Runs = id => new(_store, "run-7/" + id, StepContext.Codec) };

        await workflow.RunAsync(context, CancellationToken.None);

        Assert.Equal(["double", "square"], context.StepsAsked);
        Assert.Equal([[2, 4, 6], [1, 4, 9]], context.Merged);
        Assert.Equal(new[] { 2, 4, 6 }, await RecordedOutputs("run-7/double"));
        Assert.Equal(new[] { 1, 4, 9 }, await RecordedOutputs("run-7/square"));
    }

    [Fact]
    public async Task A_step_the_context_gives_no_run_runs_as_a_plain_batch_every_time()
    {
        var step = new BatchNode<StepContext, int>("plain", Node.Create<StepContext>("x2", c =>
        {
            c.Calls.Enqueue(c.Item);
            c.Output = c.Item * 2;
        }));
        var context = new StepContext { Items = [1, 2], Runs = _ => null };

        await step.RunAsync(context, CancellationToken.None);
        await step.RunAsync(context, CancellationToken.None);

        Assert.Equal(["plain", "plain"], context.StepsAsked);
        Assert.Equal([[2, 4], [2, 4]], context.Merged);
        Assert.Equal([1, 1, 2, 2], context.Calls.Order()); // nothing restored: both runs ran both items
        Assert.Equal(0, context.Resumed);
    }

    /// <summary>Only a run as a step asks: the same node run as a batch, or a flow over the context, is plain.</summary>
    [Fact]
    public async Task A_batch_run_not_as_a_step_does_not_ask_the_context_for_a_run()
    {
        var node = new BatchNode<StepContext, int>("direct", Node.Create<StepContext>("x2", c => c.Output = c.Item * 2));
        var context = new StepContext { Items = [1, 2], Runs = id => new(_store, id, StepContext.Codec) };

        await node.RunBatchAsync(context);
        await new BatchFlow<StepContext, int>(node.ItemWorkflow, null, "flow").RunAsync(context);

        Assert.Empty(context.StepsAsked);
        Assert.Empty(await _store.ReadItemsAsync("direct", CancellationToken.None));
    }

    /// <summary>A durable step with failed items routes its failure action; on a rerun its restored dead letter routes it again.</summary>
    [Fact]
    public async Task A_durable_steps_failure_action_routes_new_and_restored_failures()
    {
        var step = new BatchNode<StepContext, int>(
            "charge-all",
            Node.Create<StepContext>("charge", c => c.Output = c.Item == 2 ? throw new InvalidOperationException("declined") : c.Item),
            new BatchOptions { FailureAction = new NodeAction("declined") });
        var recover = Node.Create<StepContext>("recover", c => c.StepsAsked.Add("recovered"));
        var workflow = new WorkflowBuilder<StepContext>("billing").StartWith(step).On(step, new NodeAction("declined"), recover).Build();

        foreach (var run in new[] { "first", "rerun" })
        {
            var context = new StepContext { Items = [1, 2, 3], Runs = id => new(_store, id, StepContext.Codec) };
            await workflow.RunAsync(context, CancellationToken.None);

            Assert.Equal(["charge-all", "recovered"], context.StepsAsked);
            Assert.Equal(run == "rerun" ? 3 : 0, context.Resumed);
        }
    }

    /// <summary>Without RetryFailed, a fail-fast durable step replays its recorded failure on a rerun and stops at it again.</summary>
    [Fact]
    public async Task A_fail_fast_durable_step_without_retry_failed_stops_at_its_restored_failure_on_every_rerun()
    {
        var calls = new ConcurrentQueue<int>();
        var step = new BatchNode<StepContext, int>("load", Node.Create<StepContext>("one", c =>
        {
            c.Calls.Enqueue(c.Item);
            c.Output = c.Item == 1 ? throw new InvalidOperationException("item 1 is bad") : c.Item;
        }), new BatchOptions { MaxDegreeOfParallelism = 1, ErrorMode = BatchErrorMode.FailFast });

        foreach (var run in new[] { "first", "rerun" })
        {
            var context = new StepContext { Items = [0, 1, 2], Runs = id => new(_store, id, StepContext.Codec), Calls = calls };
            var stopped = await Assert.ThrowsAsync<BatchFailedException>(() => step.RunAsync(context, CancellationToken.None).AsTask());
            Assert.Equal(1, stopped.ItemIndex);
        }

        Assert.Equal([0, 1], calls); // the rerun ran nothing: item 0 restored, item 1's failure replayed
    }

    /// <summary>An item cancels the caller's token while others run: what finished is recorded, and only the rest runs again.</summary>
    [Fact]
    public async Task A_durable_step_canceled_by_an_item_loses_no_finished_item_and_its_rerun_runs_only_the_others()
    {
        const int count = 200;
        using var cancel = new CancellationTokenSource();
        var step = new BatchNode<StepContext, int>("call-all", Node.CreateAsync<StepContext>("call", async (c, token) =>
        {
            c.Calls.Enqueue(c.Item);
            if (c.Item == 50)
            {
                await cancel.CancelAsync(); // inline: the cancellation's callbacks run on this item's thread
            }

            await Task.Yield();
            token.ThrowIfCancellationRequested();
            c.Output = c.Item + 1000;
        }), new BatchOptions { MaxDegreeOfParallelism = 4 });
        var first = new StepContext { Items = [.. Enumerable.Range(0, count)], Runs = id => new(_store, id, StepContext.Codec) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => step.RunAsync(first, cancel.Token).AsTask());

        var recorded = (await _store.ReadItemsAsync("call-all", CancellationToken.None)).Select(r => (int)r.Index).ToHashSet();
        Assert.NotEmpty(recorded);
        Assert.True(recorded.Count < count, "the cancellation stopped the step before its end");
        var rerun = new StepContext { Items = [.. Enumerable.Range(0, count)], Runs = id => new(_store, id, StepContext.Codec) };

        await step.RunAsync(rerun, CancellationToken.None);

        Assert.DoesNotContain(rerun.Calls, recorded.Contains); // nothing recorded ran again
        Assert.Equal(Enumerable.Range(0, count).Where(i => !recorded.Contains(i)), rerun.Calls.Order());
        Assert.Equal([.. Enumerable.Range(1000, count)], Assert.Single(rerun.Merged));
        Assert.Equal(recorded.Count, rerun.Resumed);
    }

    [Fact]
    public async Task A_fail_fast_durable_step_throws_after_recording_what_finished_and_its_rerun_runs_from_the_failure()
    {
        var failing = true;
        var step = new BatchNode<StepContext, int>("load", Node.Create<StepContext>("one", c =>
        {
            c.Calls.Enqueue(c.Item);
            c.Output = c.Item == 5 && failing ? throw new InvalidOperationException("item 5 is bad") : c.Item * 10;
        }), new BatchOptions { MaxDegreeOfParallelism = 1, ErrorMode = BatchErrorMode.FailFast });
        var first = new StepContext { Items = [.. Enumerable.Range(0, 10)], Runs = id => new(_store, id, StepContext.Codec) { RetryFailed = true } };

        var stopped = await Assert.ThrowsAsync<BatchFailedException>(() => step.RunAsync(first, CancellationToken.None).AsTask());

        Assert.Equal(5, stopped.ItemIndex);
        Assert.Equal(new[] { 0, 10, 20, 30, 40 }, await RecordedOutputs("load")); // the successes, and item 5's failure
        Assert.Equal(5, Assert.Single(await _store.ReadItemsAsync("load", CancellationToken.None), r => r.ErrorType is not null).Index);
        failing = false;
        var rerun = new StepContext { Items = [.. Enumerable.Range(0, 10)], Runs = id => new(_store, id, StepContext.Codec) { RetryFailed = true } };

        await step.RunAsync(rerun, CancellationToken.None);

        Assert.Equal([5, 6, 7, 8, 9], rerun.Calls);
        Assert.Equal([0, 10, 20, 30, 40, 50, 60, 70, 80, 90], Assert.Single(rerun.Merged));
    }

    /// <summary>The outputs recorded under <paramref name="batchId"/> for items that succeeded, in input order.</summary>
    private async Task<int[]> RecordedOutputs(string batchId)
    {
        var context = new StepContext();
        return [.. (await _store.ReadItemsAsync(batchId, CancellationToken.None)).Where(r => r.ErrorType is null).OrderBy(r => r.Index).Select(r =>
        {
            StepContext.Codec.ReadOutputs(context, r.Outputs.Span);
            return context.Output;
        })];
    }

    /// <summary>A batch context that gives each step the run <see cref="Runs"/> returns for its id, and keeps what each run merged.</summary>
    private sealed class StepContext : IBatchContext<StepContext, int>, IDurableBatchContext<StepContext, int>
    {
        public static readonly IntOutputCodec<StepContext> Codec = new(c => c.Output, (c, v) => c.Output = v);

        public int[] Items { get; init; } = [];

        public int Item { get; private init; }

        public int Output { get; set; }

        public Func<string, DurableRun<StepContext, int>?> Runs { get; init; } = _ => null;

        public ConcurrentQueue<int> Calls { get; init; } = new();

        public List<string> StepsAsked { get; } = [];

        public List<int[]> Merged { get; } = [];

        public long Resumed { get; private set; }

        public DurableRun<StepContext, int>? GetDurableRun(string stepId)
        {
            StepsAsked.Add(stepId);
            return Runs(stepId);
        }

        public BatchItems<int> GetBatchItems() => Items;

        public StepContext CreateItemContext(int item) => new() { Item = item, Calls = Calls };

        public void UpdateWithResults(BatchResults<StepContext, int> results)
        {
            Merged.Add([.. results.Select(r => r.Context?.Output ?? -1)]);
            Resumed += results.Count(r => r.Resumed);
        }
    }
}

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Floxide.Runtime.Tests.Support;
using Polly;
using Polly.Retry;

namespace Floxide.Runtime.Tests.Batching;

public class CancellationTests
{
    [Fact]
    public async Task Cancel_mid_batch_starts_no_new_item_records_partial_results_then_throws()
    {
        const int Limit = 4;
        using var cancellation = new CancellationTokenSource();
        var started = new ConcurrentDictionary<int, bool>();
        var startedAfterCancel = 0;
        var blocked = 0;
        var allBlocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var work = Node.CreateAsync<TestContext>("work", async (context, cancellationToken) =>
        {
            if (cancellation.IsCancellationRequested)
            {
                Interlocked.Increment(ref startedAfterCancel);
            }

            started[context.Item] = true;
            if (context.Item < 10)
            {
                context.Output = context.Item;
                return; // the first items finish before the cancel
            }

            if (Interlocked.Increment(ref blocked) == Limit)
            {
                allBlocked.TrySetResult();
            }

            await Task.Delay(Timeout.Infinite, cancellationToken); // in flight until it sees the token
        });
        var context = TestContext.Over(Enumerable.Range(0, 200).ToArray());
        var node = new BatchNode<TestContext, int>("batch", work, Limit);

        var run = node.RunBatchAsync(context, cancellationToken: cancellation.Token);
        Assert.Same(allBlocked.Task, await Task.WhenAny(allBlocked.Task, Task.Delay(TimeSpan.FromSeconds(30))));
        await cancellation.CancelAsync();
        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.Equal(cancellation.Token, exception.CancellationToken);
        Assert.Equal(0, startedAfterCancel);
        var results = Assert.Single(context.Updates); // merged before the throw
        Assert.Equal(200, results.Count);
        Assert.Equal(10, results.Succeeded);
        Assert.Equal(190, results.Canceled);
        Assert.Equal(Enumerable.Range(0, 10), results.Where(r => r.Succeeded).Select(r => r.Context!.Output));
        var inFlight = results.Where(r => r.Status == BatchItemStatus.Canceled && r.Context is not null).ToList();
        Assert.Equal(Limit, inFlight.Count); // they saw the token and say so
        Assert.All(inFlight, r => Assert.IsType<TaskCanceledException>(r.Exception));
        foreach (var result in results)
        {
            Assert.Equal(started.ContainsKey(result.Item), result.Context is not null);
        }
    }

    [Fact]
    public async Task Cancel_from_inside_an_item_stops_a_sequential_batch_at_that_item()
    {
        using var cancellation = new CancellationTokenSource();
        var work = Node.Create<TestContext>("work", context =>
        {
            context.Output = context.Item;
            if (context.Item == 5)
            {
                cancellation.Cancel();
            }
        });
        var context = TestContext.Over(Sources.Lazy(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 1 }).RunAsync(context, null, cancellation.Token));

        var results = Assert.Single(context.Updates);
        Assert.Equal(6, results.Succeeded); // 0..5 ran; item 5 finished after requesting the cancel
        Assert.Equal(Enumerable.Range(0, 6), results.Where(r => r.Succeeded).Select(r => r.Item));
        Assert.All(results.Skip(6), r => Assert.Equal(BatchItemStatus.Canceled, r.Status));
    }

    [Theory]
    [InlineData(false, "plain")]
    [InlineData(true, "plain")] // the factory cancels, then throws for the item it was making
    [InlineData(false, "grace")]
    [InlineData(true, "grace")]
    [InlineData(true, "retry")]
    [InlineData(true, "timeout")]
    [InlineData(true, "grace and retry")]
    public async Task An_item_whose_context_is_made_as_the_batch_is_canceled_never_starts(bool factoryThrows, string options)
    {
        using var cancellation = new CancellationTokenSource();
        var ran = new ConcurrentQueue<int>();
        var work = Node.Create<ThrowingFactoryContext>("work", context => ran.Enqueue(context.Item));
        var context = new ThrowingFactoryContext
        {
            Items = [0, 1, 2],
            FailingItem = factoryThrows ? 1 : null,
            OnCreate = item => { if (item == 1) { cancellation.Cancel(); } },
        };
        var pipeline = new ResiliencePipelineBuilder();
        if (options.Contains("retry", StringComparison.Ordinal))
        {
            pipeline.AddRetry(new RetryStrategyOptions { Delay = TimeSpan.Zero }); // it would retry the factory's exception
        }

        if (options == "timeout")
        {
            pipeline.AddTimeout(TimeSpan.FromMinutes(1));
        }

        var batchOptions = new BatchOptions
        {
            MaxDegreeOfParallelism = 1,
            CancellationGracePeriod = options.StartsWith("grace", StringComparison.Ordinal) ? Timeout.InfiniteTimeSpan : TimeSpan.Zero,
            ResiliencePipeline = options is "retry" or "timeout" or "grace and retry" ? pipeline.Build() : null,
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new BatchFlow<ThrowingFactoryContext, int>(work, batchOptions).RunAsync(context, cancellation.Token));

        Assert.Equal([0], ran);
        Assert.Equal(
            [(BatchItemStatus.Succeeded, 1), (BatchItemStatus.Canceled, 0), (BatchItemStatus.Canceled, 0)],
            context.Results!.Select(r => (r.Status, r.Attempts)));
        Assert.DoesNotContain(context.Results!, r => r.Exception is ArgumentException); // the factory's throw is no failure: it never started
    }

    [Fact]
    public async Task Progress_after_a_cancel_reports_canceled_items_apart_from_completed_ones()
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new ProgressRecorder();
        var work = Node.Create<TestContext>("work", context =>
        {
            if (context.Item == 99)
            {
                cancellation.Cancel();
            }
        });
        var context = TestContext.Over(Enumerable.Range(0, 400).ToArray());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 1 }).RunAsync(context, progress, cancellation.Token));

        var last = progress.Reports.Last();
        Assert.Equal(100, last.Completed); // not "400/400 done"
        Assert.Equal(300, last.Canceled);
        Assert.Equal(0, last.Skipped);
        Assert.Equal(400, last.Total);
    }

    [Fact]
    public async Task An_already_canceled_token_runs_nothing_and_reports_every_item_canceled()
    {
        var ran = 0;
        var work = Node.Create<TestContext>("work", _ => { Interlocked.Increment(ref ran); });
        var context = TestContext.Over(Enumerable.Range(0, 20).ToArray());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new BatchFlow<TestContext, int>(work).RunAsync(context, null, new CancellationToken(canceled: true)));

        Assert.Equal(0, ran);
        Assert.Equal(20, Assert.Single(context.Updates).Canceled);
    }

    [Fact]
    public async Task Canceling_a_stream_stops_reading_it()
    {
        using var cancellation = new CancellationTokenSource();
        var read = new StrongBox<long>();
        var readAtCancel = 0L;
        var work = Node.Create<TestContext>("work", context =>
        {
            if (context.Item == 1_000)
            {
                cancellation.Cancel();
                Volatile.Write(ref readAtCancel, Interlocked.Read(ref read.Value));
            }
        });
        var context = TestContext.Over(Sources.Stream(1_000_000, read));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 2 }).RunAsync(context, null, cancellation.Token));

        var results = Assert.Single(context.Updates);
        Assert.Equal(read.Value, results.Count); // every item read has a result
        // Not a count from the start: another worker may read far ahead while the one running item 1,000 is off the CPU.
        // Once the cancel has returned, at most the chunk being read goes on (the source reads the token per item).
        Assert.InRange(read.Value - readAtCancel, 0, ChunkFeed<TestContext, int>.MaxChunkSize);
        Assert.Equal(BatchItemStatus.Succeeded, results[1_000].Status);
        Assert.Equal(Enumerable.Range(0, results.Count), results.Select(r => r.Item));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Canceling_while_the_batch_waits_for_its_stream_throws_after_merging_what_was_read(int limit)
    {
        // The items are done at once; the cancel lands while the source waits for its next item, on the batch's token.
        using var cancellation = new CancellationTokenSource();
        var done = new Signal();
        var itemDone = done.SetAfter(3);
        var context = TestContext.Over(WaitingAfter(3, done, cancellation));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new BatchFlow<TestContext, int>(Node.Create<TestContext>("work", c =>
            {
                c.Output = c.Item;
                itemDone();
            }), new() { MaxDegreeOfParallelism = limit })
                .RunAsync(context, null, cancellation.Token));

        var results = Assert.Single(context.Updates);
        Assert.Equal([BatchItemStatus.Succeeded, BatchItemStatus.Succeeded, BatchItemStatus.Succeeded], results.Select(r => r.Status));
        Assert.Equal([0, 1, 2], results.Select(r => r.Context!.Output));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_stream_of_results_canceled_while_the_batch_waits_for_its_source_throws_after_the_results_read(int limit)
    {
        using var cancellation = new CancellationTokenSource();
        var done = new Signal();
        var itemDone = done.SetAfter(3);
        var taken = new List<(int, BatchItemStatus)>();
        var flow = new BatchFlow<TestContext, int>(
            Node.Create<TestContext>("work", _ => itemDone()),
            new() { MaxDegreeOfParallelism = limit });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var result in flow.StreamAsync(TestContext.Over(WaitingAfter(3, done, cancellation)), cancellation.Token))
            {
                taken.Add((result.Item, result.Status));
            }
        });

        Assert.Equal([(0, BatchItemStatus.Succeeded), (1, BatchItemStatus.Succeeded), (2, BatchItemStatus.Succeeded)], taken);
    }

    /// <summary>
    /// Yields 0 to <paramref name="count"/> - 1; once they are done, cancels and waits on the token it was given (the
    /// batch's), as a paged or channel reader does.
    /// </summary>
    private static async IAsyncEnumerable<int> WaitingAfter(int count, Signal itemsDone, CancellationTokenSource cancellation, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < count; i++)
        {
            yield return i;
        }

        await itemsDone.WaitAsync();
        await cancellation.CancelAsync();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        yield return count;
    }

    [Fact]
    public async Task A_workflow_never_wraps_cancellation()
    {
        using var cancellation = new CancellationTokenSource();
        var node = Node.CreateAsync<TestContext>("slow", async (_, token) =>
        {
            await cancellation.CancelAsync();
            await Task.Delay(Timeout.Infinite, token);
        });
        var workflow = new WorkflowBuilder<TestContext>("wf").StartWith(node).Build();

        await Assert.ThrowsAsync<TaskCanceledException>(() => workflow.RunAsync(new TestContext(), cancellation.Token).AsTask());
    }

    /// <summary>Every entry point's (context, token) overload hands the token to the batch: none of its items starts.</summary>
    [Theory]
    [InlineData("RunAsync")]
    [InlineData("RunDurableAsync")]
    [InlineData("StreamAsync")]
    [InlineData("StreamDurableAsync")]
    [InlineData("RunBatchAsync")]
    [InlineData("RunDurableBatchAsync")]
    public async Task The_overload_that_takes_only_a_token_cancels_with_it(string entry)
    {
        var ran = 0;
        var flow = new BatchFlow<TestContext, int>(Node.Create<TestContext>("work", _ => Interlocked.Increment(ref ran)));
        var context = TestContext.Over([1, 2, 3]);
        var durable = new DurableRun<TestContext, int>(new InMemoryBatchStore(), "canceled", Codecs.Test());
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();

        Func<Task> run = entry switch
        {
            "RunAsync" => () => flow.RunAsync(context, canceled.Token),
            "RunDurableAsync" => () => flow.RunDurableAsync(context, durable, canceled.Token),
            "StreamAsync" => () => Drain(flow.StreamAsync(context, canceled.Token)),
            "StreamDurableAsync" => () => Drain(flow.StreamDurableAsync(context, durable, canceled.Token)),
            "RunBatchAsync" => () => flow.Node.RunBatchAsync(context, canceled.Token),
            _ => () => flow.Node.RunDurableBatchAsync(context, durable, canceled.Token),
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(run);
        Assert.Equal(0, ran);
        if (!entry.Contains("Durable", StringComparison.Ordinal))
        {
            Assert.Equal(3, Assert.Single(context.Updates).Canceled);
        }
        else
        {
            Assert.Empty(context.Updates); // canceled while it takes the lease, before any item is read
        }

        static async Task Drain(IAsyncEnumerable<BatchItemResult<TestContext, int>> results)
        {
            await foreach (var result in results)
            {
                Assert.Equal(BatchItemStatus.Canceled, result.Status);
            }
        }
    }
}

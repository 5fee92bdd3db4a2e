using Polly;
using System.Runtime.CompilerServices;
using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Batching;

/// <summary>
/// The promises under interleavings a user can cause without meaning to: a merge that cancels the
/// batch, continuations that run inline on the canceling thread, a reader racing the merge.
/// </summary>
public class HostileInterleavingTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(2_000)]
    [InlineData(100_000)]
    public async Task A_merge_that_cancels_the_batch_merges_every_item_exactly_once_in_order_without_nesting(int count)
    {
        // "Stop after so many results": a merge cancels the batch's token while the other workers'
        // items wait on a TaskCompletionSource whose continuations Cancel() runs inline, on the
        // merging thread, where they finish their chunks and try to merge again.
        const int Limit = 4;
        var waitFrom = count / 2;
        var cancelAt = Math.Max(1, waitFrom - 2_000);
        using var cancellation = new CancellationTokenSource();
        var waiting = 0;
        var othersWaiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        StreamingTestContext? context = null;
        context = new StreamingTestContext
        {
            Items = () => Enumerable.Range(0, count).ToArray(),
            OnMerge = _ =>
            {
                if (context!.Merged >= cancelAt && !cancellation.IsCancellationRequested)
                {
                    // Every other worker holds a waiting item before the merge cancels (guarded wait).
                    Assert.True(othersWaiting.Task.Wait(Guard), "the other workers never reached the waiting items");
                    cancellation.Cancel();
                }
            },
        };
        var work = Node.CreateAsync<StreamingTestContext>("work", (c, token) =>
        {
            if (c.Item >= waitFrom && Interlocked.Increment(ref waiting) == Limit - 1)
            {
                othersWaiting.TrySetResult();
            }

            return SucceedOrWaitForCancel(c.Item < waitFrom, token);
        });

        var run = new BatchFlow<StreamingTestContext, int>(work, new() { MaxDegreeOfParallelism = Limit }).RunAsync(context, null, cancellation.Token);
        await Task.WhenAny(run, Task.Delay(Guard));

        Assert.Empty(context.Violations); // no nested or overlapping merge, no index out of order or twice
        Assert.True(run.IsCompleted, "the batch did not finish");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(count, context.Merged);
        Assert.Equal(waitFrom, context.Statuses[BatchItemStatus.Succeeded]);
        Assert.Equal(count - waitFrom, context.Statuses[BatchItemStatus.Canceled]);
        Assert.Equal(count, Assert.Single(context.Updates).Total);
    }

    [Fact]
    public async Task An_item_that_cancels_the_batch_with_inline_continuations_keeps_every_result_exactly_once()
    {
        const int Count = 2_000;
        using var cancellation = new CancellationTokenSource();
        var work = Node.CreateAsync<TestContext>("work", (c, token) =>
        {
            if (c.Item == Count / 2)
            {
                cancellation.Cancel(); // runs the waiting items' continuations on this thread, inside this item
                return ValueTask.CompletedTask;
            }

            return SucceedOrWaitForCancel(c.Item < Count / 2, token);
        });
        var context = TestContext.Over(Enumerable.Range(0, Count).ToArray());

        var run = new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 4 }).RunAsync(context, null, cancellation.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Guard));

        var results = Assert.Single(context.Updates);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => (long)i), results.Select(r => r.Index));
        Assert.Equal(Count, results.Succeeded + results.Canceled);
        Assert.Equal(BatchItemStatus.Succeeded, results[Count / 2].Status);
        Assert.All(results.Skip((Count / 2) + 1), r => Assert.Equal(BatchItemStatus.Canceled, r.Status)); // none ran on
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(64)]
    public async Task A_reader_waiting_for_the_window_is_always_woken_by_the_merge(int limit)
    {
        // Many runs where the source outpaces items that finish out of order, so the reader keeps
        // waiting for the window; a lost wake-up would hang a run, which the guard turns into a failure.
        const int Count = 30_000;
        for (var round = 0; round < 20; round++)
        {
            var context = new StreamingTestContext { Items = () => new BatchItems<int>(Sources.Stream(Count, new StrongBox<long>())) };
            var work = Node.CreateAsync<StreamingTestContext>("work", async (c, token) =>
            {
                if (c.Item % 257 == 0)
                {
                    await Task.Yield();
                }

                c.Output = 1;
            });

            var report = await new BatchFlow<StreamingTestContext, int>(work, new() { MaxDegreeOfParallelism = limit }).RunAsync(context).WaitAsync(Guard);

            Assert.Empty(context.Violations);
            Assert.Equal(Count, report.Succeeded);
            Assert.Equal(Count, context.OutputSum);
        }
    }

    [Fact]
    public void A_run_finished_inline_during_a_merge_is_merged_after_it_not_inside_it()
    {
        // What Cancel() does when a merge cancels the batch: a continuation runs inline, on the merging
        // thread, finishes the next item and asks for a merge while the first is still running.
        var merges = 0;
        StreamingMerge<StreamingTestContext, int>? merge = null;
        var context = new StreamingTestContext
        {
            OnMerge = _ =>
            {
                if (++merges == 1)
                {
                    var slots = merge!.Claim(1, out var offset);
                    slots[offset] = new(1, 1, BatchItemStatus.Succeeded, null, default, null, TimeSpan.Zero);
                    merge.RunFinished(slots, offset, 1);
                }
            },
        };
        using var stop = new BatchStop(CancellationToken.None);
        merge = new StreamingMerge<StreamingTestContext, int>(context, 8, new BatchCounts(), stop);
        var first = merge.Claim(0, out var firstOffset);
        first[firstOffset] = new(0, 0, BatchItemStatus.Succeeded, null, default, null, TimeSpan.Zero);

        merge.RunFinished(first, firstOffset, 1);

        Assert.Empty(context.Violations); // not nested, not twice, in order
        Assert.Equal(2, merges);
        Assert.Equal(2, merge.Merged);
    }

    [Fact]
    public async Task A_reader_racing_the_merge_on_a_two_slot_window_never_loses_a_wake_up()
    {
        // The handshake itself, hundreds of thousands of times: the reader waits for room whenever the
        // window is full, and another thread merges and wakes it. A lost wake-up hangs the reader.
        const int Count = 300_000;
        var allMerged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        StreamingTestContext? context = null;
        context = new StreamingTestContext
        {
            OnMerge = _ =>
            {
                if (context!.Merged == Count)
                {
                    allMerged.TrySetResult();
                }
            },
        };
        using var stop = new BatchStop(CancellationToken.None);
        var merge = new StreamingMerge<StreamingTestContext, int>(context, 2, new BatchCounts(), stop);
        var waits = 0;

        async Task ReadAll()
        {
            for (var read = 0L; read < Count; read++)
            {
                while (!merge.HasRoom(read, 1))
                {
                    waits++;
                    Assert.True(await merge.WaitForRoomAsync(read, 1, static () => false));
                }

                var slots = merge.Claim(read, out var offset);
                slots[offset] = new(read, (int)read, BatchItemStatus.Succeeded, null, default, null, TimeSpan.Zero);
                ThreadPool.UnsafeQueueUserWorkItem(static state => state.merge.RunFinished(state.slots, state.offset, 1), (merge, slots, offset), preferLocal: false);
            }
        }

        await Task.Run(ReadAll).WaitAsync(Guard);
        await allMerged.Task.WaitAsync(Guard); // the last merges may still be queued

        Assert.Empty(context.Violations);
        Assert.Equal(Count, context.Merged);
        Assert.True(waits > 0, "the window never filled, so the handshake was not exercised");
    }

    /// <summary>
    /// A callback an item registered on its token that throws when a fail-fast stop cancels that token (without a grace
    /// period a running item's token is the run's halt itself) does not keep the stop from recording and merging: each
    /// item ends once, the failure failed and the other skipped, and the batch throws the failure.
    /// </summary>
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task A_callback_that_throws_as_a_fail_fast_stop_cancels_an_item_keeps_no_result_from_its_merge(bool resilient, bool streaming)
    {
        var registered = new Signal();
        async ValueTask Work(int item, CancellationToken token)
        {
            if (item == 0)
            {
                await registered.WaitAsync(); // fails once item 1 listens to its token
                throw new InvalidOperationException("item 0 fails");
            }

            token.Register(static () => throw new ApplicationException("a callback that throws"));
            registered.Set();
            await Task.Delay(Timeout.Infinite, token);
        }

        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 2,
            ErrorMode = BatchErrorMode.FailFast,
            ResiliencePipeline = resilient ? new ResiliencePipelineBuilder().Build() : null,
        };
        BatchFailedException failed;
        Dictionary<int, BatchItemStatus> statuses;
        if (streaming)
        {
            var context = new StreamingTestContext { Items = () => new[] { 0, 1 } };
            var node = new BatchNode<StreamingTestContext, int>("batch", Node.CreateAsync<StreamingTestContext>("call", (c, t) => Work(c.Item, t)), options);
            failed = await Assert.ThrowsAsync<BatchFailedException>(() => node.RunAsync(context, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Empty(context.Violations);
            statuses = context.StatusOf;
        }
        else
        {
            var context = TestContext.Over([0, 1]);
            var node = new BatchNode<TestContext, int>("batch", Node.CreateAsync<TestContext>("call", (c, t) => Work(c.Item, t)), options);
            failed = await Assert.ThrowsAsync<BatchFailedException>(() => node.RunAsync(context, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
            var results = Assert.Single(context.Updates);
            Assert.Equal((1, 1), (results.Failed, results.Skipped)); // the counts agree with the statuses
            statuses = results.ToDictionary(r => r.Item, r => r.Status);
        }

        Assert.Equal(0, failed.ItemIndex);
        Assert.IsType<InvalidOperationException>(failed.InnerException);
        Assert.Equal(new Dictionary<int, BatchItemStatus> { [0] = BatchItemStatus.Failed, [1] = BatchItemStatus.Skipped }, statuses);
    }

    [Fact]
    public async Task A_consumer_that_breaks_while_an_item_has_a_throwing_callback_on_its_token_leaves_quietly_once_the_run_stopped()
    {
        var registered = new Signal();
        var context = TestContext.Over(Enumerable.Range(0, 10).ToArray());
        var work = Node.CreateAsync<TestContext>("work", async (c, token) =>
        {
            if (c.Item == 1)
            {
                using var callback = token.Register(static () => throw new ApplicationException("a callback that throws"));
                registered.Set();
                await Task.Delay(Timeout.Infinite, token);
            }
        });

        var thrown = await Record.ExceptionAsync(async () =>
        {
            await foreach (var result in new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 2 }).StreamAsync(context))
            {
                await registered.WaitAsync();
                break;
            }
        });

        Assert.Null(thrown); // a break is quiet
        Assert.Single(context.Updates); // and the disposal returned once the batch had stopped and merged
    }

    [Fact]
    public async Task A_consumer_that_breaks_during_a_grace_period_cancels_the_running_items_though_a_source_callback_throws()
    {
        var running = new Signal();
        var itemCanceled = new Signal();
        var context = TestContext.Over(SourceWithAThrowingCallback());
        var work = Node.CreateAsync<TestContext>("work", async (c, token) =>
        {
            if (c.Item == 1)
            {
                running.Set();
                try
                {
                    await Task.Delay(Timeout.Infinite, token);
                }
                finally
                {
                    itemCanceled.Set();
                }
            }
        });
        var options = new BatchOptions { MaxDegreeOfParallelism = 2, CancellationGracePeriod = Timeout.InfiniteTimeSpan };

        var thrown = await Record.ExceptionAsync(async () =>
        {
            await foreach (var result in new BatchFlow<TestContext, int>(work, options).StreamAsync(context))
            {
                await running.WaitAsync();
                break;
            }
        }).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((null, true, 1), (thrown?.GetType(), itemCanceled.IsSet, context.Updates.Count));
    }

    /// <summary>Yields 0 and 1, then waits for its token, on which it registered a callback that throws.</summary>
    internal static async IAsyncEnumerable<int> SourceWithAThrowingCallback([EnumeratorCancellation] CancellationToken token = default)
    {
        using var callback = token.Register(static () => throw new ApplicationException("a source callback that throws"));
        yield return 0;
        yield return 1;
        await Task.Delay(Timeout.Infinite, token);
    }

    [Fact]
    public async Task Fail_fast_over_a_streaming_context_throws_BatchFailedException_naming_the_item()
    {
        var context = new StreamingTestContext { Items = () => Enumerable.Range(0, 1_000).ToArray() };
        var work = Node.Create<StreamingTestContext>("work", c =>
        {
            if (c.Item == 5)
            {
                throw new InvalidOperationException("item five is cursed");
            }
        });
        var node = new BatchNode<StreamingTestContext, int>("batch", work, new BatchOptions { MaxDegreeOfParallelism = 2, ErrorMode = BatchErrorMode.FailFast });

        var exception = await Assert.ThrowsAsync<BatchFailedException>(() => node.RunAsync(context, CancellationToken.None).AsTask());

        Assert.Equal("batch", exception.NodeId);
        Assert.Equal(5, exception.ItemIndex);
        var inner = Assert.IsType<InvalidOperationException>(exception.InnerException);
        Assert.Equal("item five is cursed", inner.Message);
        Assert.Empty(context.Violations);
        Assert.Equal(1_000, context.Merged);
    }

    [Theory]
    [InlineData(8, false)]
    [InlineData(16, false)]
    [InlineData(8, true)]
    [InlineData(16, true)]
    public async Task Awaiting_items_behind_a_run_of_synchronous_items_fill_every_worker(int limit, bool streaming)
    {
        // 64 consecutive awaiting items in 20,000 synchronous ones. Each awaiting item waits on a gate
        // that opens only once `limit` of them are in flight together, which needs every worker to hold
        // one: an awaiting item must not hold the rest of its chunk hostage.
        const int Count = 20_000;
        const int FirstAwaiting = 10_000;
        const int Awaiting = 64;
        var inFlight = new Watermark();
        var awaitingInFlight = new Watermark();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gateTimedOut = false;

        async ValueTask Run(int item)
        {
            inFlight.Enter();
            try
            {
                if (item is >= FirstAwaiting and < FirstAwaiting + Awaiting)
                {
                    if (awaitingInFlight.Enter() >= limit)
                    {
                        gate.TrySetResult();
                    }

                    if (await Task.WhenAny(gate.Task, Task.Delay(TimeSpan.FromSeconds(20))) != gate.Task)
                    {
                        gateTimedOut = true;
                        gate.TrySetResult(); // let the others go: the test has failed already
                    }

                    await Task.Yield();
                    awaitingInFlight.Exit();
                }
            }
            finally
            {
                inFlight.Exit();
            }
        }

        var options = new BatchOptions { MaxDegreeOfParallelism = limit };
        long succeeded;
        if (streaming)
        {
            var context = new StreamingTestContext { Items = () => Enumerable.Range(0, Count).ToArray() };
            var report = await new BatchFlow<StreamingTestContext, int>(Node.CreateAsync<StreamingTestContext>("work", (c, _) => Run(c.Item)), options)
                .RunAsync(context).WaitAsync(Guard);
            Assert.Empty(context.Violations);
            succeeded = report.Succeeded;
        }
        else
        {
            var context = TestContext.Over(Enumerable.Range(0, Count).ToArray());
            var report = await new BatchFlow<TestContext, int>(Node.CreateAsync<TestContext>("work", (c, _) => Run(c.Item)), options)
                .RunAsync(context).WaitAsync(Guard);
            Assert.Equal(Enumerable.Range(0, Count).Select(i => (long)i), report.Results.Select(r => r.Index));
            succeeded = report.Succeeded;
        }

        Assert.False(gateTimedOut, $"only {awaitingInFlight.Max} of the awaiting items were ever in flight together at limit {limit}");
        Assert.Equal(limit, awaitingInFlight.Max);
        Assert.InRange(inFlight.Max, 1, limit);
        Assert.Equal(Count, succeeded);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_worker_that_finds_the_source_ended_stays_for_the_rest_of_a_chunk_still_running(bool streaming)
    {
        // Parallel.ForEachAsync never brings back a worker whose MoveNext returned false. 16 items at a limit of 2 go in
        // chunks of at most 2: [0] and [1] (item 0 runs until the other worker has read item 1), then pairs up to [14, 15].
        // Item 14 runs on until the other worker has found the source ended, then awaits item 15, offered behind it: that
        // worker must have stayed to take it, or the rest waits for item 14 after all.
        const int Count = 16;
        const int Awaiting = Count - 2;
        using var secondRead = new ManualResetEventSlim();
        using var endFound = new ManualResetEventSlim();
        var restInFlight = new Signal();
        var restHeldHostage = false;
        var source = Sources.Watched(Count, asked =>
        {
            if (asked == 1)
            {
                secondRead.Set();
            }
            else if (asked == Count)
            {
                endFound.Set();
            }
        });

        async ValueTask Run(int item)
        {
            if (item == 0)
            {
                Assert.True(secondRead.Wait(Guard), "the second worker never read item 1");
            }
            else if (item == Awaiting)
            {
                Assert.True(endFound.Wait(Guard), "no worker found the source ended");
                try
                {
                    await restInFlight.WaitAsync();
                }
                catch (TimeoutException)
                {
                    restHeldHostage = true;
                }
            }
            else if (item == Awaiting + 1)
            {
                restInFlight.Set();
            }
        }

        var options = new BatchOptions { MaxDegreeOfParallelism = 2 };
        long succeeded;
        if (streaming)
        {
            var context = new StreamingTestContext { Items = () => new BatchItems<int>(source) };
            var report = await new BatchFlow<StreamingTestContext, int>(Node.CreateAsync<StreamingTestContext>("work", (c, _) => Run(c.Item)), options)
                .RunAsync(context).WaitAsync(Guard);
            Assert.Empty(context.Violations);
            succeeded = report.Succeeded;
        }
        else
        {
            var context = TestContext.Over(source);
            var report = await new BatchFlow<TestContext, int>(Node.CreateAsync<TestContext>("work", (c, _) => Run(c.Item)), options)
                .RunAsync(context).WaitAsync(Guard);
            succeeded = report.Succeeded;
        }

        Assert.False(restHeldHostage, "item 15 waited for item 14: the other worker had left when it found the source ended");
        Assert.Equal(Count, succeeded);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(4, false)]
    [InlineData(4, true)]
    [InlineData(32, true)]
    public async Task Mixed_synchronous_and_awaiting_items_run_once_each_within_the_limit(int limit, bool streaming)
    {
        // Awaiting items scattered through synchronous ones split chunks again and again: the rest of
        // a chunk is offered, taken by another worker or run by the one that offered it.
        const int Count = 50_000;
        var inFlight = new Watermark();
        var runs = new int[Count];

        async ValueTask Run(int item)
        {
            inFlight.Enter();
            Interlocked.Increment(ref runs[item]);
            if (item % 13 == 0 || item % 1_000 < 3)
            {
                await Task.Yield();
            }

            inFlight.Exit();
        }

        var options = new BatchOptions { MaxDegreeOfParallelism = limit };
        if (streaming)
        {
            var context = new StreamingTestContext { Items = () => new BatchItems<int>(Sources.Stream(Count, new StrongBox<long>())) };
            var report = await new BatchFlow<StreamingTestContext, int>(Node.CreateAsync<StreamingTestContext>("work", (c, _) => Run(c.Item)), options)
                .RunAsync(context).WaitAsync(Guard);
            Assert.Empty(context.Violations);
            Assert.Equal(Count, context.Merged);
            Assert.Equal(Count, report.Succeeded);
        }
        else
        {
            var context = TestContext.Over(Enumerable.Range(0, Count).ToArray());
            var report = await new BatchFlow<TestContext, int>(Node.CreateAsync<TestContext>("work", (c, _) => Run(c.Item)), options)
                .RunAsync(context).WaitAsync(Guard);
            Assert.Equal(Enumerable.Range(0, Count).Select(i => (long)i), report.Results.Select(r => r.Index));
            Assert.Equal(Enumerable.Range(0, Count), report.Results.Select(r => r.Item));
            Assert.Equal(Count, report.Succeeded);
        }

        Assert.All(runs, count => Assert.Equal(1, count));
        Assert.InRange(inFlight.Max, 1, limit);
    }

    /// <summary>Succeeds synchronously, or waits until the token cancels it, with continuations run inline.</summary>
    private static async ValueTask SucceedOrWaitForCancel(bool succeed, CancellationToken token)
    {
        if (succeed)
        {
            return;
        }

        var waiting = new TaskCompletionSource(); // no RunContinuationsAsynchronously: Cancel() runs the rest inline
        using (token.Register(() => waiting.TrySetCanceled(token)))
        {
            await waiting.Task;
        }
    }
}

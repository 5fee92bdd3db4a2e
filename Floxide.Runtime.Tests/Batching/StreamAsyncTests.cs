using System.Runtime.CompilerServices;
using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Batching;

public class StreamAsyncTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_canceled_stream_throws_an_OperationCanceledException_naming_the_callers_token()
    {
        using var cancellation = new CancellationTokenSource();
        var context = TestContext.Over(Enumerable.Range(0, 100).ToArray());
        var work = Node.CreateAsync<TestContext>("work", async (c, token) =>
        {
            if (c.Item == 50)
            {
                await Task.Delay(Timeout.Infinite, token); // the run still goes on when the consumer cancels
            }
        });

        var canceled = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var result in new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 2 }).StreamAsync(context, cancellation.Token))
            {
                if (result.Index == 10)
                {
                    await cancellation.CancelAsync();
                }
            }
        }).WaitAsync(Bound);

        Assert.Equal(cancellation.Token, canceled.CancellationToken); // as RunAsync's, so a catch filtered on it matches
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(16)]
    public async Task Every_result_is_yielded_once_in_input_order_while_items_finish_out_of_order(int parallelism)
    {
        const int Count = 12_000;
        var context = TestContext.Over(Sources.Lazy(Count));
        var work = Node.CreateAsync<TestContext>("work", async (c, token) =>
        {
            if (c.Item % 3 != 0)
            {
                await Task.Yield(); // two items in three finish after the one behind them
            }

            c.Output = c.Item * 2;
        });

        long expected = 0;
        await foreach (var result in new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = parallelism }).StreamAsync(context))
        {
            Assert.Equal(expected, result.Index);
            Assert.Equal(expected, result.Item);
            Assert.Equal(BatchItemStatus.Succeeded, result.Status);
            Assert.Equal(expected * 2, result.Context!.Output);
            expected++;
        }

        Assert.Equal(Count, expected);
        var update = Assert.Single(context.Updates);
        Assert.Equal(Count, update.Total);
        Assert.Empty(update); // the results went to the consumer
    }

    [Fact]
    public async Task Failures_are_yielded_as_failed_results_and_the_others_go_on()
    {
        var context = TestContext.Over(Enumerable.Range(0, 1_000).ToArray());
        var work = Node.Create<TestContext>("work", c =>
        {
            if (c.Item % 10 == 7)
            {
                throw new InvalidOperationException($"item {c.Item} is bad");
            }
        });

        var results = new List<BatchItemResult<TestContext, int>>();
        await foreach (var result in new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 4 }).StreamAsync(context))
        {
            results.Add(result);
        }

        Assert.Equal(Enumerable.Range(0, 1_000), results.Select(r => r.Item));
        foreach (var result in results)
        {
            if (result.Item % 10 == 7)
            {
                Assert.Equal(BatchItemStatus.Failed, result.Status);
                Assert.Equal($"item {result.Item} is bad", Assert.IsType<InvalidOperationException>(result.Exception).Message);
            }
            else
            {
                Assert.Equal(BatchItemStatus.Succeeded, result.Status);
            }
        }

        Assert.Equal(100, Assert.Single(context.Updates).Failures.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task A_parked_consumer_stops_new_items_once_its_backlog_waits(int limit)
    {
        const int Count = 500_000;
        var backlog = StreamingMerge<TestContext, int>.ConsumerBacklog(limit);
        var window = StreamingMerge<TestContext, int>.WindowSize(limit);
        var read = new StrongBox<long>();
        long started = 0;
        var filled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var context = TestContext.Over(Sources.Stream(Count, read));
        var work = Node.Create<TestContext>("work", c =>
        {
            // The engine must start at least the backlog: the reader pauses only once more than that waits.
            if (Interlocked.Increment(ref started) == backlog)
            {
                filled.TrySetResult();
            }
        });

        long taken = 0;
        long startedWhileParked = -1;
        long readWhileParked = -1;
        await foreach (var result in new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = limit }).StreamAsync(context))
        {
            Assert.Equal(taken, result.Index);
            if (taken++ == 0)
            {
                // The gate: the consumer parks here, holding the stream, until the backlog has filled, then
                // gives the workers many turns on the pool (no clock) in which an unbounded engine would run on.
                await filled.Task.WaitAsync(Bound);
                for (var turn = 0; turn < 200; turn++)
                {
                    await Task.Run(() => { }).WaitAsync(Bound);
                    startedWhileParked = Math.Max(startedWhileParked, Interlocked.Read(ref started));
                }

                readWhileParked = read.Value;
            }
        }

        Assert.Equal(Count, taken);
        if (limit == 1)
        {
            // One worker runs each chunk to its merge before it reads the next, so nothing is read past a merged result:
            // the last chunk read (at most 64) began when the one result taken and the backlog were all that was merged.
            Assert.InRange(startedWhileParked, backlog, 1 + backlog + ChunkFeed<TestContext, int>.MaxChunkSize);
        }
        else
        {
            // Workers merge out of order: behind one a thread switch holds up, the others may read to the window's end.
            Assert.InRange(startedWhileParked, backlog, 1 + window);
        }

        // Read is sampled after started, and a worker may still be running its last chunk: bound it as started is bounded
        // (+ the one a pending MoveNextAsync may have produced).
        Assert.InRange(readWhileParked, backlog, 1 + (limit == 1 ? backlog + ChunkFeed<TestContext, int>.MaxChunkSize : window) + 1);
    }

    [Fact]
    public async Task Breaking_out_cancels_the_batch_and_disposal_waits_for_running_items()
    {
        const int Count = 100_000;
        var running = new Watermark();
        long started = 0;
        var blockedStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blockedSawCancellation = false;
        var context = TestContext.Over(Sources.Lazy(Count));
        var work = Node.CreateAsync<TestContext>("work", async (c, token) =>
        {
            Interlocked.Increment(ref started);
            running.Enter();
            try
            {
                if (c.Item == 10)
                {
                    blockedStarted.TrySetResult();
                    try
                    {
                        await Task.Delay(Bound, token); // ends by cancellation; the bound only fails the test
                    }
                    catch (OperationCanceledException)
                    {
                        blockedSawCancellation = true;
                        throw;
                    }
                }
            }
            finally
            {
                running.Exit();
            }
        });

        var yielded = 0;
        await foreach (var result in new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 4 }).StreamAsync(context))
        {
            Assert.Equal(yielded, result.Index);
            if (++yielded == 5)
            {
                await blockedStarted.Task.WaitAsync(Bound);
                break;
            }
        }

        // DisposeAsync has returned: the batch has stopped, so nothing runs and nothing will start.
        var startedAtDisposal = Interlocked.Read(ref started);
        Assert.Equal(0, running.Current);
        Assert.True(blockedSawCancellation, "the running item did not see cancellation");
        Assert.Single(context.Updates); // the run ended (its final update is its last act)
        Assert.True(startedAtDisposal < Count, "the batch ran to the end instead of stopping");
        await Task.Yield();
        Assert.Equal(startedAtDisposal, Interlocked.Read(ref started));
        Assert.Equal(5, yielded);
    }

    [Fact]
    public async Task Token_cancellation_yields_every_result_then_throws()
    {
        const int Count = 5_000;
        using var cancellation = new CancellationTokenSource();
        var context = TestContext.Over(Enumerable.Range(0, Count).ToArray());
        var ran = new int[Count];
        var work = Node.Create<TestContext>("work", c => Interlocked.Increment(ref ran[c.Item]));

        var results = new List<BatchItemResult<TestContext, int>>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var result in new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 2 }).StreamAsync(context, cancellation.Token))
            {
                results.Add(result);
                if (result.Index == 100)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        // Partial results stay yielded; an in-memory source gets a result for every item, the rest Canceled
        // (some are: the window keeps the engine within a window of the consumer, fewer than Count items).
        // Each worker sees the cancellation at its own point, so a Canceled item may come before one that
        // another worker had already finished: what must hold is that a result tells the truth about its item.
        Assert.Equal(Enumerable.Range(0, Count), results.Select(r => r.Item));
        Assert.All(results.Take(101), r => Assert.Equal(BatchItemStatus.Succeeded, r.Status));
        Assert.Contains(results, r => r.Status == BatchItemStatus.Canceled);
        Assert.All(results, r => Assert.Equal(r.Status == BatchItemStatus.Succeeded ? 1 : 0, ran[r.Item]));
        Assert.Equal(Count, Assert.Single(context.Updates).Total);
    }

    [Fact]
    public async Task After_cancellation_the_results_still_owed_wait_for_a_parked_consumer()
    {
        const int Limit = 1; // one worker: nothing is read past a merged result, so the backlog's bound is exact
        const int Count = 200_000;
        const int ParkAt = 100;
        var window = StreamingMerge<TestContext, int>.WindowSize(Limit);
        var backlog = StreamingMerge<TestContext, int>.ConsumerBacklog(Limit);
        long taken = 0;
        long lastRead = -1;
        var beyondWindow = 0;
        var lastAdmittedRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancellation = new CancellationTokenSource();

        // Range().Select() keeps its count known (an in-memory source: every item gets a result) and sees every read:
        // no item may be read more than a window past the results taken (+2: the one being handled, the one read before the wait).
        var context = TestContext.Over(Enumerable.Range(0, Count).Select(i =>
        {
            if (i > Volatile.Read(ref taken) + window + 2)
            {
                Interlocked.Increment(ref beyondWindow);
            }

            Volatile.Write(ref lastRead, i);
            if (i == ParkAt + 2 + backlog)
            {
                // The first item that does not fit while the consumer is parked: the run records the items it did not
                // start once its worker is done, each merged at once, and reads on until more than the backlog waits.
                lastAdmittedRead.TrySetResult();
            }

            return i;
        }));
        var work = Node.Create<TestContext>("work", _ => { });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var result in new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = Limit }).StreamAsync(context, cancellation.Token))
            {
                Assert.Equal(Volatile.Read(ref taken), result.Index);
                if (result.Index == ParkAt)
                {
                    // The gate: cancel, park until the run has read up to the backlog, then give it many turns on the pool (no clock).
                    await cancellation.CancelAsync();
                    await lastAdmittedRead.Task.WaitAsync(Bound);
                    for (var turn = 0; turn < 200; turn++)
                    {
                        await Task.Run(() => { }).WaitAsync(Bound);
                    }

                    // Before the cancel the worker may have read one chunk past the backlog; after it, one item at a time.
                    Assert.InRange(Volatile.Read(ref lastRead), ParkAt + 2 + backlog, ParkAt + 2 + backlog + ChunkFeed<TestContext, int>.MaxChunkSize);
                }

                Interlocked.Increment(ref taken);
            }
        });

        Assert.Equal(Count, taken); // every item got a result, the ones never started Canceled
        Assert.Equal(0, beyondWindow);
    }

    [Fact]
    public async Task A_throwing_source_surfaces_as_BatchSourceException_after_the_items_read()
    {
        var context = TestContext.Over(Sources.FailingAfter(50));
        var work = Node.Create<TestContext>("work", _ => { });

        var results = new List<BatchItemResult<TestContext, int>>();
        var exception = await Assert.ThrowsAsync<BatchSourceException>(async () =>
        {
            await foreach (var result in new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 4 }, "load").StreamAsync(context))
            {
                results.Add(result);
            }
        });

        Assert.IsType<IOException>(exception.InnerException);
        Assert.Equal(Enumerable.Range(0, 50), results.Select(r => r.Item));
    }

    [Fact]
    public async Task A_throwing_items_getter_surfaces_as_BatchSourceException()
    {
        var context = new TestContext { Items = () => throw new InvalidOperationException("no items") };
        var work = Node.Create<TestContext>("work", _ => { });

        var exception = await Assert.ThrowsAsync<BatchSourceException>(async () =>
        {
            await foreach (var _ in new BatchFlow<TestContext, int>(work).StreamAsync(context))
            {
                Assert.Fail("no result expected");
            }
        });

        Assert.IsType<InvalidOperationException>(exception.InnerException);
        Assert.Empty(context.Updates);
    }

    [Fact]
    public async Task A_streaming_context_merges_each_result_before_it_is_yielded()
    {
        var context = new StreamingTestContext { Items = () => Enumerable.Range(0, 3_000).ToArray() };
        var work = Node.Create<StreamingTestContext>("work", c => { c.Output = 1; });

        long yielded = 0;
        await foreach (var result in new BatchFlow<StreamingTestContext, int>(work, new() { MaxDegreeOfParallelism = 4 }).StreamAsync(context))
        {
            Assert.True(context.Merged > result.Index, $"result {result.Index} was yielded before the context merged it");
            yielded++;
        }

        Assert.Equal(3_000, yielded);
        Assert.Empty(context.Violations);
        Assert.Equal(3_000, context.Merged);
        Assert.Equal(3_000, Assert.Single(context.Updates).Total);
    }
}

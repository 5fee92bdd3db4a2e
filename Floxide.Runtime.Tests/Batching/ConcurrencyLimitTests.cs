using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Batching;

public class ConcurrencyLimitTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(16)]
    public async Task Items_in_flight_reach_the_limit_and_never_exceed_it(int limit)
    {
        var inFlight = new Watermark();
        var limitReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var work = Node.CreateAsync<TestContext>("work", async (context, cancellationToken) =>
        {
            if (inFlight.Enter() == limit)
            {
                limitReached.TrySetResult();
            }

            // Hold the first wave until the limit is reached, so reaching it does not depend on timing
            // (the 30 s is only a guard against a hang; nothing asserts on it).
            await Task.WhenAny(limitReached.Task, Task.Delay(TimeSpan.FromSeconds(30), cancellationToken));
            await Task.Yield();
            context.Output = context.Item;
            inFlight.Exit();
        });
        var context = TestContext.Over(Enumerable.Range(0, 200).ToArray());

        var report = await new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = limit }).RunAsync(context);

        Assert.Equal(limit, inFlight.Max);
        Assert.Equal(200, report.Succeeded);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    public async Task Synchronous_items_never_exceed_the_limit_even_when_chunked(int limit)
    {
        var inFlight = new Watermark();
        var work = Node.Create<TestContext>("work", context =>
        {
            inFlight.Enter();
            Thread.SpinWait(200);
            context.Output = context.Item;
            inFlight.Exit();
        });
        var context = TestContext.Over(Sources.Lazy(20_000));

        var report = await new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = limit }).RunAsync(context);

        Assert.InRange(inFlight.Max, 1, limit);
        Assert.Equal(20_000, report.Succeeded);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_batch_at_a_limit_of_one_runs_off_the_callers_thread(bool streaming)
    {
        // Synchronous items that block until the caller, after starting the batch, releases them:
        // a batch run inline on the caller's thread would never return to release them.
        using var release = new ManualResetEventSlim();
        var timedOut = false;
        void Work(int item)
        {
            if (!release.Wait(TimeSpan.FromSeconds(30)))
            {
                timedOut = true;
                release.Set(); // the test has failed; do not wait for every item
            }
        }

        var options = new BatchOptions { MaxDegreeOfParallelism = 1 };
        Task<long> run = streaming
            ? new BatchFlow<StreamingTestContext, int>(Node.Create<StreamingTestContext>("work", c => Work(c.Item)), options)
                .RunAsync(new StreamingTestContext { Items = () => Enumerable.Range(0, 100).ToArray() }).ContinueWith(t => (long)t.Result.Succeeded, TaskScheduler.Default)
            : new BatchFlow<TestContext, int>(Node.Create<TestContext>("work", c => Work(c.Item)), options)
                .RunAsync(TestContext.Over(Enumerable.Range(0, 100).ToArray())).ContinueWith(t => (long)t.Result.Succeeded, TaskScheduler.Default);
        release.Set();

        Assert.Equal(100, await run);
        Assert.False(timedOut, "the batch ran on the caller's thread, which never got control back");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task At_a_limit_of_one_items_run_one_after_another_in_input_order_awaiting_or_not(bool streaming)
    {
        // The README (How it is fast): at a limit of 1 the chunks run in a plain in-order loop. Every third item awaits,
        // which splits chunks and offers their rests: no other worker may take one ahead of the item awaited.
        const int Count = 300;
        var started = new System.Collections.Concurrent.ConcurrentQueue<int>();
        var inFlight = new Watermark();
        async ValueTask Run(int item)
        {
            inFlight.Enter();
            started.Enqueue(item);
            if (item % 3 == 0)
            {
                await Task.Yield();
            }

            inFlight.Exit();
        }

        var options = new BatchOptions { MaxDegreeOfParallelism = 1 };
        long succeeded = streaming
            ? (await new BatchFlow<StreamingTestContext, int>(Node.CreateAsync<StreamingTestContext>("work", (c, _) => Run(c.Item)), options)
                .RunAsync(new StreamingTestContext { Items = () => Enumerable.Range(0, Count).ToArray() })).Succeeded
            : (await new BatchFlow<TestContext, int>(Node.CreateAsync<TestContext>("work", (c, _) => Run(c.Item)), options)
                .RunAsync(TestContext.Over(Sources.Lazy(Count)))).Succeeded;

        Assert.Equal(Count, succeeded);
        Assert.Equal(Enumerable.Range(0, Count), started);
        Assert.Equal(1, inFlight.Max);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_limit_below_one_is_rejected(int limit)
    {
        var work = Node.Create<TestContext>("work", _ => { });

        var fromOptions = Assert.Throws<ArgumentOutOfRangeException>(() => new BatchOptions { MaxDegreeOfParallelism = limit });
        var fromNode = Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNode<TestContext, int>("batch", work, limit));

        Assert.Equal(nameof(BatchOptions.MaxDegreeOfParallelism), fromOptions.ParamName);
        Assert.Equal(nameof(BatchOptions.MaxDegreeOfParallelism), fromNode.ParamName);
    }

    [Fact]
    public void The_limit_defaults_to_the_processor_count_as_Parallel_ForEachAsyncs_does()
    {
        Assert.Equal(Environment.ProcessorCount, new BatchOptions().MaxDegreeOfParallelism);
        Assert.Equal(Environment.ProcessorCount, new BatchFlow<TestContext, int>(Node.Create<TestContext>("work", _ => { })).Node.Options.MaxDegreeOfParallelism);
    }
}

using System.Runtime.CompilerServices;
using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Batching;

public class SourceTests
{
    [Fact]
    public async Task A_throwing_items_getter_is_a_clear_error_naming_the_context_and_merges_nothing()
    {
        var context = new TestContext { Items = () => throw new IOException("inbox unavailable") };
        var node = new BatchNode<TestContext, int>("inbox", Node.Create<TestContext>("work", _ => { }));

        var exception = await Assert.ThrowsAsync<BatchSourceException>(() => node.RunBatchAsync(context));

        Assert.Equal(typeof(TestContext), exception.ContextType);
        Assert.Equal("inbox", exception.NodeId);
        Assert.Contains(typeof(TestContext).FullName!, exception.Message, StringComparison.Ordinal);
        Assert.Contains("inbox unavailable", exception.Message, StringComparison.Ordinal);
        Assert.IsType<IOException>(exception.InnerException);
        Assert.Empty(context.Updates);
    }

    [Fact]
    public async Task A_null_named_source_is_a_clear_error_naming_the_member()
    {
        var sequence = new TestContext { Items = () => new BatchItems<int>((IEnumerable<int>?)null, "OrderBatch.Orders") };
        var stream = new TestContext { Items = () => new BatchItems<int>((IAsyncEnumerable<int>?)null, "OrderBatch.Stream") };
        var work = Node.Create<TestContext>("work", _ => { });

        var fromSequence = await Assert.ThrowsAsync<BatchSourceException>(() => new BatchFlow<TestContext, int>(work).RunAsync(sequence));
        var fromStream = await Assert.ThrowsAsync<BatchSourceException>(() => new BatchFlow<TestContext, int>(work).RunAsync(stream));

        Assert.Contains("OrderBatch.Orders is null", fromSequence.Message, StringComparison.Ordinal);
        Assert.Equal("OrderBatch.Orders", Assert.IsType<ArgumentNullException>(fromSequence.InnerException).ParamName);
        Assert.Contains("OrderBatch.Stream is null", fromStream.Message, StringComparison.Ordinal);
        Assert.Empty(sequence.Updates);
    }

    [Fact]
    public async Task A_lazy_source_that_fails_before_its_first_item_merges_nothing()
    {
        var context = TestContext.Over(Sources.FailingAfter(0));
        var node = new BatchNode<TestContext, int>("batch", Node.Create<TestContext>("work", _ => { }));

        var exception = await Assert.ThrowsAsync<BatchSourceException>(() => node.RunBatchAsync(context));

        Assert.Equal(0, exception.ItemsRead);
        Assert.Empty(context.Updates);
    }

    [Fact]
    public async Task A_source_that_fails_midway_keeps_the_results_of_the_items_it_gave()
    {
        var context = TestContext.Over(Sources.FailingAfter(50));
        var node = new BatchNode<TestContext, int>("batch", Node.Create<TestContext>("work", c => { c.Output = c.Item; }), 3);

        var exception = await Assert.ThrowsAsync<BatchSourceException>(() => node.RunBatchAsync(context));

        Assert.Equal(50, exception.ItemsRead);
        Assert.Contains("after 50 items", exception.Message, StringComparison.Ordinal);
        var results = Assert.Single(context.Updates);
        Assert.Equal(50, results.Succeeded);
        Assert.Equal(Enumerable.Range(0, 50), results.Select(r => r.Context!.Output));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(4, false)]
    [InlineData(1, true)]
    [InlineData(4, true)]
    public async Task A_source_that_throws_when_disposed_is_a_source_error_after_every_item_it_gave_merged_once(int limit, bool stream)
    {
        var context = stream ? TestContext.Over(Sources.ThrowingOnDisposeAsync(5)) : TestContext.Over(Sources.ThrowingOnDispose(5));
        var node = new BatchNode<TestContext, int>("batch", Node.Create<TestContext>("work", c => { c.Output = c.Item; }), limit);

        var exception = await Assert.ThrowsAsync<BatchSourceException>(() => node.RunBatchAsync(context));

        Assert.Equal(5, exception.ItemsRead);
        Assert.IsType<IOException>(exception.InnerException);
        var results = Assert.Single(context.Updates);
        Assert.Equal(Enumerable.Range(0, 5), results.Select(r => r.Context!.Output));
    }

    [Fact]
    public async Task A_source_that_fails_midway_and_then_when_disposed_is_reported_by_its_first_error_and_position()
    {
        var context = TestContext.Over(Sources.ThrowingOnDispose(10, failAt: 3));
        var node = new BatchNode<TestContext, int>("batch", Node.Create<TestContext>("work", c => { c.Output = c.Item; }), 1);

        var exception = await Assert.ThrowsAsync<BatchSourceException>(() => node.RunBatchAsync(context));

        Assert.Equal(3, exception.ItemsRead);
        Assert.Equal("the disk went away midway", exception.InnerException!.Message);
        Assert.Equal([0, 1, 2], Assert.Single(context.Updates).Select(r => r.Context!.Output));
    }

    [Fact]
    public async Task A_streaming_context_whose_source_throws_when_disposed_still_gets_its_counts_once()
    {
        var context = new StreamingTestContext { Items = () => new BatchItems<int>(Sources.ThrowingOnDisposeAsync(5)) };

        await Assert.ThrowsAsync<BatchSourceException>(() => new BatchFlow<StreamingTestContext, int>(Node.Create<StreamingTestContext>("work", _ => { })).RunAsync(context));

        Assert.Equal(5, Assert.Single(context.Updates).Succeeded);
        Assert.Equal(5, context.Merged);
    }

    [Fact]
    public async Task A_streamed_million_items_are_read_only_a_bounded_distance_ahead_of_finished_items()
    {
        const int Count = 1_000_000;
        const int Limit = 4;
        long completed = 0;
        long maxAhead = 0;
        var read = new StrongBox<long>();

        async IAsyncEnumerable<int> Watched()
        {
            await foreach (var item in Sources.Stream(Count, read))
            {
                maxAhead = Math.Max(maxAhead, read.Value - Interlocked.Read(ref completed));
                yield return item;
            }
        }

        var work = Node.Create<TestContext>("work", context =>
        {
            context.Output = context.Item;
            Interlocked.Increment(ref completed);
        });
        var context = TestContext.Over(Watched());

        var report = await new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = Limit }).RunAsync(context);

        Assert.Equal(Count, report.Succeeded);
        Assert.Equal(Count, read.Value);
        // Each worker holds at most one chunk, and the reader fills one more.
        var bound = (Limit + 1) * ChunkFeed<TestContext, int>.MaxChunkSize + 1;
        Assert.InRange(maxAhead, 1, bound);
        for (var i = 0; i < Count; i++)
        {
            if (report.Results[i].Item != i)
            {
                Assert.Fail($"result {i} holds item {report.Results[i].Item}");
            }
        }
    }

    [Fact]
    public async Task Progress_is_reported_and_ends_with_every_item_counted()
    {
        var progress = new ProgressRecorder();
        var work = Node.CreateAsync<TestContext>("work", async (context, token) =>
        {
            await Task.Yield();
            if (context.Item % 10 == 0)
            {
                throw new InvalidOperationException("a failure to count");
            }
        });
        var context = TestContext.Over(Enumerable.Range(0, 50).ToArray());

        await new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 2 }).RunAsync(context, progress);

        Assert.NotEmpty(progress.Reports);
        Assert.Equal(new BatchProgress(50, 5, 0, 0, 50) { ConcurrencyLevel = 2 }, progress.Reports.Last());
        Assert.All(progress.Reports, p => Assert.InRange(p.Completed, 0, 50));
    }

    [Fact]
    public async Task A_stream_of_unknown_length_reports_no_total()
    {
        var progress = new ProgressRecorder();
        var context = TestContext.Over(Sources.Stream(10, new StrongBox<long>()));

        await new BatchFlow<TestContext, int>(Node.Create<TestContext>("work", _ => { })).RunAsync(context, progress);

        Assert.Equal(new BatchProgress(10, 0, 0, 0, null) { ConcurrencyLevel = Environment.ProcessorCount }, progress.Reports.Last());
    }
}

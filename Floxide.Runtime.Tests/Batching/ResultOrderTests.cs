using System.Collections.Concurrent;
using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Batching;

public class ResultOrderTests
{
    [Fact]
    public async Task Results_come_back_in_input_order_while_items_finish_out_of_order()
    {
        var finished = new ConcurrentQueue<int>();
        var work = Node.CreateAsync<TestContext>("work", async (context, cancellationToken) =>
        {
            // Later items wait less, so they overtake earlier ones.
            await Task.Delay((60 - context.Item) % 7, cancellationToken);
            context.Output = context.Item * context.Multiplier;
            finished.Enqueue(context.Item);
        });
        var context = new TestContext { Items = () => Enumerable.Range(0, 60).ToList(), Multiplier = 3 };

        var report = await new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 8 }).RunAsync(context);

        Assert.NotEqual(Enumerable.Range(0, 60), finished); // they really did finish out of order
        var results = Assert.Single(context.Updates);
        Assert.Same(report.Results, results);
        Assert.Equal(60, results.Count);
        for (var i = 0; i < results.Count; i++)
        {
            Assert.Equal(i, results[i].Index);
            Assert.Equal(i, results[i].Item);
            Assert.Equal(BatchItemStatus.Succeeded, results[i].Status);
            Assert.Equal(i * 3, results[i].Context!.Output); // the item context after its workflow ran
        }

        Assert.Equal(Enumerable.Range(0, 60), results.Select(r => r.Item));
    }

    [Fact]
    public async Task Every_item_yields_exactly_one_result_and_runs_exactly_once()
    {
        var runs = new ConcurrentDictionary<int, int>();
        var work = Node.Create<TestContext>("work", context => { runs.AddOrUpdate(context.Item, 1, (_, n) => n + 1); });
        var context = TestContext.Over(Sources.Lazy(10_000));

        var report = await new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 4 }).RunAsync(context);

        Assert.Equal(10_000, runs.Count);
        Assert.All(runs.Values, n => Assert.Equal(1, n));
        Assert.Equal(Enumerable.Range(0, 10_000), report.Results.Select(r => r.Item));
        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => (long)i), report.Results.Select(r => r.Index));
    }

    [Fact]
    public async Task An_empty_batch_merges_an_empty_result_set()
    {
        var work = Node.Create<TestContext>("work", _ => throw new InvalidOperationException("no item should run"));
        var context = TestContext.Over(Array.Empty<int>());

        var report = await new BatchFlow<TestContext, int>(work).RunAsync(context);

        var results = Assert.Single(context.Updates);
        Assert.Empty(results);
        Assert.Equal(0, report.Total);
    }

    [Fact]
    public async Task Each_item_context_comes_from_the_factory_with_the_parents_settings()
    {
        var work = Node.Create<TestContext>("work", context => { context.Output = context.Item * context.Multiplier; });
        var context = new TestContext { Items = () => new[] { 1, 2, 3 }, Multiplier = 10 };

        var report = await new BatchFlow<TestContext, int>(work).RunAsync(context);

        Assert.Equal([10, 20, 30], report.Results.Select(r => r.Context!.Output));
        Assert.All(report.Results, r => Assert.NotSame(context, r.Context));
        Assert.Equal(0, context.Output); // the parent itself is untouched by item work
    }
}

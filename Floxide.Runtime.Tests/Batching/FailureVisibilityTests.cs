using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Batching;

/// <summary>Failures are never invisible: every mode keeps every failed result with its item, exception and context.</summary>
public class FailureVisibilityTests
{
    [Fact]
    public async Task A_streaming_context_keeps_every_failed_result_in_order_and_no_other_result()
    {
        const int Count = 10_000;
        var context = new StreamingTestContext { Items = () => Enumerable.Range(0, Count).ToArray() };
        var work = Node.CreateAsync<StreamingTestContext>("work", async (c, token) =>
        {
            if (c.Item % 100 == 0)
            {
                await Task.Yield();
            }

            c.Output = c.Item;
            if (c.Item % 7 == 0)
            {
                throw new InvalidOperationException($"item {c.Item} is cursed");
            }
        });

        var report = await new BatchFlow<StreamingTestContext, int>(work, new() { MaxDegreeOfParallelism = 8 }).RunAsync(context);

        var expected = Enumerable.Range(0, Count).Where(i => i % 7 == 0).ToList();
        Assert.Empty(report.Results); // streamed: no result is held but the failures
        Assert.Equal(Count, report.Total);
        Assert.Equal(expected.Count, report.Failed);
        Assert.Equal(expected, report.Failures.Select(f => f.Item));
        Assert.All(report.Failures, f =>
        {
            Assert.Equal(BatchItemStatus.Failed, f.Status);
            Assert.Equal(f.Item, f.Index);
            Assert.Equal($"item {f.Item} is cursed", Assert.IsType<InvalidOperationException>(f.Exception).Message);
            Assert.Equal(f.Item, f.Context!.Output); // the item context as the failing workflow left it
        });
        Assert.Same(report.Results, Assert.Single(context.Updates));
        Assert.Equal(expected, context.Updates[0].Failures.Select(f => f.Item));
    }

    [Fact]
    public async Task A_keep_everything_context_lists_the_same_failures_as_its_results()
    {
        var context = TestContext.Over(Enumerable.Range(0, 1_000).ToArray());
        var work = Node.Create<TestContext>("work", c =>
        {
            if (c.Item % 9 == 0)
            {
                throw new FormatException("nine");
            }
        });

        var report = await new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 4 }).RunAsync(context);

        Assert.Equal(1_000, report.Results.Count);
        Assert.Equal(report.Results.Where(r => r.Status == BatchItemStatus.Failed).Select(r => r.Index), report.Failures.Select(f => f.Index));
        Assert.Equal(Enumerable.Range(0, 1_000).Count(i => i % 9 == 0), report.Failures.Count);
    }
}

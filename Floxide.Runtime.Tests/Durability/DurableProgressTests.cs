using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Durability;

/// <summary>
/// A durable run's progress ("What a batch promises", Progress): the restored items count as completed, and
/// <see cref="BatchProgress.Resumed"/> says how many of them were restored, as the report does at the end. The stream's
/// side is in <see cref="DurableStreamTests"/>; this is <c>RunDurableAsync</c>'s.
/// </summary>
public sealed class DurableProgressTests
{
    [Fact]
    public async Task A_rerun_reports_the_restored_items_and_replayed_failures_as_completed_and_resumed_before_it_returns()
    {
        var store = new InMemoryBatchStore();
        var node = Node.Create<TestContext>("work", context =>
            context.Output = context.Item == 3 ? throw new InvalidOperationException("bad item 3") : context.Item * 2);
        var flow = new BatchFlow<TestContext, int>(node, new BatchOptions { MaxDegreeOfParallelism = 2 });
        DurableRun<TestContext, int> Durable() => new(store, "progress", Codecs.Test());
        await flow.RunDurableAsync(TestContext.Over(Enumerable.Range(0, 6).ToArray()), Durable()); // 5 succeeded, item 3 a dead letter

        var progress = new ProgressRecorder();
        var report = await flow.RunDurableAsync(TestContext.Over(Enumerable.Range(0, 10).ToArray()), Durable(), progress, CancellationToken.None);
        var reportsWhenReturned = progress.Reports.ToArray(); // a recorder is called in place: nothing may come after this

        Assert.Equal((6L, 10L, 1L), (report.Resumed, report.Succeeded + report.Failed, report.Failed));
        Assert.Equal(new BatchProgress(10, 1, 0, 0, 10) { ConcurrencyLevel = 2, Resumed = 6 }, reportsWhenReturned[^1]);
        Assert.All(reportsWhenReturned, p => Assert.InRange(p.Resumed, 0, p.Completed));
        Assert.Equal(reportsWhenReturned.Length, progress.Reports.Count);
    }
}

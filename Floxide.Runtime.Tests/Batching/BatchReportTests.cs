namespace Floxide.Runtime.Tests.Batching;

/// <summary>A report prints as the README shows it: the node, the items, the whole milliseconds, and each status's count.</summary>
public class BatchReportTests
{
    [Theory]
    [InlineData("batch", 2, 0, 0, 0, 12.0, "batch: 2 items in 12 ms: 2 succeeded, 0 failed, 0 canceled, 0 skipped")] // the README's line
    [InlineData("summarize", 4, 3, 2, 1, 7758.6, "summarize: 10 items in 7759 ms: 4 succeeded, 3 failed, 2 canceled, 1 skipped")] // rounded, not cut
    [InlineData("rerun", 5, 1, 0, 0, 3.0, "rerun: 6 items in 3 ms: 5 succeeded, 1 failed, 0 canceled, 0 skipped (4 of them resumed)", 4)] // a durable rerun
    public void A_report_prints_its_node_items_whole_milliseconds_and_the_count_of_each_status(
        string nodeId, int succeeded, int failed, int canceled, int skipped, double milliseconds, string expected, long resumed = 0)
    {
        var counts = new BatchCounts();
        counts.AddFinished(succeeded, failed);
        for (var i = 0; i < canceled; i++)
        {
            counts.AddCanceled();
        }

        for (var i = 0; i < skipped; i++)
        {
            counts.AddSkipped();
        }

        var results = new BatchResults<Support.TestContext, int>([], 1, 0, succeeded + failed + canceled + skipped, counts, [], resumed);
        var report = new BatchReport<Support.TestContext, int>(nodeId, results, TimeSpan.FromMilliseconds(milliseconds), null);

        Assert.Equal(expected, report.ToString());
    }

    [Fact]
    public async Task The_failures_a_report_holds_cannot_be_changed_through_a_cast_whether_results_were_kept_or_merged_as_they_came()
    {
        var kept = await new BatchFlow<Support.TestContext, int>(Node.Create<Support.TestContext>("work", c => Fail(c.Item))).RunAsync(Support.TestContext.Over([1, 2, 3, 4]));
        var merged = await new BatchFlow<Support.StreamingTestContext, int>(Node.Create<Support.StreamingTestContext>("work", c => Fail(c.Item)))
            .RunAsync(new Support.StreamingTestContext { Items = () => new[] { 1, 2, 3, 4 } });

        AssertReadOnly(kept.Failures);
        AssertReadOnly(merged.Failures);

        static void Fail(int item)
        {
            if (item % 2 == 0)
            {
                throw new InvalidOperationException("even");
            }
        }

        static void AssertReadOnly<T>(IReadOnlyList<T> failures)
        {
            Assert.Equal(2, failures.Count);
            var list = Assert.IsAssignableFrom<IList<T>>(failures);
            Assert.Throws<NotSupportedException>(() => list[0] = list[1]); // an array or a List would take it
        }
    }
}

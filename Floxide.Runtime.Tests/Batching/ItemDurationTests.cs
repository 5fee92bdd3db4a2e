using System.Diagnostics;
using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Batching;

public class ItemDurationTests
{
    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    [InlineData(false, 4)]
    [InlineData(true, 4)]
    public async Task Durations_are_measured_only_when_asked_for(bool measure, int limit)
    {
        // Each item waits until the clock has moved (no sleep), so a measured duration cannot be zero.
        var work = Node.CreateAsync<TestContext>("work", async (c, token) =>
        {
            if (c.Item % 2 == 0)
            {
                await Task.Yield();
            }

            var started = Stopwatch.GetTimestamp();
            while (Stopwatch.GetTimestamp() == started)
            {
            }
        });
        var context = TestContext.Over(Enumerable.Range(0, 200).ToArray());

        var report = await new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = limit, MeasureItemDurations = measure }).RunAsync(context);

        Assert.Equal(200, report.Succeeded);
        Assert.All(report.Results, r => Assert.Equal(measure, r.Duration > TimeSpan.Zero));
    }
}

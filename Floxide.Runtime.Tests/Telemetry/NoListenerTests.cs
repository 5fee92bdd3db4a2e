using System.Diagnostics;
using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Telemetry;

/// <summary>
/// With nobody listening, a run starts no telemetry at all. Floxide's source and meter are process-wide, so these
/// tests run alone (their collection is not parallelized), when no other test has a listener open.
/// </summary>
[Collection(nameof(NoListenerTests))]
[CollectionDefinition(nameof(NoListenerTests), DisableParallelization = true)]
public class NoListenerTests
{
    [Fact]
    public void Without_listeners_a_run_starts_no_telemetry()
    {
        Assert.False(FloxideInstruments.Source.HasListeners());

        Assert.Null(BatchTelemetry.Start("quiet", new BatchOptions(), new BatchCounts(), durableBatchId: null));
    }

    [Fact]
    public async Task Without_listeners_items_run_with_no_span_current_and_durations_stay_unmeasured()
    {
        Activity? seen = null;
        var work = Node.Create<TestContext>("work", _ => seen ??= Activity.Current);

        var report = await new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 2 }, "quiet").RunAsync(TestContext.Over([1, 2, 3]));

        Assert.Equal(3, report.Succeeded);
        Assert.Null(seen);
        Assert.All(report.Results, r => Assert.Equal(TimeSpan.Zero, r.Duration));
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;

namespace Floxide.Orleans.Tests;

/// <summary>The spans of one test's trace, from the sources it samples, listened to in this process (silos included).</summary>
internal static class ClusterTraces
{
    private const string TestSourceName = "Floxide.Orleans.Tests.Traces";

    private static readonly ActivitySource TestSource = new(TestSourceName);

    /// <summary>
    /// Runs <paramref name="run"/> under a root span of its own, listening to <paramref name="sources"/> (as a tracer
    /// provider's <c>AddSource</c> does, in the coordinator and the silos alike: they share this process) and sampling all
    /// their spans; returns the trace's id and the spans of those sources in it.
    /// </summary>
    public static async Task<(ActivityTraceId TraceId, Activity[] Spans)> TraceAsync(string[] sources, Func<Task> run)
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TestSourceName || sources.Contains(source.Name), // by name: TestSource may not exist yet
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        ActivityTraceId traceId;
        using (var root = TestSource.StartActivity("test")!)
        {
            traceId = root.TraceId;
            await run().WaitAsync(TestClusters.Patience);
        }

        return (traceId, [.. stopped.Where(a => a.TraceId == traceId && a.Source.Name != TestSourceName)]);
    }
}

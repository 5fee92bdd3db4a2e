using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Floxide.Runtime.Tests.Support;

/// <summary>Floxide's spans of one test, exported in memory through OpenTelemetry.</summary>
internal static class Traces
{
    private static readonly ActivitySource TestSource = new("Floxide.Runtime.Tests.Tracing");

    /// <summary>Runs <paramref name="run"/> under a root span of its own; returns the spans of that trace and what it threw.</summary>
    public static async Task<(Activity[] Spans, Exception? Error)> TraceAsync(Func<Task> run)
    {
        var exported = new List<Activity>();
        ActivityTraceId traceId;
        Exception? error = null;
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(TestSource.Name, FloxideTelemetry.ActivitySourceName)
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(exported)
            .Build())
        {
            using (var root = TestSource.StartActivity("test")!)
            {
                traceId = root.TraceId;
                try
                {
                    await run();
                }
                catch (Exception ex)
                {
                    error = ex;
                }
            }

            provider.ForceFlush();
        }

        lock (exported)
        {
            return ([.. exported.Where(a => a.TraceId == traceId)], error);
        }
    }
}

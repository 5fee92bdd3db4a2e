using System.Collections.Concurrent;
using System.Diagnostics;
using global::Orleans.Diagnostics;
using global::Orleans.Runtime;

namespace Floxide.Orleans.Tests;

/// <summary>
/// One trace across the cluster, set up as the README says: <c>AddActivityPropagation()</c> on the silos and the client
/// (the test clusters have it), and both Floxide's and Orleans' application sources sampled. Orleans' outgoing filter
/// starts a client span on <c>Microsoft.Orleans.Application</c> and puts its <c>traceparent</c> on the call only when that
/// span exists, and the silo's incoming filter makes the item's work current under a server span of the same source, so
/// with Floxide's source alone the silo's work starts traces of its own.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TracePropagationTests(ClusterFixture fixture) : ProbedClusterTests(fixture)
{
    [Fact]
    public async Task With_Floxides_and_Orleans_application_sources_sampled_a_silos_item_runs_under_the_coordinators_item_span()
    {
        var onSilo = RecordOnSilo();

        var (traceId, spans) = await ClusterTraces.TraceAsync(
            [FloxideTelemetry.ActivitySourceName, ActivitySources.ApplicationGrainActivitySourceName],
            () => TestClusters.ClusterNode(Fixture.Cluster).RunBatchAsync(TestClusters.Numbers(4)));

        Assert.Equal(4, onSilo.Count);
        foreach (var (item, current) in onSilo)
        {
            // The silo's work runs under Orleans' server span, whose remote parent is the client span of the grain call,
            // which the coordinator started under the item's own span.
            Assert.Equal(traceId, current.TraceId);
            Assert.NotNull(current.TraceParent);
            var itemSpan = Assert.Single(spans, s => s.Source.Name == FloxideTelemetry.ActivitySourceName
                && s.DisplayName.StartsWith("item ", StringComparison.Ordinal) && Equals(s.GetTagItem("floxide.item.index"), (long)item));
            var call = Assert.Single(spans, s => s.SpanId == current.ParentSpanId);
            Assert.Equal((ActivityKind.Client, ActivitySources.ApplicationGrainActivitySourceName), (call.Kind, call.Source.Name));
            Assert.Equal(itemSpan.SpanId, call.ParentSpanId);
        }
    }

    [Fact]
    public async Task With_Floxides_source_alone_a_grain_call_carries_no_trace_and_a_silos_item_runs_outside_the_coordinators_trace()
    {
        var onSilo = RecordOnSilo();

        var (traceId, spans) = await ClusterTraces.TraceAsync(
            [FloxideTelemetry.ActivitySourceName],
            () => TestClusters.ClusterNode(Fixture.Cluster).RunBatchAsync(TestClusters.Numbers(4)));

        Assert.Equal(4, spans.Count(s => s.DisplayName.StartsWith("item ", StringComparison.Ordinal))); // the coordinator traced its items
        Assert.Equal(4, onSilo.Count);
        Assert.All(onSilo.Values, current =>
        {
            Assert.Null(current.TraceParent);
            Assert.NotEqual(traceId, current.TraceId);
        });
    }

    /// <summary>What each item sees on its silo: the current span's trace and parent, and the call's <c>traceparent</c>.</summary>
    private ConcurrentDictionary<int, OnSilo> RecordOnSilo()
    {
        var onSilo = new ConcurrentDictionary<int, OnSilo>();
        Probe.Hook = (item, _, _) =>
        {
            var current = Activity.Current;
            onSilo[item] = new OnSilo(current?.TraceId ?? default, current?.ParentSpanId ?? default, RequestContext.Get("traceparent") as string);
            return Task.CompletedTask;
        };
        return onSilo;
    }

    private sealed record OnSilo(ActivityTraceId TraceId, ActivitySpanId ParentSpanId, string? TraceParent);
}

using System.Diagnostics;
using Floxide.Runtime.Tests.Support;
using Polly;
using Polly.Timeout;

namespace Floxide.Orleans.Tests;

/// <summary>
/// The coordinator's item spans of items a silo runs. Without a cluster: each call goes straight to a silo's registration
/// with the attempt's token, as a grain call and its cancel would carry it.
/// </summary>
public sealed class ItemSpanTests
{
    [Fact]
    public async Task An_attempt_its_timeout_stopped_on_a_silo_has_a_span_that_reports_the_timeout_as_its_result_does()
    {
        // The silo's item stops on its token, which the attempt's timeout cancels, and replies canceled; the executor
        // then ends the attempt with that cancellation, which Polly makes a timeout of only outside the attempt.
        var time = new RecordingTimeProvider();
        var running = new Signal();
        var probe = new ClusterProbe
        {
            Hook = (_, _, token) =>
            {
                running.Set();
                return Task.Delay(Timeout.Infinite, token);
            },
        };
        var silo = ScriptedCalls.Registration(_ => new SquareNode("silo-1", probe));
        var executor = ScriptedCalls.Executor((call, token) => silo.RunAsync(call, "silo-1", token));
        var options = new BatchOptions
        {
            TimeProvider = time,
            ResiliencePipeline = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(TimeSpan.FromMilliseconds(500)).Build(),
        };
        BatchReport<SquareBatch, int>? report = null;

        var (_, spans) = await ClusterTraces.TraceAsync([FloxideTelemetry.ActivitySourceName], async () =>
        {
            var run = TestClusters.Coordinator(executor, options).RunBatchAsync(TestClusters.Numbers(1));
            Assert.Equal(TimeSpan.FromMilliseconds(500), await time.NextTimerAsync());
            await running.WaitAsync(); // the timeout's timer starts before the attempt: advanced sooner, it times out an attempt that never ran (no span)
            time.Advance(TimeSpan.FromMilliseconds(500));
            report = await run.WaitAsync(TestClusters.Patience);
        });

        var result = Assert.Single(report!.Failures); // the batch keeps no other results
        Assert.Equal((BatchItemStatus.Failed, true, "square"), (result.Status, result.TimedOut, result.FailedStepId)); // the item workflow is that one step, as in process
        var item = Assert.Single(spans, s => s.DisplayName.StartsWith("item ", StringComparison.Ordinal));
        Assert.Equal(ActivityStatusCode.Error, item.Status);
        Assert.Equal("failed", item.GetTagItem("floxide.item.status"));
        Assert.Equal(typeof(TimeoutRejectedException).FullName, item.GetTagItem("error.type"));
        Assert.Equal(result.Exception!.GetType().FullName, item.GetTagItem("error.type"));
        Assert.Equal("square", item.GetTagItem("floxide.step.id"));
        Assert.Contains("timed out", item.StatusDescription, StringComparison.Ordinal);
    }
}

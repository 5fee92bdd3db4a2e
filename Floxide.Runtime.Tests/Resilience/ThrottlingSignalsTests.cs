using System.Collections.Concurrent;
using System.Net;
using Floxide.Runtime.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Floxide.Runtime.Tests.Resilience;

/// <summary>
/// <see cref="ThrottlingSignals"/>: what a retry that is not Floxide's reports reaches the adaptive batch, and what an
/// executor records of an item run away from its batch.
/// </summary>
public sealed class ThrottlingSignalsTests
{
    private static readonly HttpRequestException Busy = new("busy", null, HttpStatusCode.TooManyRequests);

    [Fact]
    public async Task A_429_a_hand_written_retry_absorbs_and_reports_lowers_the_level_though_every_item_succeeds()
    {
        // As in the step-retry test: halving from 4 ends at 1 only if the absorbed 429s are heard.
        var calls = new ConcurrentDictionary<int, int>();
        var work = Node.Create<TestContext>("call", context =>
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    if (calls.AddOrUpdate(context.Item, 1, (_, count) => count + 1) == 1)
                    {
                        throw new HttpRequestException("busy", null, HttpStatusCode.TooManyRequests);
                    }

                    return;
                }
                catch (HttpRequestException ex) when (attempt < 2)
                {
                    ThrottlingSignals.Report(ex);
                }
            }
        });
        var options = AdaptiveOptions.HalvingFromFour;
        var progress = new ProgressRecorder();

        var report = await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([1, 2, 3, 4, 5, 6, 7, 8]), progress);

        Assert.Equal(8, report.Succeeded);
        Assert.All(calls.Values, count => Assert.Equal(2, count));
        Assert.Equal(1, progress.Reports.Last().ConcurrencyLevel);
    }

    [Fact]
    public async Task A_reported_wait_pauses_the_batch_at_once_while_the_reporting_attempt_goes_on()
    {
        var time = new RecordingTimeProvider();
        var begun = time.GetUtcNow();
        var starts = new ConcurrentQueue<(int Item, DateTimeOffset At)>();
        var work = Node.Create<TestContext>("call", context =>
        {
            starts.Enqueue((context.Item, time.GetUtcNow()));
            if (context.Item == 0)
            {
                ThrottlingSignals.Report(Throttled(TimeSpan.FromSeconds(30)));
                time.Advance(TimeSpan.FromSeconds(10)); // the attempt goes on for 10 s: the pause already runs
            }
        });

        var run = new BatchFlow<TestContext, int>(work, AdaptiveOptions.OneAtATimePausingForWaits(time)).RunAsync(TestContext.Over([0, 1]));
        Assert.Equal(TimeSpan.FromSeconds(30), await time.NextTimerAsync());
        time.Advance(TimeSpan.FromSeconds(20));
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([(0, begun), (1, begun + TimeSpan.FromSeconds(30))], starts); // not 40: it began at the report
        Assert.Equal(2, report.Succeeded);
    }

    [Fact]
    public async Task A_reader_that_throws_for_a_report_fails_the_item_with_its_error_even_if_the_reporter_swallows_it()
    {
        var broken = new FormatException("garbled");
        var work = Node.Create<TestContext>("call", _ =>
        {
            try
            {
                ThrottlingSignals.Report(new TimeoutException("slow"));
            }
            catch (InvalidOperationException)
            {
                // A careless reporter: the attempt must still fail with the reader's error.
            }
        });
        var options = new BatchOptions { AdaptiveConcurrency = new AdaptiveConcurrency { IsThrottled = _ => throw broken } };

        var report = await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([0]));

        var failure = Assert.IsType<InvalidOperationException>(Assert.Single(report.Failures).Exception);
        Assert.Same(broken, failure.InnerException);
        Assert.StartsWith("AdaptiveConcurrency.IsThrottled threw while reading item 0's System.TimeoutException (\"slow\").", failure.Message);
    }

    [Fact]
    public async Task Code_listens_only_in_an_adaptive_batchs_attempt_or_a_recording_and_a_report_elsewhere_is_dropped_without_error()
    {
        var heard = new ConcurrentBag<(string Batch, bool Listening)>();
        INode<TestContext> Work(string batch) => Node.Create<TestContext>("call", _ =>
        {
            heard.Add((batch, ThrottlingSignals.IsListening));
            ThrottlingSignals.Report(Busy);
        });

        Assert.False(ThrottlingSignals.IsListening);
        ThrottlingSignals.Report(Busy);
        var plain = await new BatchFlow<TestContext, int>(Work("plain"), new BatchOptions { MaxDegreeOfParallelism = 3 }).RunAsync(TestContext.Over([0, 1, 2]));
        var adaptive = await new BatchFlow<TestContext, int>(Work("adaptive"), new BatchOptions { AdaptiveConcurrency = new AdaptiveConcurrency() }).RunAsync(TestContext.Over([0]));
        using (ThrottlingSignals.Record())
        {
            Assert.True(ThrottlingSignals.IsListening);
        }

        Assert.Equal((3, 1), (plain.Succeeded, adaptive.Succeeded));
        Assert.Equal([("adaptive", true), ("plain", false), ("plain", false), ("plain", false)], heard.Order());
        Assert.False(ThrottlingSignals.IsListening);
    }

    [Fact]
    public void A_recording_keeps_each_report_once_in_order_up_to_32()
    {
        var reports = Enumerable.Range(0, ThrottlingSignalRecording.Capacity + 5).Select(n => new TimeoutException($"#{n}")).ToArray();
        using (var recording = ThrottlingSignals.Record())
        {
            ThrottlingSignals.Report(reports[0]);
            ThrottlingSignals.Report(reports[1]);
            ThrottlingSignals.Report(reports[0]); // a step's exception, rethrown and reported again: once
            foreach (var report in reports.Skip(2))
            {
                ThrottlingSignals.Report(report);
            }

            Assert.Equal(32, ThrottlingSignalRecording.Capacity);
            Assert.Equal(reports.Take(ThrottlingSignalRecording.Capacity), recording.GetReported());
        }

        Assert.False(ThrottlingSignals.IsListening); // the flow reports where it did before
    }

    [Fact]
    public async Task A_recording_hands_over_each_report_as_it_is_recorded_and_only_what_it_keeps()
    {
        using var batch = new CancellationTokenSource();
        var handed = new List<Exception>();
        var reports = Enumerable.Range(0, ThrottlingSignalRecording.Capacity + 3).Select(n => new TimeoutException($"#{n}")).ToArray();
        var recording = ThrottlingSignals.Record(batch.Token, handed.Add);
        ThrottlingSignals.Report(reports[0]);
        Assert.Same(reports[0], Assert.Single(handed)); // at once, not at the end

        ThrottlingSignals.Report(reports[0]); // again: once
        await batch.CancelAsync();
        ThrottlingSignals.Report(new OperationCanceledException(batch.Token)); // the batch's cancellation: never
        foreach (var report in reports.Skip(1))
        {
            ThrottlingSignals.Report(report); // past the capacity: not kept, not handed over
        }

        recording.Dispose();
        ThrottlingSignals.Report(new TimeoutException("after the end"));

        Assert.Equal(recording.GetReported(), handed);
        Assert.Equal(reports.Take(ThrottlingSignalRecording.Capacity), handed);
    }

    [Fact]
    public async Task A_recording_drops_a_cancellation_reported_once_the_batch_is_canceled_and_keeps_one_from_before()
    {
        // As an adaptive attempt judges it: when reported. A client's timeout before the cancel is a cancellation too.
        using var batch = new CancellationTokenSource();
        var timedOut = new TaskCanceledException("the client's own timeout");
        using var recording = ThrottlingSignals.Record(batch.Token);

        ThrottlingSignals.Report(timedOut);
        await batch.CancelAsync();
        ThrottlingSignals.Report(new OperationCanceledException(batch.Token));

        Assert.Same(timedOut, Assert.Single(recording.GetReported()));
    }

    [Fact]
    public async Task Work_left_running_after_a_recording_ends_records_nothing()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var kept = new TimeoutException("reported while the item ran");
        ThrottlingSignalRecording recording;
        Task late;
        using (recording = ThrottlingSignals.Record())
        {
            late = Task.Run(async () =>
            {
                await release.Task; // in the recording's flow, but past its end
                ThrottlingSignals.Report(new TimeoutException("reported once the item is done"));
            });
            ThrottlingSignals.Report(kept);
        }

        release.SetResult();
        await late.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Same(kept, Assert.Single(recording.GetReported()));
    }

    public static TheoryData<Exception, TimeSpan?> Waits => new()
    {
        { new ThrottledResponseException(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(3), null), TimeSpan.FromSeconds(3) },
        { new ThrottledResponseException(HttpStatusCode.ServiceUnavailable, null, null), null },
        { new RateLimitRejectedException("BatchOptions.RateLimiter", TimeSpan.FromMilliseconds(250)), TimeSpan.FromMilliseconds(250) },
        { new ReportedException(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(7), "Floxide.ThrottledResponseException", "System.Net.Http.HttpRequestException"), TimeSpan.FromSeconds(7) },
        { new ReportedException(HttpStatusCode.TooManyRequests, "Floxide.ThrottledResponseException"), null },
        { new HttpRequestException("busy", null, HttpStatusCode.TooManyRequests), null },
    };

    [Theory]
    [MemberData(nameof(Waits))]
    public void RetryAfterOf_reads_the_waits_Floxides_exceptions_carry_wherever_they_were_thrown(Exception exception, TimeSpan? wait) =>
        Assert.Equal(wait, ThrottlingSignals.RetryAfterOf(exception));

    [Fact]
    public async Task A_recording_takes_the_reports_of_its_flow_instead_of_the_attempt_and_gives_them_back_when_disposed()
    {
        // Recorded, the 30 s wait pauses nothing; reported after the recording, the 7 s one pauses the batch.
        var time = new RecordingTimeProvider();
        IReadOnlyList<Exception> recorded = [];
        var work = Node.CreateAsync<TestContext>("call", async (context, _) =>
        {
            if (context.Item == 0)
            {
                using (var recording = ThrottlingSignals.Record())
                {
                    await Task.Yield(); // the recording flows across awaits
                    ThrottlingSignals.Report(Throttled(TimeSpan.FromSeconds(30)));
                    recorded = [.. recording.GetReported()];
                }

                ThrottlingSignals.Report(Throttled(TimeSpan.FromSeconds(7)));
            }
        });

        var run = new BatchFlow<TestContext, int>(work, AdaptiveOptions.OneAtATimePausingForWaits(time)).RunAsync(TestContext.Over([0, 1]));
        Assert.Equal(TimeSpan.FromSeconds(7), await time.NextTimerAsync());
        time.Advance(TimeSpan.FromSeconds(7));
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromSeconds(30), Assert.IsType<ThrottledResponseException>(Assert.Single(recorded)).RetryAfter);
        Assert.Equal(2, report.Succeeded);
        Assert.False(time.HasUntakenTimer);
    }

    private static ThrottledResponseException Throttled(TimeSpan wait) => new(HttpStatusCode.TooManyRequests, wait, null);
}

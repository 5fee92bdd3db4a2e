using System.Net;
using Floxide.Runtime.Tests.Support;
using global::Orleans.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.Retry;

namespace Floxide.Orleans.Tests;

/// <summary>
/// What an item reports to <see cref="ThrottlingSignals"/> on its silo goes out as it is recorded and reaches the
/// coordinator's adaptive concurrency, as it would in-process: the silo side, then the coordinator side, without a cluster.
/// </summary>
public sealed class ReportedSignalTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_succeeding_items_reports_go_out_as_they_are_recorded_in_order_each_once()
    {
        var first = new HttpRequestException("busy", null, HttpStatusCode.TooManyRequests);
        var sent = new List<WireException>();
        var registration = Registration(Node.Create<SquareBatch>(SquareNode.NodeId, context =>
        {
            ThrottlingSignals.Report(first);
            Assert.Single(sent); // out at once, while the item goes on
            ThrottlingSignals.Report(new ThrottledResponseException(HttpStatusCode.ServiceUnavailable, Wait, null));
            ThrottlingSignals.Report(first);
            context.Square = new Square { Number = context.Number, Value = 4, Silo = "silo-1" };
        }));
        using var around = ThrottlingSignals.Record(); // what the silo's flow reported to before the item

        var reply = await registration.RunAsync(ScriptedCalls.Call(2), "silo-1", CancellationToken.None, sent.Add);
        var after = new TimeoutException("reported once the item is done");
        ThrottlingSignals.Report(after);

        Assert.Equal(ItemOutcome.Succeeded, reply.Outcome); // the reports went out through the callback, not the reply
        var signals = sent.Select(s => s.ToException(reply.Silo)).ToArray();
        Assert.Equal(2, signals.Length);
        Assert.Equal((HttpStatusCode.TooManyRequests, null, "busy"), (signals[0].StatusCode, signals[0].RetryAfter, signals[0].Message));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, Wait), (signals[1].StatusCode, signals[1].RetryAfter));
        Assert.True(signals[1].Is<ThrottledResponseException>());
        Assert.True(signals[1].Is<HttpRequestException>());
        Assert.StartsWith("System.Net.Http.HttpRequestException: busy", signals[0].RemoteDetails, StringComparison.Ordinal); // its text, should the item fail with it
        Assert.All(signals, signal => Assert.Equal("silo-1", signal.Silo));
        Assert.Same(after, Assert.Single(around.GetReported())); // the item's reports went with it; the flow reports where it did
    }

    [Fact]
    public async Task A_failing_item_sends_every_report_and_its_reply_says_it_failed_with_the_last()
    {
        // A step's retry reports each attempt's exception, the last one too, then gives up with it.
        var attempts = 0;
        var sent = new List<WireException>();
        var registration = Registration(Node.Create<SquareBatch>(SquareNode.NodeId, _ => throw new HttpRequestException($"busy {++attempts}", null, HttpStatusCode.TooManyRequests))
            .WithResilience(new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 2, Delay = TimeSpan.Zero }).Build()));

        var reply = await registration.RunAsync(ScriptedCalls.Call(2), "silo-1", CancellationToken.None, sent.Add);

        Assert.Equal(ItemOutcome.Failed, reply.Outcome);
        Assert.Equal(["busy 1", "busy 2", "busy 3"], sent.Select(s => s.Message));
        Assert.Equal(("busy 3", 429, true), (reply.Error!.Message, reply.Error.StatusCode, reply.ErrorReported));
        Assert.Same(sent[^1], reply.Error); // what went out already, not described twice
    }

    [Fact]
    public async Task A_failure_the_item_did_not_report_last_is_not_marked_reported()
    {
        var sent = new List<WireException>();
        var registration = Registration(Node.Create<SquareBatch>(SquareNode.NodeId, _ =>
        {
            ThrottlingSignals.Report(new HttpRequestException("busy", null, HttpStatusCode.TooManyRequests));
            throw new InvalidOperationException("broken");
        }));

        var reply = await registration.RunAsync(ScriptedCalls.Call(2), "silo-1", CancellationToken.None, sent.Add);

        Assert.Equal(("broken", false), (reply.Error!.Message, reply.ErrorReported));
        Assert.Equal(["busy"], sent.Select(s => s.Message));
    }

    [Fact]
    public async Task A_wait_only_the_mapping_reads_crosses_with_each_report_and_with_the_failure_on_either_call()
    {
        var sent = new List<WireException>();
        var registration = Registration(Node.Create<SquareBatch>(SquareNode.NodeId, _ =>
        {
            ThrottlingSignals.Report(new QuotaExceededException(TimeSpan.FromSeconds(30)));
            throw new QuotaExceededException(TimeSpan.FromSeconds(45));
        }));

        var reporting = await registration.RunAsync(ScriptedCalls.Call(2), "silo-1", CancellationToken.None, sent.Add);
        var plain = await registration.RunAsync(ScriptedCalls.Call(2), "silo-1", CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(30), Assert.Single(sent).RetryAfter);
        Assert.Equal((TimeSpan.FromSeconds(45), false), (reporting.Error!.RetryAfter, reporting.ErrorReported));
        Assert.Equal(TimeSpan.FromSeconds(45), plain.Error!.RetryAfter); // a coordinator's retry may wait on it too
        Assert.Equal(TimeSpan.FromSeconds(45), ThrottlingSignals.RetryAfterOf(plain.ToException()));
    }

    [Fact]
    public async Task The_mappings_wait_goes_before_the_one_Floxide_reads_which_crosses_when_the_mapping_reads_none()
    {
        // A mapping that clamps a service's long waits to a minute.
        var sent = new List<WireException>();
        var mapping = new SquareMapping(e => e is ThrottledResponseException { RetryAfter: { } wait } && wait > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : null);
        var registration = ScriptedCalls.Registration(_ => Node.Create<SquareBatch>(SquareNode.NodeId, context =>
        {
            ThrottlingSignals.Report(new ThrottledResponseException(HttpStatusCode.TooManyRequests, TimeSpan.FromHours(1), null));
            ThrottlingSignals.Report(new ThrottledResponseException(HttpStatusCode.TooManyRequests, Wait, null));
            context.Square = new Square { Number = context.Number, Value = 4, Silo = "silo-1" };
        }), mapping: mapping);

        var reply = await registration.RunAsync(ScriptedCalls.Call(2), "silo-1", CancellationToken.None, sent.Add);

        Assert.Equal(ItemOutcome.Succeeded, reply.Outcome);
        Assert.Equal([TimeSpan.FromMinutes(1), Wait], sent.Select(s => s.RetryAfter));
    }

    [Fact]
    public async Task A_mapping_reader_that_throws_for_a_report_fails_the_item_naming_it_though_the_item_went_past_the_error()
    {
        var broken = new FormatException("garbled");
        InvalidOperationException? thrownToReporter = null;
        var sent = new List<WireException>();
        var registration = ScriptedCalls.Registration(_ => Node.Create<SquareBatch>(SquareNode.NodeId, context =>
        {
            try
            {
                ThrottlingSignals.Report(new QuotaExceededException(Wait));
            }
            catch (InvalidOperationException failed)
            {
                thrownToReporter = failed; // as a step's retry that swallows its callback's errors would
            }

            context.Square = new Square { Number = context.Number, Value = 4, Silo = "silo-1" };
        }), mapping: new SquareMapping(_ => throw broken));

        var reply = await registration.RunAsync(ScriptedCalls.Call(2), "silo-1", CancellationToken.None, sent.Add);

        Assert.Empty(sent); // nothing half-read went out
        Assert.Same(broken, thrownToReporter!.InnerException);
        Assert.Equal((ItemOutcome.Failed, null), (reply.Outcome, reply.FailedStepId));
        var failure = reply.ToException();
        Assert.True(failure.Is<InvalidOperationException>());
        Assert.Equal(thrownToReporter.Message, failure.Message);
        Assert.StartsWith(
            "SquareMapping.RetryAfterOf threw on silo silo-1 while reading a Floxide.Orleans.Tests.QuotaExceededException (\"quota used up\") that an item of workflow 'square' met.",
            failure.Message,
            StringComparison.Ordinal);
        Assert.Contains("System.FormatException: garbled", failure.RemoteDetails, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mapping_reader_that_threw_for_a_report_is_the_items_error_though_the_item_then_failed_with_another()
    {
        var registration = ScriptedCalls.Registration(_ => Node.Create<SquareBatch>(SquareNode.NodeId, _ =>
        {
            try
            {
                ThrottlingSignals.Report(new QuotaExceededException(Wait));
            }
            catch (InvalidOperationException)
            {
                // a step's retry that swallows its callback's errors
            }

            throw new TimeoutException("late");
        }), mapping: new SquareMapping(e => e is QuotaExceededException ? throw new FormatException("garbled") : null));

        var reply = await registration.RunAsync(ScriptedCalls.Call(2), "silo-1", CancellationToken.None, _ => { });

        var failure = reply.ToException();
        Assert.True(failure.Is<InvalidOperationException>());
        Assert.Null(reply.FailedStepId);
        Assert.Contains("while reading a Floxide.Orleans.Tests.QuotaExceededException", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mapping_reader_that_throws_for_the_items_failure_fails_it_with_an_error_naming_the_reader_and_the_failure()
    {
        var registration = ScriptedCalls.Registration(
            _ => Node.Create<SquareBatch>(SquareNode.NodeId, _ => throw new TimeoutException("late")),
            mapping: new SquareMapping(_ => throw new FormatException("garbled")));

        var reply = await registration.RunAsync(ScriptedCalls.Call(2), "silo-1", CancellationToken.None);

        var failure = reply.ToException();
        Assert.True(failure.Is<InvalidOperationException>());
        Assert.Null(reply.FailedStepId); // the reader's error, not the step's, as in-process
        Assert.Contains("while reading a System.TimeoutException (\"late\")", failure.Message, StringComparison.Ordinal);
        Assert.Contains("System.FormatException: garbled", failure.RemoteDetails, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recorded_cancellation_of_the_batch_is_no_signal_and_does_not_go_out()
    {
        // A step met the batch's cancellation, reported it, and the item went on to fail with its own error.
        using var cancel = new CancellationTokenSource();
        var sent = new List<WireException>();
        var registration = Registration(Node.Create<SquareBatch>(SquareNode.NodeId, _ =>
        {
            ThrottlingSignals.Report(new HttpRequestException("busy", null, HttpStatusCode.TooManyRequests));
            cancel.Cancel();
            ThrottlingSignals.Report(new OperationCanceledException(cancel.Token));
            throw new InvalidOperationException("gave up");
        }));

        var reply = await registration.RunAsync(ScriptedCalls.Call(2), "silo-1", cancel.Token, sent.Add);

        Assert.Equal(ItemOutcome.Failed, reply.Outcome);
        Assert.Equal(["System.Net.Http.HttpRequestException"], sent.Select(s => s.Types[0]));
    }

    [Fact]
    public async Task A_silo_records_nothing_for_a_coordinator_that_does_not_listen()
    {
        var registration = Registration(Node.Create<SquareBatch>(SquareNode.NodeId, _ =>
        {
            Assert.False(ThrottlingSignals.IsListening); // the plain call
            ThrottlingSignals.Report(new HttpRequestException("busy", null, HttpStatusCode.TooManyRequests));
        }));

        var reply = await registration.RunAsync(ScriptedCalls.Call(2), "silo-1", CancellationToken.None);

        Assert.Equal(ItemOutcome.Succeeded, reply.Outcome);
    }

    [Fact]
    public async Task On_the_coordinator_a_silos_absorbed_429s_lower_the_level_though_every_item_succeeds()
    {
        // Every reply reports one 429: halving from 8 with a floor of 2 ends at 2 only if they are heard.
        var executor = ScriptedCalls.Executor(_ => throw new InvalidOperationException("only the reporting call is made"), (call, _) => ScriptedCalls.Stream(Reported(Busy429()), ScriptedCalls.Succeeded(call, "silo-1")));
        var options = new BatchOptions { MaxDegreeOfParallelism = 8, AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 8, MinimumLevel = 2, DecreaseFactor = 0.5 } };
        var progress = new LastProgress();

        var report = await TestClusters.Coordinator(executor, options)
            .RunBatchAsync(TestClusters.Numbers(40), progress).WaitAsync(TestClusters.Patience);

        Assert.Equal(40, report.Succeeded);
        Assert.Equal(2, progress.Last.ConcurrencyLevel);
    }

    [Fact]
    public async Task On_the_coordinator_a_silos_report_pauses_the_batch_at_once_while_the_item_still_runs()
    {
        // Item 0's silo reports a 429 asking for 10 s, then holds the item until the coordinator has paused.
        var time = new RecordingTimeProvider();
        var paused = new Signal();
        var sent = new List<int>();
        var executor = ScriptedCalls.Executor(call => Succeeded(call), (call, token) => Streamed(call, sent, paused));
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 1,
            TimeProvider = time,
            AdaptiveConcurrency = new AdaptiveConcurrency { RetryAfter = ThrottlingSignals.RetryAfterOf },
        };

        var run = TestClusters.Coordinator(executor, options).RunBatchAsync(TestClusters.Numbers(2));
        Assert.Equal(Wait, await time.NextTimerAsync()); // before item 0's reply: it waits for this
        paused.Set();
        time.Advance(Wait);
        var report = await run.WaitAsync(TestClusters.Patience);

        Assert.Equal(2, report.Succeeded);
        Assert.Equal([0, 1], sent);

        static async IAsyncEnumerable<ItemReply> Streamed(ItemCall call, List<int> sent, Signal paused)
        {
            lock (sent)
            {
                sent.Add((int)call.Request!);
            }

            if ((int)call.Request! == 0)
            {
                yield return Reported(WireException.Of(new ThrottledResponseException(HttpStatusCode.TooManyRequests, Wait, null)));
                await paused.WaitAsync();
            }

            yield return ScriptedCalls.Succeeded(call, "silo-1");
        }
    }

    [Fact]
    public async Task On_the_coordinator_an_item_that_fails_with_what_it_reported_last_is_read_once_as_in_process()
    {
        // A step's retry reported its last 429 (asking for 10 s), then the item failed with it: one read, one pause.
        var reads = 0;
        var signal = WireException.Of(new ThrottledResponseException(HttpStatusCode.TooManyRequests, Wait, null));
        var executor = ScriptedCalls.Executor(call => Succeeded(call), (call, _) => ScriptedCalls.Stream(
            Reported(signal),
            new ItemReply { Outcome = ItemOutcome.Failed, Error = signal, ErrorReported = true, FailedStepId = "square", Silo = "silo-1" }));
        var options = new BatchOptions
        {
            TimeProvider = new RecordingTimeProvider(),
            AdaptiveConcurrency = new AdaptiveConcurrency { RetryAfter = e => { Interlocked.Increment(ref reads); return ThrottlingSignals.RetryAfterOf(e); } },
        };

        var run = TestClusters.Coordinator(executor, options).RunBatchAsync(TestClusters.Numbers(1));
        var report = await run.WaitAsync(TestClusters.Patience);

        Assert.Equal(1, reads);
        var failure = Assert.IsType<RemoteItemException>(Assert.Single(report.Failures).Exception);
        Assert.Equal((HttpStatusCode.TooManyRequests, "square"), (failure.StatusCode, report.Failures[0].FailedStepId));
    }

    [Fact]
    public async Task On_the_coordinator_a_reader_that_throws_for_a_silos_report_fails_the_item_with_its_error()
    {
        var broken = new FormatException("garbled");
        var executor = ScriptedCalls.Executor(
            _ => throw new InvalidOperationException("only the reporting call is made"),
            (call, _) => ScriptedCalls.Stream(Reported(new WireException { Types = ["System.TimeoutException", "System.SystemException", "System.Exception"], Message = "slow" }), ScriptedCalls.Succeeded(call, "silo-1")));
        var options = new BatchOptions { AdaptiveConcurrency = new AdaptiveConcurrency { IsThrottled = _ => throw broken } };

        var report = await TestClusters.Coordinator(executor, options)
            .RunBatchAsync(TestClusters.Numbers(1)).WaitAsync(TestClusters.Patience);

        var failure = Assert.IsType<InvalidOperationException>(Assert.Single(report.Failures).Exception);
        Assert.Same(broken, failure.InnerException);
        Assert.StartsWith("AdaptiveConcurrency.IsThrottled threw while reading item 0's Floxide.Orleans.RemoteItemException (\"slow\").", failure.Message);
    }

    [Fact]
    public async Task On_the_coordinator_a_failed_items_reports_are_heard_and_it_fails_with_its_own_error_naming_the_step()
    {
        var executor = ScriptedCalls.Executor(
            _ => throw new InvalidOperationException("only the reporting call is made"),
            (_, _) => ScriptedCalls.Stream(Reported(Busy429()), ItemReply.Failed(new InvalidOperationException("broken"), "silo-1", "square")));
        var options = new BatchOptions { MaxDegreeOfParallelism = 8, AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 8, MinimumLevel = 2, DecreaseFactor = 0.5 } };
        var progress = new LastProgress();

        var report = await TestClusters.Coordinator(executor, options)
            .RunBatchAsync(TestClusters.Numbers(40), progress).WaitAsync(TestClusters.Patience);

        Assert.Equal(40, report.Failed);
        Assert.All(report.Failures, failure =>
        {
            Assert.Equal("square", failure.FailedStepId);
            Assert.Equal("System.InvalidOperationException", Assert.IsType<RemoteItemException>(failure.Exception).RemoteType);
        });
        Assert.Equal(2, progress.Last.ConcurrencyLevel); // the failures say nothing of load; the reported 429s do
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_coordinator_asks_the_silo_to_record_only_when_its_batch_adapts(bool adaptive)
    {
        var asked = new List<bool>();
        var executor = ScriptedCalls.Executor(
            call =>
            {
                lock (asked)
                {
                    asked.Add(false);
                }

                return Succeeded(call);
            },
            (call, _) =>
            {
                lock (asked)
                {
                    asked.Add(true);
                }

                return ScriptedCalls.Stream(ScriptedCalls.Succeeded(call, "silo-1"));
            });
        var options = new BatchOptions { AdaptiveConcurrency = adaptive ? new AdaptiveConcurrency() : null };

        await TestClusters.Coordinator(executor, options)
            .RunBatchAsync(TestClusters.Numbers(3)).WaitAsync(TestClusters.Patience);

        Assert.Equal([adaptive, adaptive, adaptive], asked);
    }

    [Fact]
    public void A_call_a_report_and_a_failed_reply_cross_Orleans_serializer_intact()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var reported = Reported(WireException.Of(new RateLimitRejectedException("limiter", Wait)));
        var failed = ItemReply.Failed(
            new ThrottledResponseException(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(3), null),
            "silo-1",
            "square",
            hasReply: true, // the mapping's reply was null
            reported: WireException.Of(new ThrottledResponseException(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(3), null)));

        var call = serializer.Deserialize<ItemCall>(serializer.SerializeToArray(ScriptedCalls.Call(5)))!;
        var reportedCopy = serializer.Deserialize<ItemReply>(serializer.SerializeToArray(reported))!;
        var copy = serializer.Deserialize<ItemReply>(serializer.SerializeToArray(failed))!;

        Assert.Equal((TestClusters.Workflow, SquareNode.NodeId, (object)5, null), (call.Workflow, call.WorkflowId, call.Request, call.ItemKey));
        Assert.Equal((ItemOutcome.Reported, "silo-1"), (reportedCopy.Outcome, reportedCopy.Silo));
        Assert.Equal(Fields(reported.Signal!), Fields(reportedCopy.Signal!));
        Assert.Equal(("Floxide.RateLimitRejectedException", (int?)null, Wait), (reportedCopy.Signal!.Types[0], reportedCopy.Signal.StatusCode, reportedCopy.Signal.RetryAfter));
        Assert.Equal((ItemOutcome.Failed, "square", "silo-1", true, null, true), (copy.Outcome, copy.FailedStepId, copy.Silo, copy.HasReply, copy.Reply, copy.ErrorReported));
        Assert.Equal((TimeSpan.FromSeconds(3), 429), (copy.Error!.RetryAfter, copy.Error.StatusCode));
        Assert.Equal(Fields(failed.Error!), Fields(copy.Error));
        Assert.StartsWith("Floxide.ThrottledResponseException: ", copy.Error.Details, StringComparison.Ordinal); // its ToString(), stack trace and all
    }

    private static (string, string, string, int?, TimeSpan?) Fields(WireException e) => (string.Join("|", e.Types), e.Message, e.Details, e.StatusCode, e.RetryAfter);

    private static WireException Busy429() =>
        new() { Types = ["System.Net.Http.HttpRequestException", "System.Exception"], Message = "busy", StatusCode = 429 };

    private static WorkflowRegistration<SquareBatch, int, int, Square?> Registration(INode<SquareBatch> workflow) =>
        ScriptedCalls.Registration(_ => workflow);

    private static ItemReply Reported(WireException signal) => new() { Outcome = ItemOutcome.Reported, Silo = "silo-1", Signal = signal };

    private static Task<ItemReply> Succeeded(ItemCall call) => Task.FromResult(ScriptedCalls.Succeeded(call, "silo-1"));
}

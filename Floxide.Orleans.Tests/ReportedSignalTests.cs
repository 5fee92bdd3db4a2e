using System.Net;
using global::Orleans.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Retry;

namespace Floxide.Orleans.Tests;

/// <summary>
/// What an item reports to <see cref="ThrottlingSignals"/> on its silo goes back with the reply and reaches the
/// coordinator's adaptive concurrency, as it would in-process: the silo side, then the coordinator side, without a cluster.
/// </summary>
public sealed class ReportedSignalTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_succeeding_items_reports_go_back_with_its_reply_in_order_each_once()
    {
        var first = new HttpRequestException("busy", null, HttpStatusCode.TooManyRequests);
        var registration = Registration(Node.Create<SquareBatch>(SquareNode.NodeId, context =>
        {
            ThrottlingSignals.Report(first);
            ThrottlingSignals.Report(new ThrottledResponseException(HttpStatusCode.ServiceUnavailable, Wait, null));
            ThrottlingSignals.Report(first);
            context.Square = new Square { Number = context.Number, Value = 4, Silo = "silo-1" };
        }), new FakeTimeProvider());
        using var around = ThrottlingSignals.Record(); // what the silo's flow reported to before the item

        var reply = await registration.RunAsync(Call(2), "silo-1", CancellationToken.None);
        var after = new TimeoutException("reported once the item is done");
        ThrottlingSignals.Report(after);

        Assert.Equal(ItemOutcome.Succeeded, reply.Outcome);
        var signals = reply.Signals!.Select(s => s.ToException(reply.Silo)).ToArray();
        Assert.Equal(2, signals.Length);
        Assert.Equal((HttpStatusCode.TooManyRequests, null, "busy"), (signals[0].StatusCode, signals[0].RetryAfter, signals[0].Message));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, Wait), (signals[1].StatusCode, signals[1].RetryAfter));
        Assert.True(signals[1].Is<ThrottledResponseException>());
        Assert.True(signals[1].Is<HttpRequestException>());
        Assert.All(signals, signal => Assert.Equal("silo-1", signal.Silo));
        Assert.Same(after, Assert.Single(around.GetReported()).Exception); // the item's reports went with it; the flow reports where it did
    }

    [Fact]
    public async Task A_failing_items_reports_go_back_but_the_exception_it_failed_with_which_is_the_failure()
    {
        // A step's retry reports each attempt's exception, the last one too; the coordinator reads that one as the failure.
        var attempts = 0;
        var registration = Registration(Node.Create<SquareBatch>(SquareNode.NodeId, _ => throw new HttpRequestException($"busy {++attempts}", null, HttpStatusCode.TooManyRequests))
            .WithResilience(new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 2, Delay = TimeSpan.Zero }).Build()));

        var reply = await registration.RunAsync(Call(2), "silo-1", CancellationToken.None);

        Assert.Equal(ItemOutcome.Failed, reply.Outcome);
        Assert.Equal(["busy 1", "busy 2"], reply.Signals!.Select(s => s.Message));
        Assert.Equal(("busy 3", 429), (reply.Error!.Message, reply.Error.StatusCode));
    }

    [Fact]
    public async Task A_recorded_cancellation_of_the_batch_is_no_signal_and_does_not_go_back()
    {
        // A step met the batch's cancellation, reported it, and the item went on to fail with its own error.
        using var cancel = new CancellationTokenSource();
        var registration = Registration(Node.Create<SquareBatch>(SquareNode.NodeId, _ =>
        {
            ThrottlingSignals.Report(new HttpRequestException("busy", null, HttpStatusCode.TooManyRequests));
            cancel.Cancel();
            ThrottlingSignals.Report(new OperationCanceledException(cancel.Token));
            throw new InvalidOperationException("gave up");
        }));

        var reply = await registration.RunAsync(Call(2), "silo-1", cancel.Token);

        Assert.Equal(ItemOutcome.Failed, reply.Outcome);
        Assert.Equal(["System.Net.Http.HttpRequestException"], reply.Signals!.Select(s => s.Types[0]));
    }

    [Fact]
    public async Task An_item_that_reports_nothing_sends_no_signals()
    {
        var reply = await Registration(Node.Create<SquareBatch>(SquareNode.NodeId, _ => { })).RunAsync(Call(2), "silo-1", CancellationToken.None);

        Assert.Null(reply.Signals);
    }

    [Fact]
    public async Task A_silo_records_nothing_for_a_coordinator_that_does_not_listen()
    {
        var registration = Registration(Node.Create<SquareBatch>(SquareNode.NodeId, _ =>
        {
            Assert.False(ThrottlingSignals.IsListening);
            ThrottlingSignals.Report(new HttpRequestException("busy", null, HttpStatusCode.TooManyRequests));
        }));

        var reply = await registration.RunAsync(Call(2, reportSignals: false), "silo-1", CancellationToken.None);

        Assert.Equal(ItemOutcome.Succeeded, reply.Outcome);
        Assert.Null(reply.Signals);
    }

    [Fact]
    public async Task A_reported_wait_crosses_as_what_is_left_of_it_when_the_item_ends()
    {
        // A step meets a 429 asking for 10 s and one asking for 3 s, then waits 4 s on the silo's clock before it succeeds.
        var time = new FakeTimeProvider();
        var registration = Registration(
            Node.Create<SquareBatch>(SquareNode.NodeId, _ =>
            {
                ThrottlingSignals.Report(new ThrottledResponseException(HttpStatusCode.TooManyRequests, Wait, null));
                ThrottlingSignals.Report(new ThrottledResponseException(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(3), null));
                time.Advance(TimeSpan.FromSeconds(4));
            }),
            time);

        var reply = await registration.RunAsync(Call(2), "silo-1", CancellationToken.None);

        Assert.Equal([TimeSpan.FromSeconds(6), TimeSpan.Zero], reply.Signals!.Select(s => s.RetryAfter));
        Assert.All(reply.Signals!, s => Assert.Equal(429, s.StatusCode)); // a wait already over is still a 429
    }

    [Fact]
    public async Task On_the_coordinator_a_silos_absorbed_429s_lower_the_level_though_every_item_succeeds()
    {
        // Every reply reports one 429: halving from 8 with a floor of 2 ends at 2 only if they are heard.
        var executor = ScriptedCalls.Executor(call => Succeeded(call, Busy429()));
        var options = new BatchOptions { MaxDegreeOfParallelism = 8, AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 8, MinimumLevel = 2, DecreaseFactor = 0.5 } };
        var progress = new LastProgress();

        var report = await SquareBatch.CreateBatchNode(new SquareNode("coordinator", new ClusterProbe()), options, executor: executor)
            .RunBatchAsync(TestClusters.Numbers(40), progress).WaitAsync(TestClusters.Patience);

        Assert.Equal(40, report.Succeeded);
        Assert.Equal(2, progress.Last.ConcurrencyLevel);
    }

    [Fact]
    public async Task On_the_coordinator_a_silos_reported_wait_pauses_the_batch_when_RetryAfter_reads_it()
    {
        var time = new TimerWatch();
        var sent = new List<int>();
        var executor = ScriptedCalls.Executor(call =>
        {
            lock (sent)
            {
                sent.Add((int)call.Request);
            }

            return (int)call.Request == 0
                ? Succeeded(call, WireException.Reported(new RecordedThrottlingSignal(new ThrottledResponseException(HttpStatusCode.TooManyRequests, Wait, null), TimeSpan.Zero)))
                : Succeeded(call);
        });
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 1,
            TimeProvider = time,
            AdaptiveConcurrency = new AdaptiveConcurrency { RetryAfter = ThrottlingSignals.RetryAfterOf },
        };

        var run = SquareBatch.CreateBatchNode(new SquareNode("coordinator", new ClusterProbe()), options, executor: executor).RunBatchAsync(TestClusters.Numbers(2));
        Assert.Equal(Wait, await time.NextTimerAsync());
        lock (sent)
        {
            Assert.Equal([0], sent); // item 1 waits for the pause
        }

        time.Clock.Advance(Wait);
        var report = await run.WaitAsync(TestClusters.Patience);

        Assert.Equal(2, report.Succeeded);
        Assert.Equal([0, 1], sent);
    }

    [Fact]
    public async Task On_the_coordinator_a_reader_that_throws_for_a_silos_report_fails_the_item_with_its_error()
    {
        var broken = new FormatException("garbled");
        var executor = ScriptedCalls.Executor(call => Succeeded(call, new WireException { Types = ["System.TimeoutException", "System.SystemException", "System.Exception"], Message = "slow" }));
        var options = new BatchOptions { AdaptiveConcurrency = new AdaptiveConcurrency { IsThrottled = _ => throw broken } };

        var report = await SquareBatch.CreateBatchNode(new SquareNode("coordinator", new ClusterProbe()), options, executor: executor)
            .RunBatchAsync(TestClusters.Numbers(1)).WaitAsync(TestClusters.Patience);

        var failure = Assert.IsType<InvalidOperationException>(Assert.Single(report.Failures).Exception);
        Assert.Same(broken, failure.InnerException);
        Assert.StartsWith("AdaptiveConcurrency.IsThrottled threw while reading item 0's Floxide.Orleans.RemoteItemException (\"slow\").", failure.Message);
    }

    [Fact]
    public async Task On_the_coordinator_a_failed_items_reports_are_heard_and_it_fails_with_its_own_error_naming_the_step()
    {
        var executor = ScriptedCalls.Executor(_ => Task.FromResult(ItemReply.Failed(new InvalidOperationException("broken"), "silo-1", "square", signals: [Busy429()])));
        var options = new BatchOptions { MaxDegreeOfParallelism = 8, AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 8, MinimumLevel = 2, DecreaseFactor = 0.5 } };
        var progress = new LastProgress();

        var report = await SquareBatch.CreateBatchNode(new SquareNode("coordinator", new ClusterProbe()), options, executor: executor)
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
        var executor = ScriptedCalls.Executor(call =>
        {
            lock (asked)
            {
                asked.Add(call.ReportSignals);
            }

            return Succeeded(call);
        });
        var options = new BatchOptions { AdaptiveConcurrency = adaptive ? new AdaptiveConcurrency() : null };

        await SquareBatch.CreateBatchNode(new SquareNode("coordinator", new ClusterProbe()), options, executor: executor)
            .RunBatchAsync(TestClusters.Numbers(3)).WaitAsync(TestClusters.Patience);

        Assert.Equal([adaptive, adaptive, adaptive], asked);
    }

    [Fact]
    public void A_call_and_a_reply_with_signals_and_a_wait_cross_Orleans_serializer_intact()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var reply = ItemReply.Failed(
            new ThrottledResponseException(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(3), null),
            "silo-1",
            "square",
            signals: [Busy429(), WireException.Reported(new RecordedThrottlingSignal(new RateLimitRejectedException("limiter", Wait), TimeSpan.FromSeconds(1)))],
            hasReply: true); // the mapping's reply was null

        var call = serializer.Deserialize<ItemCall>(serializer.SerializeToArray(Call(5)))!;
        var copy = serializer.Deserialize<ItemReply>(serializer.SerializeToArray(reply))!;

        Assert.Equal((TestClusters.Workflow, SquareNode.NodeId, (object)5, true), (call.Workflow, call.WorkflowId, call.Request, call.ReportSignals));
        Assert.Equal((ItemOutcome.Failed, "square", "silo-1", true, null), (copy.Outcome, copy.FailedStepId, copy.Silo, copy.HasReply, copy.Reply));
        Assert.Equal((TimeSpan.FromSeconds(3), 429), (copy.Error!.RetryAfter, copy.Error.StatusCode));
        Assert.Equal(Fields(reply.Error!), Fields(copy.Error));
        Assert.StartsWith("Floxide.ThrottledResponseException: ", copy.Error.Details, StringComparison.Ordinal); // its ToString(), stack trace and all
        Assert.Equal(reply.Signals!.Select(Fields), copy.Signals!.Select(Fields));
        Assert.All(copy.Signals!, s => Assert.Null(s.Details)); // a reported one's text is not sent
        Assert.Equal(
            [("System.Net.Http.HttpRequestException", 429, (TimeSpan?)null), ("Floxide.RateLimitRejectedException", (int?)null, TimeSpan.FromSeconds(9))],
            copy.Signals!.Select(s => (s.Types[0], s.StatusCode, s.RetryAfter)));
    }

    [Fact]
    public void A_signal_from_a_silo_that_names_no_type_is_read_as_unknown_not_a_crash()
    {
        var remote = new WireException { Types = [], Message = "odd" }.ToException("old-silo");

        Assert.Equal(("unknown", "odd"), (remote.RemoteType, remote.Message));
    }

    private static (string, string, string?, int?, TimeSpan?) Fields(WireException e) => (string.Join("|", e.Types), e.Message, e.Details, e.StatusCode, e.RetryAfter);

    private static WireException Busy429() =>
        new() { Types = ["System.Net.Http.HttpRequestException", "System.Exception"], Message = "busy", StatusCode = 429 };

    private static WorkflowRegistration<SquareBatch, int, int, Square?> Registration(INode<SquareBatch> workflow, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        return new(TestClusters.Workflow, new SquareMapping(), _ => workflow, _ => new SquareBatch(), services.BuildServiceProvider());
    }

    private static ItemCall Call(int number, bool reportSignals = true) =>
        new() { Workflow = TestClusters.Workflow, WorkflowId = SquareNode.NodeId, Request = number, ReportSignals = reportSignals };

    private static Task<ItemReply> Succeeded(ItemCall call, params WireException[] signals) => Task.FromResult(ScriptedCalls.Succeeded(call, "silo-1", signals));
}

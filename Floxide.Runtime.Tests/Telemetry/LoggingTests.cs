using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Floxide.Runtime.Tests.Support;
using Floxide.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Floxide.Runtime.Tests.Telemetry;

/// <summary>Log events through <see cref="FakeLogger"/>, with the logger factory that <c>AddFloxide</c> puts in the options.</summary>
public sealed class LoggingTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddLogging(logging => logging.AddFakeLogging().SetMinimumLevel(LogLevel.Trace))
        .AddFloxide(options => options with { MaxDegreeOfParallelism = 2 })
        .BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task AddFloxide_options_log_start_each_failed_item_with_its_index_and_exception_and_the_finish_with_counts()
    {
        var options = _services.GetRequiredService<BatchOptions>();
        var work = Node.Create<TestContext>("work", c =>
        {
            if (c.Item is 1 or 3)
            {
                throw new InvalidOperationException($"item {c.Item} is bad");
            }
        });

        await new BatchFlow<TestContext, int>(work, options, "logged").RunAsync(TestContext.Over([0, 1, 2, 3, 4]));

        Assert.Equal(2, options.MaxDegreeOfParallelism);
        var records = _services.GetFakeLogCollector().GetSnapshot().Where(r => r.Category == "Floxide.Batch").ToList();
        Assert.Equal(["BatchStarted", "ItemFailed", "ItemFailed", "BatchFinished"], records.Select(r => r.Id.Name));

        var started = records[0];
        Assert.Equal(LogLevel.Information, started.Level);
        Assert.Equal("logged", started.GetStructuredStateValue("BatchId"));
        Assert.Equal("5", started.GetStructuredStateValue("ItemsTotal"));

        var failures = records.Where(r => r.Id.Name == "ItemFailed").OrderBy(r => r.GetStructuredStateValue("ItemIndex")).ToList();
        Assert.All(failures, r => Assert.Equal(LogLevel.Warning, r.Level));
        Assert.Equal(["1", "3"], failures.Select(r => r.GetStructuredStateValue("ItemIndex")));
        // As the item's result reports it: what the node threw, not Floxide's NodeFailedException, and the step that threw it.
        Assert.Equal(["item 1 is bad", "item 3 is bad"], failures.Select(r => Assert.IsType<InvalidOperationException>(r.Exception).Message));
        Assert.All(failures, r => Assert.Equal("work", r.GetStructuredStateValue("FailedStepId")));
        Assert.Equal(["Batch logged: item 1 failed in step work", "Batch logged: item 3 failed in step work"], failures.Select(r => r.Message));

        var finished = records[^1];
        Assert.Equal(LogLevel.Information, finished.Level);
        Assert.Equal("3", finished.GetStructuredStateValue("Succeeded"));
        Assert.Equal("2", finished.GetStructuredStateValue("Failed"));
        Assert.Equal("0", finished.GetStructuredStateValue("Canceled"));
    }

    [Fact]
    public async Task A_workflow_items_failure_is_logged_with_what_its_step_threw_and_the_steps_id()
    {
        var options = _services.GetRequiredService<BatchOptions>();
        var parse = Node.Create<TestContext>("parse", c => c.Output = c.Item);
        var classify = Node.Create<TestContext>("classify", _ => throw new ArgumentException("no such class"));
        var itemWorkflow = new WorkflowBuilder<TestContext>("per-item").StartWith(parse).Then(parse, classify).Build();

        var report = await new BatchFlow<TestContext, int>(itemWorkflow, options, "classified").RunAsync(TestContext.Over([0]));

        var failed = Assert.Single(_services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Name == "ItemFailed");
        Assert.Same(Assert.Single(report.Failures).Exception, failed.Exception);
        Assert.IsType<ArgumentException>(failed.Exception);
        Assert.Equal("classify", failed.GetStructuredStateValue("FailedStepId"));
        Assert.Equal("Batch classified: item 0 failed in step classify", failed.Message);
    }

    [Fact]
    public async Task An_item_its_executor_failed_outside_its_steps_is_logged_with_what_failed_and_where_the_executor_says_it_failed()
    {
        var options = _services.GetRequiredService<BatchOptions>();
        var executor = new OutsideStepsFailingExecutor();

        var report = await new BatchNode<TestContext, int>("remote", Node.Create<TestContext>("work", _ => { }), options, executor)
            .RunBatchAsync(TestContext.Over([0]));

        // The exception is the result's (what failed); the executor's message, which the result leaves out, is the event's.
        var failed = Assert.Single(_services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Name == "ItemFailed");
        Assert.Same(executor.Failure, Assert.Single(report.Failures).Exception);
        Assert.Same(executor.Failure, failed.Exception);
        Assert.Equal((3, LogLevel.Warning), (failed.Id.Id, failed.Level));
        Assert.Equal($"Batch remote: item 0 failed outside its steps: {OutsideStepsFailingExecutor.Where}", failed.Message);
        Assert.Equal(OutsideStepsFailingExecutor.Where, failed.GetStructuredStateValue("FailedOutsideSteps"));
        Assert.Contains(failed.StructuredState!, p => p.Key == "FailedStepId" && p.Value is null);
    }

    [Fact]
    public async Task A_durable_runs_item_its_executor_failed_outside_its_steps_is_logged_with_its_key_and_where_the_executor_says_it_failed()
    {
        var options = _services.GetRequiredService<BatchOptions>();
        var node = new BatchNode<TestContext, int>("remote", Node.Create<TestContext>("work", _ => { }), options, new OutsideStepsFailingExecutor());

        await node.RunDurableBatchAsync(TestContext.Over([0]), new DurableRun<TestContext, int>(new InMemoryBatchStore(), "nightly", Codecs.Test(keyed: true)));

        var failed = Assert.Single(_services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Name == "ItemFailed");
        Assert.Equal($"Batch remote: item 0 (key '0') failed outside its steps: {OutsideStepsFailingExecutor.Where}", failed.Message);
        Assert.Equal(("0", OutsideStepsFailingExecutor.Where), (failed.GetStructuredStateValue("ItemKey"), failed.GetStructuredStateValue("FailedOutsideSteps")));
    }

    [Fact]
    public async Task Every_wording_of_ItemFailed_has_the_same_properties_and_a_keyed_one_adds_only_the_key()
    {
        var options = _services.GetRequiredService<BatchOptions>();
        var work = Node.Create<TestContext>("work", c => c.Output = c.Item == 1 ? throw new InvalidOperationException("a step's own failure") : c.Item);
        var prepared = Node.Create<ThrowingFactoryContext>("work", c => c.Output = c.Item);
        var preparedCodec = new IntOutputCodec<ThrowingFactoryContext>(c => c.Output, (c, v) => c.Output = v, Codecs.ByValue);
        var keyedCodec = Codecs.Test(keyed: true);
        var store = new InMemoryBatchStore();

        // Each wording twice, without and with the item's key: a step failed, the executor failed the item outside its
        // steps, the item failed before any step (here its context factory).
        await new BatchFlow<TestContext, int>(work, options, "worded").RunAsync(TestContext.Over([1]));
        await new BatchFlow<TestContext, int>(work, options, "worded").RunDurableAsync(TestContext.Over([1]), new DurableRun<TestContext, int>(store, "a", keyedCodec));
        var outside = new BatchNode<TestContext, int>("worded", work, options, new OutsideStepsFailingExecutor());
        await outside.RunBatchAsync(TestContext.Over([0]));
        await outside.RunDurableBatchAsync(TestContext.Over([0]), new DurableRun<TestContext, int>(store, "b", keyedCodec));
        await new BatchFlow<ThrowingFactoryContext, int>(prepared, options, "worded").RunAsync(new ThrowingFactoryContext { Items = [1], FailingItem = 1 });
        await new BatchFlow<ThrowingFactoryContext, int>(prepared, options, "worded").RunDurableAsync(
            new ThrowingFactoryContext { Items = [1], FailingItem = 1 }, new DurableRun<ThrowingFactoryContext, int>(store, "c", preparedCodec));

        var failures = _services.GetFakeLogCollector().GetSnapshot().Where(r => r.Id.Name == "ItemFailed").ToList();
        Assert.Equal(
            [
                "Batch worded: item 0 failed in step work",
                "Batch worded: item 0 (key '1') failed in step work",
                $"Batch worded: item 0 failed outside its steps: {OutsideStepsFailingExecutor.Where}",
                $"Batch worded: item 0 (key '0') failed outside its steps: {OutsideStepsFailingExecutor.Where}",
                "Batch worded: item 0 failed",
                "Batch worded: item 0 (key '1') failed",
            ],
            failures.Select(f => f.Message));
        string[] properties = ["BatchId", "FailedOutsideSteps", "FailedStepId", "ItemIndex"];
        for (var i = 0; i < failures.Count; i++)
        {
            var expected = i % 2 == 0 ? properties : [.. properties, "ItemKey"];
            Assert.Equal(expected.Order(StringComparer.Ordinal), failures[i].StructuredState!.Select(p => p.Key).Where(k => k != "{OriginalFormat}").Order(StringComparer.Ordinal));
            Assert.Equal(3, failures[i].Id.Id);
        }

        Assert.Contains(failures[0].StructuredState!, p => p.Key == "FailedOutsideSteps" && p.Value is null); // the step's failure
    }

    [Fact]
    public async Task A_batch_whose_item_count_is_not_known_says_so_when_it_starts()
    {
        var options = _services.GetRequiredService<BatchOptions>();

        await new BatchFlow<TestContext, int>(Node.Create<TestContext>("work", _ => { }), options, "lazy").RunAsync(TestContext.Over(Sources.Lazy(3)));

        var started = Assert.Single(_services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Name == "BatchStarted");
        Assert.Equal(1, started.Id.Id);
        Assert.Equal("Batch lazy started: the number of items is not known up front, at most 2 at a time", started.Message);
        Assert.Contains(started.StructuredState!, p => p.Key == "ItemsTotal" && p.Value is null); // the same properties, the count null
        Assert.Equal("2", started.GetStructuredStateValue("Parallelism"));
    }

    [Fact]
    public async Task A_durable_run_logs_its_durable_batch_id_beside_the_nodes()
    {
        var options = _services.GetRequiredService<BatchOptions>();
        var flow = new BatchFlow<TestContext, int>(Node.Create<TestContext>("work", c => c.Output = c.Item), options, "durable-node");

        await flow.RunDurableAsync(TestContext.Over([0, 1]), new DurableRun<TestContext, int>(new InMemoryBatchStore(), "nightly-42", Codecs.Test()));

        var records = _services.GetFakeLogCollector().GetSnapshot().Where(r => r.Category == "Floxide.Batch").ToList();
        Assert.Equal(["BatchStarted", "DurableBatchOpened", "BatchFinished"], records.Select(r => r.Id.Name));
        Assert.Equal("durable-node", records[1].GetStructuredStateValue("BatchId"));
        Assert.Equal("nightly-42", records[1].GetStructuredStateValue("DurableBatchId"));
        Assert.Equal(LogLevel.Information, records[1].Level);
    }

    [Fact]
    public async Task A_durable_run_that_waits_for_another_writers_lease_says_so_once_when_it_starts_waiting()
    {
        var options = _services.GetRequiredService<BatchOptions>();
        var time = new RecordingTimeProvider();
        var store = new InMemoryBatchStore(time);
        var held = await store.AcquireLeaseAsync("nightly-43", "host/42/abc", TimeSpan.FromMinutes(10), default);
        var waiting = new BatchFlow<TestContext, int>(Node.Create<TestContext>("work", c => c.Output = c.Item), options, "waiting-node").RunDurableAsync(
            TestContext.Over([0, 1]), new DurableRun<TestContext, int>(store, "nightly-43", Codecs.Test()) { LeaseWaitTimeout = TimeSpan.FromMinutes(20), TimeProvider = time });
        var collector = _services.GetFakeLogCollector();
        for (var poll = 0; poll < 3; poll++)
        {
            Assert.Equal(TimeSpan.FromSeconds(1), await time.NextTimerAsync());
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(TimeSpan.FromSeconds(1), await time.NextTimerAsync());
        var wait = Assert.Single(collector.GetSnapshot(), r => r.Category == "Floxide.Batch"); // logged while it waits, not when it gets the lease
        await store.ReleaseLeaseAsync(held, default);
        time.Advance(TimeSpan.FromSeconds(1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));

        var records = collector.GetSnapshot().Where(r => r.Category == "Floxide.Batch").ToList();
        Assert.Equal(["DurableBatchWaitingForLease", "BatchStarted", "DurableBatchOpened", "BatchFinished"], records.Select(r => r.Id.Name)); // once, for four polls
        Assert.Equal((11, LogLevel.Information), (wait.Id.Id, wait.Level));
        Assert.Equal("waiting-node", wait.GetStructuredStateValue("BatchId"));
        Assert.Equal("nightly-43", wait.GetStructuredStateValue("DurableBatchId"));
        Assert.Equal("host/42/abc", wait.GetStructuredStateValue("LeaseHolder"));
        Assert.Equal(
            $"Batch waiting-node waits for durable batch nightly-43: another writer (host/42/abc) holds its lease, which expires at {held.ExpiresAt:O}; the run waits at most 1200 s",
            wait.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_dead_letter_warns_in_the_run_where_it_failed_and_a_rerun_that_restores_it_logs_it_at_debug(bool retryFailed)
    {
        var options = _services.GetRequiredService<BatchOptions>();
        var store = new InMemoryBatchStore();
        var flow = new BatchFlow<TestContext, int>(
            Node.Create<TestContext>("work", c => c.Output = c.Item == 1 ? throw new InvalidOperationException("item 1 is bad") : c.Item), options, "dead-letters");
        var durable = new DurableRun<TestContext, int>(store, "nightly", Codecs.Test()) { RetryFailed = retryFailed };
        await flow.RunDurableAsync(TestContext.Over([0, 1, 2]), durable);
        var collector = _services.GetFakeLogCollector();
        var first = Assert.Single(collector.GetSnapshot(clear: true), r => r.Id.Name == "ItemFailed");
        Assert.Equal(LogLevel.Warning, first.Level);

        var report = await flow.RunDurableAsync(TestContext.Over([0, 1, 2]), durable);

        var failure = Assert.Single(report.Failures);
        var records = collector.GetSnapshot().Where(r => r.Category == "Floxide.Batch").ToList();
        if (retryFailed)
        {
            // Run again, it failed again: a new failure, warned about.
            Assert.False(failure.Resumed);
            Assert.IsType<InvalidOperationException>(Assert.Single(records, r => r.Id.Name == "ItemFailed").Exception);
            Assert.DoesNotContain(records, r => r.Id.Name == "ItemFailureRestored");
        }
        else
        {
            Assert.True(failure.Resumed);
            Assert.DoesNotContain(records, r => r.Id.Name == "ItemFailed");
            var restored = Assert.Single(records, r => r.Id.Name == "ItemFailureRestored");
            Assert.Equal(10, restored.Id.Id);
            Assert.Equal(LogLevel.Debug, restored.Level);
            Assert.Same(failure.Exception, restored.Exception);
            Assert.IsType<RecordedItemFailureException>(restored.Exception);
            Assert.Equal("1", restored.GetStructuredStateValue("ItemIndex"));
            Assert.Equal("Batch dead-letters: item 1 failed in an earlier run; its recorded failure is restored, not run again", restored.Message);
        }

        Assert.Equal("1", Assert.Single(records, r => r.Id.Name == "BatchFinished").GetStructuredStateValue("Failed"));
    }

    [Theory]
    [InlineData(BatchErrorMode.ContinueOnError)]
    [InlineData(BatchErrorMode.FailFast)]
    public async Task A_logging_provider_that_throws_on_an_items_failure_costs_no_result_and_no_stop(BatchErrorMode mode)
    {
        var throwing = new ThrowingLoggerProvider("ItemFailed", "BatchPaused");
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(throwing));
        var work = Node.Create<TestContext>("work", c =>
        {
            if (c.Item == 1)
            {
                throw new InvalidOperationException("item 1 is bad");
            }
        });
        var context = TestContext.Over(Enumerable.Range(0, 200));
        var options = new BatchOptions { MaxDegreeOfParallelism = 1, ErrorMode = mode, LoggerFactory = factory };

        var report = await new BatchFlow<TestContext, int>(work, options).RunAsync(context).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Single(context.Updates);
        Assert.Equal("item 1 is bad", Assert.Single(report.Failures).Exception!.Message);
        Assert.Equal(mode == BatchErrorMode.FailFast ? (1L, 198L) : (199L, 0L), (report.Succeeded, report.Skipped));
        Assert.Equal(["ItemFailed"], throwing.Thrown); // the provider did throw, and the run went on
    }

    [Fact]
    public async Task A_logging_provider_that_throws_on_a_pause_does_not_fail_the_attempt_that_asked_for_it()
    {
        var throwing = new ThrowingLoggerProvider("ItemFailed", "BatchPaused");
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(throwing));
        var time = new RecordingTimeProvider();
        var quota = new RateLimitRejectedException("quota", TimeSpan.FromSeconds(5));
        var work = Node.Create<TestContext>("work", c =>
        {
            if (c.Item == 0)
            {
                throw quota;
            }
        });
        var options = AdaptiveOptions.OneAtATimePausingForWaits(time) with { LoggerFactory = factory };

        var run = new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([0, 1]));
        Assert.Equal(TimeSpan.FromSeconds(5), await time.NextTimerAsync()); // the pause is in place
        time.Advance(TimeSpan.FromSeconds(5));
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Same(quota, Assert.Single(report.Failures).Exception);
        Assert.Equal(1, report.Succeeded);
        Assert.Contains("BatchPaused", throwing.Thrown); // the provider did throw on the pause
    }

    [Fact]
    public async Task A_logging_provider_that_throws_on_BatchStarted_fails_the_run_before_any_item_runs()
    {
        // docs/telemetry.md: one that throws on BatchStarted fails the run before any item runs.
        var throwing = new ThrowingLoggerProvider("BatchStarted");
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(throwing));
        var ran = 0;
        var context = TestContext.Over([1, 2, 3]);

        var error = await Record.ExceptionAsync(() => new BatchFlow<TestContext, int>(
            Node.Create<TestContext>("work", _ => Interlocked.Increment(ref ran)), new BatchOptions { LoggerFactory = factory }).RunAsync(context));

        Assert.Contains("the log sink is gone (BatchStarted)", Messages(error));
        Assert.Equal(0, ran);
        Assert.Equal(["BatchStarted"], throwing.Thrown);
    }

    [Fact]
    public async Task A_logging_provider_that_throws_on_DurableBatchWaitingForLease_fails_the_run_before_any_item_runs()
    {
        // docs/telemetry.md: as on BatchStarted, one that throws on DurableBatchWaitingForLease fails the run before any item runs.
        var throwing = new ThrowingLoggerProvider("DurableBatchWaitingForLease");
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(throwing));
        var time = new RecordingTimeProvider();
        var store = new InMemoryBatchStore(time);
        await store.AcquireLeaseAsync("nightly-44", "host/42/abc", TimeSpan.FromMinutes(10), default);
        var ran = 0;

        var error = await Record.ExceptionAsync(() => new BatchFlow<TestContext, int>(
            Node.Create<TestContext>("work", _ => Interlocked.Increment(ref ran)), new BatchOptions { LoggerFactory = factory }).RunDurableAsync(
            TestContext.Over([0, 1]), new DurableRun<TestContext, int>(store, "nightly-44", Codecs.Test()) { LeaseWaitTimeout = TimeSpan.FromMinutes(20), TimeProvider = time }));

        Assert.Contains("the log sink is gone (DurableBatchWaitingForLease)", Messages(error));
        Assert.Equal(0, ran);
        Assert.Equal(["DurableBatchWaitingForLease"], throwing.Thrown);
    }

    [Fact]
    public async Task A_logging_provider_that_throws_on_BatchStopped_fails_the_fail_fast_run_after_the_merge()
    {
        // docs/telemetry.md: on BatchStopped (as on BatchFinished) the run fails after the results were merged.
        var throwing = new ThrowingLoggerProvider("BatchStopped");
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(throwing));
        var context = TestContext.Over([0, 1, 2, 3]);
        var options = new BatchOptions { MaxDegreeOfParallelism = 1, ErrorMode = BatchErrorMode.FailFast, LoggerFactory = factory };

        var error = await Record.ExceptionAsync(() => new BatchFlow<TestContext, int>(
            Node.Create<TestContext>("work", c => c.Output = c.Item == 1 ? throw new InvalidOperationException("item 1 is bad") : c.Item), options).RunAsync(context));

        Assert.Contains("the log sink is gone (BatchStopped)", Messages(error));
        var merged = Assert.Single(context.Updates);
        Assert.Equal((1L, 1L, 2L), (merged.Succeeded, merged.Failed, merged.Skipped));
    }

    [Fact]
    public async Task A_logging_provider_that_throws_on_BatchDraining_leaves_the_cancel_and_the_drain_as_they_would_be()
    {
        // docs/telemetry.md: one that throws on BatchDraining (logged on the thread that cancels) is ignored there: the
        // caller's Cancel does not throw, the running item finishes, the others are canceled.
        var throwing = new ThrowingLoggerProvider("BatchDraining");
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(throwing));
        var started = new Signal();
        var finish = new Signal();
        var work = Node.CreateAsync<TestContext>("call", async (c, _) =>
        {
            started.Set();
            await finish.WaitAsync();
            c.Output = c.Item;
        });
        using var cancellation = new CancellationTokenSource();
        var context = TestContext.Over([0, 1, 2]);
        var options = new BatchOptions { MaxDegreeOfParallelism = 1, CancellationGracePeriod = Timeout.InfiniteTimeSpan, LoggerFactory = factory };

        var run = new BatchFlow<TestContext, int>(work, options).RunAsync(context, cancellation.Token);
        await started.WaitAsync();
        var cancelError = Record.Exception(cancellation.Cancel);
        finish.Set();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Null(cancelError);
        Assert.Equal(["BatchDraining"], throwing.Thrown);
        var merged = Assert.Single(context.Updates);
        Assert.Equal((1L, 2L), (merged.Succeeded, merged.Canceled));
    }

    private static string Messages(Exception? error) =>
        error is AggregateException many ? string.Join(" | ", many.Flatten().InnerExceptions.Select(e => e.Message)) : error?.Message ?? "";

    [Fact]
    public async Task A_logging_provider_that_throws_at_the_finish_fails_the_run_once_with_that_error_after_the_merge()
    {
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(new ThrowingLoggerProvider("BatchFinished", "BatchFailed")));
        var context = TestContext.Over([1, 2, 3]);

        var error = await Assert.ThrowsAsync<AggregateException>(
            () => new BatchFlow<TestContext, int>(Node.Create<TestContext>("work", _ => { }), new BatchOptions { LoggerFactory = factory }).RunAsync(context));

        Assert.Equal("the log sink is gone (BatchFinished)", Assert.Single(error.InnerExceptions).Message); // not BatchFailed's
        Assert.Equal(3, Assert.Single(context.Updates).Succeeded);
    }

    [Fact]
    public async Task A_logging_provider_that_throws_on_the_runs_failure_leaves_the_run_its_own_error()
    {
        var throwing = new ThrowingLoggerProvider("BatchSourceFailed", "BatchCanceled", "BatchFailed");
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(throwing));
        var options = new BatchOptions { LoggerFactory = factory };
        var work = Node.Create<TestContext>("work", _ => { });

        var unreadable = await Assert.ThrowsAsync<BatchSourceException>(
            () => new BatchFlow<TestContext, int>(work, options).RunAsync(new TestContext { Items = () => throw new InvalidDataException("disk gone") }));
        var canceled = await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([1, 2]), cancellationToken: new CancellationToken(canceled: true)));
        var unmerged = await Assert.ThrowsAsync<FloxideException>(
            () => new BatchFlow<StreamingTestContext, int>(Node.Create<StreamingTestContext>("work", _ => { }), options).RunAsync(new StreamingTestContext
            {
                Items = () => new BatchItems<int>([1, 2]),
                OnMerge = _ => throw new InvalidOperationException("sink is full"),
            }));

        Assert.Equal("disk gone", Assert.IsType<InvalidDataException>(unreadable.InnerException).Message);
        Assert.True(canceled.CancellationToken.IsCancellationRequested);
        Assert.Equal("sink is full", Assert.IsType<InvalidOperationException>(unmerged.InnerException).Message);
        Assert.Equal(["BatchSourceFailed", "BatchCanceled", "BatchFailed"], throwing.Thrown); // each run's failure event threw
    }

    [Fact]
    public async Task A_canceled_batch_logs_that_it_was_canceled_instead_of_finished()
    {
        var options = _services.GetRequiredService<BatchOptions>();
        using var cancellation = new CancellationTokenSource();
        var work = Node.CreateAsync<TestContext>("work", async (c, token) =>
        {
            if (c.Item == 2)
            {
                await cancellation.CancelAsync();
                await Task.Delay(Timeout.Infinite, token);
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new BatchFlow<TestContext, int>(work, options with { MaxDegreeOfParallelism = 1 }, "stopped").RunAsync(TestContext.Over([0, 1, 2, 3]), cancellationToken: cancellation.Token));

        var records = _services.GetFakeLogCollector().GetSnapshot().Where(r => r.Category == "Floxide.Batch").ToList();
        Assert.Equal(["BatchStarted", "BatchCanceled"], records.Select(r => r.Id.Name));
        Assert.Equal(LogLevel.Warning, records[1].Level);
        Assert.Equal("2", records[1].GetStructuredStateValue("Completed"));
        Assert.Equal("2", records[1].GetStructuredStateValue("Canceled"));
    }

    [Fact]
    public async Task A_source_that_throws_is_logged_as_an_error_with_its_exception()
    {
        var options = _services.GetRequiredService<BatchOptions>();
        var context = new TestContext { Items = () => throw new IOException("disk gone") };

        await Assert.ThrowsAsync<BatchSourceException>(() => new BatchFlow<TestContext, int>(Node.Create<TestContext>("work", _ => { }), options, "unreadable").RunAsync(context));

        var record = Assert.Single(_services.GetFakeLogCollector().GetSnapshot(), r => r.Category == "Floxide.Batch");
        Assert.Equal("BatchSourceFailed", record.Id.Name);
        Assert.Equal(LogLevel.Error, record.Level);
        Assert.Equal("disk gone", record.Exception!.Message);
    }

    [Fact]
    public async Task A_fail_fast_stop_logs_the_item_it_stopped_at()
    {
        var options = _services.GetRequiredService<BatchOptions>() with { MaxDegreeOfParallelism = 1, ErrorMode = BatchErrorMode.FailFast };
        var work = Node.Create<TestContext>("work", c =>
        {
            if (c.Item == 1)
            {
                throw new InvalidOperationException("stop");
            }
        });

        await new BatchFlow<TestContext, int>(work, options, "strict").RunAsync(TestContext.Over([0, 1, 2, 3]));

        var records = _services.GetFakeLogCollector().GetSnapshot().Where(r => r.Category == "Floxide.Batch").ToList();
        Assert.Equal(["BatchStarted", "ItemFailed", "BatchStopped", "BatchFinished"], records.Select(r => r.Id.Name));
        Assert.Equal("1", records[2].GetStructuredStateValue("ItemIndex"));
        Assert.Equal("2", records[2].GetStructuredStateValue("Skipped"));
    }

    [Fact]
    public async Task A_throttled_attempt_that_asks_for_a_wait_logs_the_pause_with_its_end_the_item_and_the_wait()
    {
        var time = new RecordingTimeProvider();
        var options = PausingOnTimeouts(time);
        var work = Node.Create<TestContext>("work", c =>
        {
            if (c.Item == 1)
            {
                throw new TimeoutException("quota used up");
            }
        });
        var pausedUntil = time.GetUtcNow() + TimeSpan.FromSeconds(30);

        var run = new BatchFlow<TestContext, int>(work, options, "metered").RunAsync(TestContext.Over([0, 1, 2]));
        Assert.Equal(TimeSpan.FromSeconds(30), await time.NextTimerAsync());
        time.Advance(TimeSpan.FromSeconds(30));
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        var records = _services.GetFakeLogCollector().GetSnapshot().Where(r => r.Category == "Floxide.Batch").ToList();
        Assert.Equal(["BatchStarted", "BatchPaused", "ItemFailed", "BatchFinished"], records.Select(r => r.Id.Name));
        var paused = records[1];
        Assert.Equal(LogLevel.Warning, paused.Level);
        Assert.Equal(
            $"Batch metered paused until {pausedUntil.ToString("O", CultureInfo.InvariantCulture)}: an attempt of item 1 was throttled and asked to wait 30 s",
            paused.Message);
        Assert.Equal("1", paused.GetStructuredStateValue("ItemIndex"));
    }

    [Fact]
    public async Task A_durable_runs_failed_item_is_logged_with_its_key_and_a_plain_or_positional_runs_with_its_index_only()
    {
        var options = _services.GetRequiredService<BatchOptions>();
        var work = Node.Create<TestContext>("work", c => c.Output = c.Item == 20 ? throw new InvalidOperationException("item 20 is bad") : c.Item);
        var flow = new BatchFlow<TestContext, int>(work, options, "loaded");
        var collector = _services.GetFakeLogCollector();

        await flow.RunDurableAsync(TestContext.Over([10, 20, 30]), new DurableRun<TestContext, int>(new InMemoryBatchStore(), "by-key", Codecs.Test(keyed: true)));
        var keyed = Assert.Single(collector.GetSnapshot(clear: true), r => r.Id.Name == "ItemFailed");
        await flow.RunDurableAsync(TestContext.Over([10, 20, 30]), new DurableRun<TestContext, int>(new InMemoryBatchStore(), "by-position", Codecs.Test()));
        var positional = Assert.Single(collector.GetSnapshot(clear: true), r => r.Id.Name == "ItemFailed");
        await flow.RunAsync(TestContext.Over([10, 20, 30]));
        var plain = Assert.Single(collector.GetSnapshot(clear: true), r => r.Id.Name == "ItemFailed");

        Assert.Equal("Batch loaded: item 1 (key '20') failed in step work", keyed.Message);
        Assert.Equal((3, LogLevel.Warning), (keyed.Id.Id, keyed.Level));
        Assert.Equal(("1", "20", "work"), (keyed.GetStructuredStateValue("ItemIndex"), keyed.GetStructuredStateValue("ItemKey"), keyed.GetStructuredStateValue("FailedStepId")));
        Assert.Equal("item 20 is bad", keyed.Exception!.Message);
        Assert.All([positional, plain], record =>
        {
            Assert.Equal("Batch loaded: item 1 failed in step work", record.Message); // the index says it all
            Assert.Null(record.GetStructuredStateValue("ItemKey"));
        });
    }

    [Fact]
    public async Task A_durable_runs_item_that_failed_outside_its_steps_is_logged_with_its_key_and_so_is_its_restored_failure_on_a_rerun()
    {
        var options = _services.GetRequiredService<BatchOptions>();
        var flow = new BatchFlow<ThrowingFactoryContext, int>(Node.Create<ThrowingFactoryContext>("work", c => c.Output = c.Item), options, "prepared");
        var codec = new IntOutputCodec<ThrowingFactoryContext>(c => c.Output, (c, v) => c.Output = v, Codecs.ByValue);
        var store = new InMemoryBatchStore();
        var collector = _services.GetFakeLogCollector();

        await flow.RunDurableAsync(new ThrowingFactoryContext { Items = [10, 20, 30], FailingItem = 20 }, new DurableRun<ThrowingFactoryContext, int>(store, "nightly", codec));
        var failed = Assert.Single(collector.GetSnapshot(clear: true), r => r.Id.Name == "ItemFailed");

        // Recorded as failed: a dead letter, whose rerun restores it (the factory would not fail now).
        var work = Node.Create<TestContext>("work", c => c.Output = c.Item == 20 ? throw new InvalidOperationException("item 20 is bad") : c.Item);
        var dead = new BatchFlow<TestContext, int>(work, options, "dead-letters");
        var durable = new DurableRun<TestContext, int>(new InMemoryBatchStore(), "nightly", Codecs.Test(keyed: true));
        await dead.RunDurableAsync(TestContext.Over([10, 20, 30]), durable);
        collector.Clear();
        await dead.RunDurableAsync(TestContext.Over([10, 20, 30]), durable);
        var restored = Assert.Single(collector.GetSnapshot(), r => r.Id.Name == "ItemFailureRestored");

        Assert.Equal("Batch prepared: item 1 (key '20') failed", failed.Message); // no step failed
        Assert.Null(failed.GetStructuredStateValue("FailedStepId"));
        Assert.Equal("20", failed.GetStructuredStateValue("ItemKey"));
        Assert.Equal("Batch dead-letters: item 1 (key '20') failed in an earlier run; its recorded failure is restored, not run again", restored.Message);
        Assert.Equal((10, LogLevel.Debug), (restored.Id.Id, restored.Level));
        Assert.Equal(("1", "20"), (restored.GetStructuredStateValue("ItemIndex"), restored.GetStructuredStateValue("ItemKey")));
        Assert.IsType<RecordedItemFailureException>(restored.Exception);
    }

    [Fact]
    public async Task A_durable_runs_throttled_attempt_logs_the_pause_with_the_items_key()
    {
        var time = new RecordingTimeProvider();
        var options = PausingOnTimeouts(time);
        var work = Node.Create<TestContext>("work", c => c.Output = c.Item == 20 ? throw new TimeoutException("quota used up") : c.Item);
        var pausedUntil = time.GetUtcNow() + TimeSpan.FromSeconds(30);

        var run = new BatchFlow<TestContext, int>(work, options, "metered").RunDurableAsync(
            TestContext.Over([10, 20, 30]), new DurableRun<TestContext, int>(new InMemoryBatchStore(), "metered-nightly", Codecs.Test(keyed: true)) { TimeProvider = TimeProvider.System } /* its lease renewals are not the timers this test reads */);
        Assert.Equal(TimeSpan.FromSeconds(30), await time.NextTimerAsync());
        time.Advance(TimeSpan.FromSeconds(30));
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        var paused = Assert.Single(_services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Name == "BatchPaused");
        Assert.Equal(
            $"Batch metered paused until {pausedUntil.ToString("O", CultureInfo.InvariantCulture)}: an attempt of item 1 (key '20') was throttled and asked to wait 30 s",
            paused.Message);
        Assert.Equal((8, LogLevel.Warning), (paused.Id.Id, paused.Level));
        Assert.Equal(("1", "20"), (paused.GetStructuredStateValue("ItemIndex"), paused.GetStructuredStateValue("ItemKey")));
    }

    [Fact]
    public void Every_log_event_is_in_the_telemetry_docs_with_its_id_name_level_and_message()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryPaths.Root(), "docs", "telemetry.md"));
        var events = typeof(BatchLog).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .ToList();

        Assert.Equal(22, events.Count);
        foreach (var e in events)
        {
            // The docs give the placeholders without their format strings ({DurationSeconds}, not {DurationSeconds:0.###}).
            var message = Regex.Replace(e.Message, @"\{(\w+):[^}]+\}", "{$1}");
            Assert.Contains($"| {e.EventId} | `{e.EventName}` | {e.Level} | `{message}`", docs);
        }
    }

    /// <summary>The test's options, one item at a time on <paramref name="time"/>, pausing the batch 30 s on a <see cref="TimeoutException"/>.</summary>
    private BatchOptions PausingOnTimeouts(TimeProvider time) => _services.GetRequiredService<BatchOptions>() with
    {
        MaxDegreeOfParallelism = 1,
        TimeProvider = time,
        AdaptiveConcurrency = new AdaptiveConcurrency { RetryAfter = ex => ex is TimeoutException ? TimeSpan.FromSeconds(30) : null },
    };
}

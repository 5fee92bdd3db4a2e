using System.Diagnostics.Metrics;
using System.Reflection;
using Floxide.Runtime.Tests.Support;
using Floxide.Testing;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Polly;
using static Floxide.Runtime.Tests.Support.FloxideMetrics;

namespace Floxide.Runtime.Tests.Telemetry;

/// <summary>
/// Metrics through <see cref="MetricCollector{T}"/>. Floxide's meter is process-wide, so every test gives its batch a
/// unique id and reads only the measurements tagged with it.
/// </summary>
public class MetricsTests
{
    [Fact]
    public async Task Items_completed_counts_each_item_once_by_status_for_a_batch_with_known_failures()
    {
        using var completed = Collect<long>("floxide.batch.items.completed");
        var id = UniqueId();
        var work = Node.Create<TestContext>("work", c =>
        {
            if (c.Item is 2 or 5 or 7)
            {
                throw new InvalidOperationException($"item {c.Item}");
            }
        });

        var report = await new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 3 }, id).RunAsync(TestContext.Over(Enumerable.Range(0, 10).ToArray()));

        Assert.Equal(3, report.Failed);
        Assert.Equal(7L, Sum(completed, id, "succeeded"));
        Assert.Equal(3L, Sum(completed, id, "failed"));
        Assert.Equal(0L, Sum(completed, id, "canceled") + Sum(completed, id, "skipped"));
    }

    [Fact]
    public async Task A_streamed_source_into_a_streaming_merge_counts_every_item_once_by_status()
    {
        using var completed = Collect<long>("floxide.batch.items.completed");
        var id = UniqueId();
        var work = Node.CreateAsync<StreamingTestContext>("work", async (c, _) =>
        {
            if (c.Item % 3 == 0)
            {
                await Task.Yield();
            }

            if (c.Item % 10 == 9)
            {
                throw new InvalidOperationException("every tenth");
            }
        });
        var context = new StreamingTestContext { Items = () => new BatchItems<int>(Sources.Stream(500, new System.Runtime.CompilerServices.StrongBox<long>())) };

        await new BatchFlow<StreamingTestContext, int>(work, new() { MaxDegreeOfParallelism = 4 }, id).RunAsync(context);

        Assert.Equal(450L, Sum(completed, id, "succeeded"));
        Assert.Equal(50L, Sum(completed, id, "failed"));
    }

    [Fact]
    public async Task Attempts_and_retries_are_counted_by_the_status_each_item_ended_in()
    {
        using var attempts = Collect<long>("floxide.batch.item.attempts");
        using var retries = Collect<long>("floxide.batch.item.retries");
        var id = UniqueId();
        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new Polly.Retry.RetryStrategyOptions { MaxRetryAttempts = 2, Delay = TimeSpan.Zero })
            .Build();
        var firstTries = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        var work = Node.Create<TestContext>("work", c =>
        {
            var first = firstTries.TryAdd(c.Item, true);
            if (c.Item == 3 || (c.Item == 1 && first))
            {
                throw new InvalidOperationException("transient, or not");
            }
        });

        var report = await new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 2, ResiliencePipeline = pipeline }, id).RunAsync(TestContext.Over([0, 1, 2, 3, 4, 5]));

        Assert.Equal(1, report.Failed);
        Assert.Equal(6L, Sum(attempts, id, "succeeded")); // four first tries, and item 1's two
        Assert.Equal(3L, Sum(attempts, id, "failed")); // item 3: the first try and two retries
        Assert.Equal(1L, Sum(retries, id, "succeeded"));
        Assert.Equal(2L, Sum(retries, id, "failed"));
    }

    [Fact]
    public async Task A_fail_fast_stop_counts_the_items_it_kept_from_starting_as_skipped()
    {
        using var completed = Collect<long>("floxide.batch.items.completed");
        var id = UniqueId();
        var work = Node.Create<TestContext>("work", c =>
        {
            if (c.Item == 3)
            {
                throw new InvalidOperationException("stop");
            }
        });

        await new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 1, ErrorMode = BatchErrorMode.FailFast }, id).RunAsync(TestContext.Over(Enumerable.Range(0, 10).ToArray()));

        Assert.Equal(3L, Sum(completed, id, "succeeded"));
        Assert.Equal(1L, Sum(completed, id, "failed"));
        Assert.Equal(6L, Sum(completed, id, "skipped"));
    }

    [Fact]
    public async Task Item_durations_are_recorded_per_item_by_status_while_results_keep_zero_durations_unless_asked()
    {
        using var durations = Collect<double>("floxide.batch.item.duration");
        var id = UniqueId();
        var work = Node.Create<TestContext>("work", c =>
        {
            if (c.Item == 4)
            {
                throw new InvalidOperationException("bad");
            }
        });

        var report = await new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 2 }, id).RunAsync(TestContext.Over(Enumerable.Range(0, 6).ToArray()));

        var mine = Mine(durations, id);
        Assert.Equal(5, mine.Count(m => Status(m) == "succeeded"));
        Assert.Equal(1, mine.Count(m => Status(m) == "failed"));
        Assert.All(mine, m => Assert.True(m.Value >= 0));
        Assert.All(report.Results, r => Assert.Equal(TimeSpan.Zero, r.Duration));
    }

    [Fact]
    public async Task Items_active_goes_up_once_and_down_once_per_item_and_ends_at_zero()
    {
        using var active = Collect<long>("floxide.batch.items.active");
        var id = UniqueId();
        var work = Node.CreateAsync<TestContext>("work", async (c, _) =>
        {
            if (c.Item % 2 == 0)
            {
                await Task.Yield();
            }
        });

        await new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 4 }, id).RunAsync(TestContext.Over(Enumerable.Range(0, 20).ToArray()));

        var mine = Mine(active, id);
        Assert.Equal(20, mine.Count(m => m.Value == 1));
        Assert.Equal(20, mine.Count(m => m.Value == -1));
        Assert.Equal(0L, mine.Sum(m => m.Value));
    }

    /// <summary>The duration histogram reads the options' clock, as the report and the log do (a user audit's test saw 0.016 s against a report's 1.4 s).</summary>
    [Fact]
    public async Task The_batch_duration_is_measured_on_the_options_clock_as_the_report_is()
    {
        using var batchDuration = Collect<double>("floxide.batch.duration");
        var id = UniqueId();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var work = Node.Create<TestContext>("work", _ => time.Advance(TimeSpan.FromSeconds(2)));

        var report = await new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 1, TimeProvider = time }, id).RunAsync(TestContext.Over([1, 2]));

        Assert.Equal(TimeSpan.FromSeconds(4), report.Duration);
        Assert.Equal(4.0, Assert.Single(Mine(batchDuration, id)).Value);
    }

    /// <summary>
    /// docs/telemetry.md: a logging provider that throws on BatchFinished fails the run after the merge, but the batch's
    /// span and duration were recorded as the run's own: the duration has no error.type, as the span has no error.
    /// </summary>
    [Fact]
    public async Task A_logging_provider_that_throws_at_the_finish_leaves_the_batch_duration_without_an_error_type()
    {
        using var batchDuration = Collect<double>("floxide.batch.duration");
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(new ThrowingLoggerProvider("BatchFinished")));
        var id = UniqueId();

        await Assert.ThrowsAsync<AggregateException>(
            () => new BatchFlow<TestContext, int>(Node.Create<TestContext>("work", _ => { }), new BatchOptions { LoggerFactory = factory }, id).RunAsync(TestContext.Over([1, 2])));

        Assert.False(Assert.Single(Mine(batchDuration, id)).Tags.ContainsKey("error.type"));
    }

    [Fact]
    public async Task A_running_batchs_progress_is_observable_and_its_duration_is_recorded_when_it_ends()
    {
        using var progress = Collect<long>("floxide.batch.progress");
        using var batchDuration = Collect<double>("floxide.batch.duration");
        using var batchesActive = Collect<long>("floxide.batch.active");
        var id = UniqueId();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var work = Node.CreateAsync<TestContext>("work", async (c, _) =>
        {
            if (c.Item == 3)
            {
                reached.TrySetResult();
                await gate.Task;
            }
            else if (c.Item == 1)
            {
                throw new InvalidOperationException("one failure");
            }
        });

        var run = new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 1 }, id).RunAsync(TestContext.Over(Enumerable.Range(0, 5).ToArray()));
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        progress.RecordObservableInstruments();
        var snapshot = Mine(progress, id).ToDictionary(m => (string)m.Tags["floxide.batch.progress.state"]!, m => m.Value);
        gate.SetResult();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3L, snapshot["completed"]); // items 0, 1 and 2; item 3 is running
        Assert.Equal(1L, snapshot["failed"]);
        Assert.Equal(0L, snapshot["canceled"]);
        Assert.Equal(5L, snapshot["total"]);
        Assert.Single(Mine(batchDuration, id));
        Assert.Equal([1L, -1L], Mine(batchesActive, id).Select(m => m.Value));

        progress.Clear();
        progress.RecordObservableInstruments();
        Assert.Empty(Mine(progress, id)); // a finished run is no longer observed
    }

    [Fact]
    public async Task Each_running_batchs_concurrency_level_is_observable_summed_over_its_runs_and_gone_when_they_end()
    {
        using var level = Collect<long>("floxide.batch.concurrency.level");
        var id = UniqueId();
        using var reached = new CountdownEvent(2);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var work = Node.CreateAsync<TestContext>("work", async (c, _) =>
        {
            reached.Signal();
            await gate.Task;
        });

        // Two runs of one batch id, each holding its only item: an adaptive one still at its initial level, and a fixed one.
        var adaptive = new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 8, AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 2 } }, id)
            .RunAsync(TestContext.Over([1]));
        var fixedLimit = new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 5 }, id).RunAsync(TestContext.Over([2]));
        Assert.True(reached.Wait(TimeSpan.FromSeconds(30)));
        level.RecordObservableInstruments();
        var observed = Assert.Single(Mine(level, id)).Value;
        gate.SetResult();
        await Task.WhenAll(adaptive, fixedLimit).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2L + 5L, observed);
        level.Clear();
        level.RecordObservableInstruments();
        Assert.Empty(Mine(level, id)); // finished runs are no longer observed
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_progress_gauge_sums_the_runs_of_a_batch_id_and_gives_a_total_only_when_every_run_knows_its_count(bool oneCountUnknown)
    {
        // docs/telemetry.md: floxide.batch.progress is summed over the runs of a batch id; `total` only when every run knows it.
        using var progress = Collect<long>("floxide.batch.progress");
        var id = UniqueId();
        using var reached = new CountdownEvent(2);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var work = Node.CreateAsync<TestContext>("work", async (c, _) =>
        {
            if (c.Item == 1)
            {
                reached.Signal();
                await gate.Task;
            }
        });

        // Each run at a limit of one has finished its first item and holds its second; the second run has three items, in a
        // collection or in a lazy sequence whose count is not known.
        var flow = new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 1 }, id);
        var first = flow.RunAsync(TestContext.Over([0, 1]));
        var second = flow.RunAsync(TestContext.Over(oneCountUnknown ? Sources.Lazy(3) : [0, 1, 2]));
        Assert.True(reached.Wait(TimeSpan.FromSeconds(30)));
        progress.RecordObservableInstruments();
        var observed = Mine(progress, id).ToDictionary(m => (string)m.Tags["floxide.batch.progress.state"]!, m => m.Value);
        gate.SetResult();
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1L + 1L, observed["completed"]);
        if (oneCountUnknown)
        {
            Assert.DoesNotContain("total", observed.Keys);
        }
        else
        {
            Assert.Equal(2L + 3L, observed["total"]);
        }
    }

    /// <summary>
    /// Observed as the run starts (its BatchStarted event, before the workers and their gate exist), an adaptive run shows
    /// its initial level, not its ceiling: a dashboard never sees a spike to the ceiling at every start.
    /// </summary>
    [Fact]
    public async Task An_adaptive_run_is_observed_at_its_initial_level_from_its_start_not_at_its_ceiling()
    {
        using var level = Collect<long>("floxide.batch.concurrency.level");
        var id = UniqueId();
        long? atStart = null;
        using var loggers = new StartedCallback(() =>
        {
            level.RecordObservableInstruments();
            atStart = Mine(level, id).Single().Value;
        });
        var options = new BatchOptions { MaxDegreeOfParallelism = 32, AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 3 }, LoggerFactory = loggers };

        await new BatchFlow<TestContext, int>(Node.Create<TestContext>("work", _ => { }), options, id).RunAsync(TestContext.Over([1, 2]));

        Assert.Equal(3L, atStart);
    }

    [Fact]
    public async Task A_resumed_durable_run_counts_its_restored_items_as_resumed_with_no_attempts_and_no_duration()
    {
        using var completed = Collect<long>("floxide.batch.items.completed");
        using var attempts = Collect<long>("floxide.batch.item.attempts");
        using var durations = Collect<double>("floxide.batch.item.duration");
        var id = UniqueId();
        var store = new InMemoryBatchStore();
        var work = Node.Create<TestContext>("work", c =>
        {
            if (c.Item == 1)
            {
                throw new InvalidOperationException("item 1 is bad");
            }
        });
        var flow = new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 2 }, id);
        await flow.RunDurableAsync(TestContext.Over([0, 1, 2]), new DurableRun<TestContext, int>(store, "nightly-42", Codecs.Test()));
        completed.Clear();
        attempts.Clear();
        durations.Clear();

        var report = await flow.RunDurableAsync(TestContext.Over([0, 1, 2, 3, 4]), new DurableRun<TestContext, int>(store, "nightly-42", Codecs.Test()));

        Assert.Equal(3, report.Resumed);
        var counted = Mine(completed, id);
        Assert.Equal(5L, counted.Sum(m => m.Value)); // every item accounted for once
        Assert.Equal(2L, counted.Where(m => Resumed(m) && Status(m) == "succeeded").Sum(m => m.Value));
        Assert.Equal(1L, counted.Where(m => Resumed(m) && Status(m) == "failed").Sum(m => m.Value));
        Assert.Equal(2L, counted.Where(m => !m.Tags.ContainsKey("floxide.item.resumed") && Status(m) == "succeeded").Sum(m => m.Value));
        Assert.Equal(2L, Mine(attempts, id).Sum(m => m.Value)); // only items 3 and 4 ran
        Assert.Equal(2, Mine(durations, id).Count);
    }

    [Fact]
    public async Task A_recorded_item_whose_context_factory_throws_on_the_rerun_is_counted_as_failed_not_resumed_as_the_report_says()
    {
        using var completed = Collect<long>("floxide.batch.items.completed");
        using var durations = Collect<double>("floxide.batch.item.duration");
        var id = UniqueId();
        var store = new InMemoryBatchStore();
        var flow = new BatchFlow<ThrowingFactoryContext, int>(Node.Create<ThrowingFactoryContext>("work", c => c.Output = c.Item * 2), new() { MaxDegreeOfParallelism = 1 }, id);
        var codec = new IntOutputCodec<ThrowingFactoryContext>(c => c.Output, (c, v) => c.Output = v);
        await flow.RunDurableAsync(new ThrowingFactoryContext { Items = [0, 1, 2] }, new DurableRun<ThrowingFactoryContext, int>(store, "factory", codec));
        completed.Clear();
        durations.Clear();

        // Item 2 was recorded, but its context cannot be created now: it is not restored, so not resumed.
        var report = await flow.RunDurableAsync(new ThrowingFactoryContext { Items = [0, 1, 2], FailingItem = 2 }, new DurableRun<ThrowingFactoryContext, int>(store, "factory", codec));

        Assert.Equal((2L, 1L), (report.Resumed, report.Failed));
        var counted = Mine(completed, id);
        Assert.Equal(report.Resumed, counted.Where(Resumed).Sum(m => m.Value));
        Assert.Equal(1L, counted.Where(m => !Resumed(m) && Status(m) == "failed").Sum(m => m.Value));
        Assert.Single(Mine(durations, id)); // item 2's, which got as far as its factory
    }

    [Fact]
    public async Task An_item_running_when_a_fail_fast_batch_stops_is_recorded_as_skipped_with_its_duration_and_attempt()
    {
        using var completed = Collect<long>("floxide.batch.items.completed");
        using var attempts = Collect<long>("floxide.batch.item.attempts");
        using var durations = Collect<double>("floxide.batch.item.duration");
        var id = UniqueId();
        using var firstStarted = new SemaphoreSlim(0);
        var work = StoppingNode.Create(firstStarted);

        await new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 2, ErrorMode = BatchErrorMode.FailFast }, id).RunAsync(TestContext.Over([0, 1]));

        Assert.Equal(1L, Sum(completed, id, "skipped"));
        Assert.Equal(1L, Sum(attempts, id, "skipped"));
        Assert.Single(Mine(durations, id), m => Status(m) == "skipped");
    }

    [Fact]
    public void The_telemetry_docs_list_every_status_an_item_span_or_item_instrument_can_carry()
    {
        var docs = File.ReadAllLines(Path.Combine(RepositoryPaths.Root(), "docs", "telemetry.md"));
        string[] rows =
        [
            "| `item {batch id}` |",
            "| `floxide.batch.items.completed` |",
            "| `floxide.batch.item.duration` |",
            "| `floxide.batch.item.attempts` |",
            "| `floxide.batch.item.retries` |",
        ];
        foreach (var row in rows)
        {
            var line = Assert.Single(docs, l => l.StartsWith(row, StringComparison.Ordinal));
            Assert.All(Enum.GetValues<BatchItemStatus>(), status => Assert.Contains($"`{TelemetryTags.StatusValue(status)}`", line));
        }
    }

    [Fact]
    public void Every_instrument_is_in_the_telemetry_docs_with_its_type_and_unit()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryPaths.Root(), "docs", "telemetry.md"));
        var instruments = typeof(FloxideInstruments).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetValue(null))
            .OfType<Instrument>()
            .ToList();

        Assert.Equal(10, instruments.Count);
        foreach (var instrument in instruments)
        {
            var type = instrument.GetType();
            var kind = $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}&lt;{type.GetGenericArguments()[0].Name.ToLowerInvariant() switch { "int64" => "long", var other => other }}&gt;";
            Assert.Contains($"| `{instrument.Name}` | {kind} | `{instrument.Unit}` |", docs);
        }
    }

    [Fact]
    public void Both_duration_histograms_advise_the_semantic_conventions_buckets_for_seconds_as_the_docs_list_them()
    {
        // docs/telemetry.md: without the advice an SDK falls back to buckets for milliseconds, and every batch lands in the first.
        double[] buckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
        var docs = File.ReadAllText(Path.Combine(RepositoryPaths.Root(), "docs", "telemetry.md"));
        var histograms = typeof(FloxideInstruments).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetValue(null))
            .OfType<Histogram<double>>()
            .ToList();

        Assert.Equal(["floxide.batch.duration", "floxide.batch.item.duration"], histograms.Select(h => h.Name).Order());
        Assert.All(histograms, h => Assert.Equal(buckets, h.Advice?.HistogramBucketBoundaries));
        Assert.Contains("(" + string.Join(", ", buckets.Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ")", docs);
    }

    [Fact]
    public void Every_attribute_and_span_event_is_in_the_telemetry_docs()
    {
        // The README: every span, metric, unit, attribute and log event is listed there. A tag the docs give as a sibling's
        // shorthand (`floxide.batch.items.succeeded`, `.failed`) counts when a line holds both.
        var docs = File.ReadAllLines(Path.Combine(RepositoryPaths.Root(), "docs", "telemetry.md"));
        var tags = typeof(TelemetryTags).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetValue(null)!)
            .ToList();

        Assert.Contains("floxide.step.retry", tags);
        Assert.All(tags, tag =>
        {
            var last = tag.LastIndexOf('.');
            var shorthand = $"`{tag[last..]}`";
            var sibling = $"`{tag[..last]}.";
            Assert.True(
                docs.Any(l => l.Contains($"`{tag}`", StringComparison.Ordinal) || (l.Contains(shorthand, StringComparison.Ordinal) && l.Contains(sibling, StringComparison.Ordinal))),
                $"{tag} is not in docs/telemetry.md");
        });
    }

    /// <summary>A logger factory that calls back when a batch logs BatchStarted.</summary>
    private sealed class StartedCallback(Action started) : ILoggerFactory, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name == "BatchStarted")
            {
                started();
            }
        }

        public void Dispose()
        {
        }
    }

    private static string? Status<T>(CollectedMeasurement<T> measurement)
        where T : struct => measurement.Tags["floxide.item.status"] as string;

    private static bool Resumed<T>(CollectedMeasurement<T> measurement)
        where T : struct => measurement.Tags.TryGetValue("floxide.item.resumed", out var resumed) && Equals(resumed, true);

    private static long Sum(MetricCollector<long> collector, string id, string status) =>
        Mine(collector, id).Where(m => Status(m) == status).Sum(m => m.Value);
}

using Floxide.Runtime.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Floxide.Runtime.Tests.Batching;

/// <summary>A progress reporter is the caller's code: when it throws, the batch still ends, merges, and then says so.</summary>
public sealed class ProgressTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_reporter_that_throws_on_the_timer_neither_escapes_the_timer_nor_loses_the_results()
    {
        var time = new RecordingTimeProvider();
        var release = new Signal();
        var reporter = new ThrowingProgress();
        var work = Node.CreateAsync<TestContext>("work", async (context, _) => await release.WaitAsync());
        var context = TestContext.Over([1, 2, 3]);

        var run = new BatchFlow<TestContext, int>(work, new BatchOptions { TimeProvider = time }).RunAsync(context, reporter);
        Assert.Equal(TimeSpan.FromMilliseconds(100), await time.NextTimerAsync()); // the progress timer
        time.Advance(TimeSpan.FromMilliseconds(100)); // the timer reports here, on this thread: nothing may escape
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, reporter.Calls); // the timer's report threw, before the end's
        release.Set();
        var error = await Assert.ThrowsAsync<FloxideException>(() => run.WaitAsync(Patience));

        Assert.Same(reporter.Thrown, error.InnerException);
        Assert.Equal(1, reporter.Calls); // not called again, not even at the end
        var merged = Assert.Single(context.Updates);
        Assert.Equal(3, merged.Succeeded);
    }

    [Fact]
    public async Task A_reporter_that_throws_at_the_end_does_not_stop_the_merge()
    {
        var reporter = new ThrowingProgress();
        var context = TestContext.Over([1, 2, 3]);

        var error = await Assert.ThrowsAsync<FloxideException>(
            () => new BatchFlow<TestContext, int>(Node.Create<TestContext>("work", _ => { })).RunAsync(context, reporter).WaitAsync(Patience));

        Assert.Same(reporter.Thrown, error.InnerException);
        Assert.Contains("the progress reporter threw", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, Assert.Single(context.Updates).Succeeded);
    }

    [Fact]
    public async Task Progress_is_reported_every_100_ms_of_the_options_clock_and_once_at_the_end_before_RunAsync_returns()
    {
        var (time, release, allStarted, progress, flow) = ThreeWaitingItems();

        var run = flow.RunAsync(TestContext.Over([1, 2, 3]), progress);
        Assert.Equal(TimeSpan.FromMilliseconds(100), await time.NextTimerAsync()); // the progress timer, on the options' clock
        await allStarted.WaitAsync();
        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Empty(progress.Reports);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([new BatchProgress(0, 0, 0, 0, 3) { ConcurrencyLevel = 3 }], progress.Reports);
        release.Set();
        var report = await run.WaitAsync(Patience);

        // Nothing advanced the clock again: the second report is the final one, made before RunAsync returned.
        Assert.Equal(2, progress.Reports.Count);
        Assert.Equal(new BatchProgress(report.Succeeded + report.Failed, report.Failed, report.Canceled, report.Skipped, report.Total) { ConcurrencyLevel = 3 }, progress.Reports.Last());
        Assert.Equal(3, progress.Reports.Last().Completed);
    }

    [Fact]
    public async Task A_stream_reports_progress_on_the_options_clock_with_the_level_and_once_at_the_end_before_its_last_result_is_taken()
    {
        var (time, release, allStarted, progress, flow) = ThreeWaitingItems();

        var results = new List<BatchItemResult<TestContext, int>>();
        var reportsWhenEnded = -1;
        var consume = Task.Run(async () =>
        {
            await using var stream = flow.StreamAsync(TestContext.Over([1, 2, 3]), progress).GetAsyncEnumerator();
            while (await stream.MoveNextAsync())
            {
                results.Add(stream.Current);
            }

            reportsWhenEnded = progress.Reports.Count;
        });
        Assert.Equal(TimeSpan.FromMilliseconds(100), await time.NextTimerAsync().WaitAsync(Patience));
        await allStarted.WaitAsync();
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal([new BatchProgress(0, 0, 0, 0, 3) { ConcurrencyLevel = 3 }], progress.Reports);
        release.Set();
        await consume.WaitAsync(Patience);

        Assert.Equal([1, 2, 3], results.Select(r => r.Item));
        Assert.Equal(2, reportsWhenEnded); // the last report was made before the enumeration ended
        Assert.Equal(new BatchProgress(3, 0, 0, 0, 3) { ConcurrencyLevel = 3 }, progress.Reports.Last());
    }

    [Fact]
    public async Task A_stream_whose_reporter_throws_yields_every_result_then_throws_the_reporter_error()
    {
        var reporter = new ThrowingProgress();
        var flow = new BatchFlow<TestContext, int>(Node.Create<TestContext>("work", c => c.Output = c.Item * 10));

        var outputs = new List<int>();
        var error = await Assert.ThrowsAsync<FloxideException>(async () =>
        {
            await foreach (var result in flow.StreamAsync(TestContext.Over([1, 2, 3]), reporter))
            {
                outputs.Add(result.Context!.Output);
            }
        }).WaitAsync(Patience);

        Assert.Equal([10, 20, 30], outputs);
        Assert.Same(reporter.Thrown, error.InnerException);
        Assert.Equal(1, reporter.Calls);
    }

    [Fact]
    public async Task A_stream_left_early_reports_nothing_once_its_disposal_returned()
    {
        var time = new FakeTimeProvider();
        var progress = new ProgressRecorder();
        var work = Node.CreateAsync<TestContext>("work", async (c, token) =>
        {
            if (c.Item > 1)
            {
                await Task.Delay(Timeout.Infinite, token);
            }
        });
        var flow = new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 2, TimeProvider = time });

        await foreach (var result in flow.StreamAsync(TestContext.Over([1, 2, 3]), progress).WithCancellation(CancellationToken.None))
        {
            Assert.Equal(1, result.Item);
            break;
        }

        var reported = progress.Reports.Count;
        time.Advance(TimeSpan.FromSeconds(1)); // ten ticks of a timer that must be gone
        Assert.Equal(reported, progress.Reports.Count);
    }

    [Fact]
    public async Task A_report_in_flight_as_the_batch_ends_is_neither_overlapped_by_the_last_report_nor_comes_after_it()
    {
        // FakeTimeProvider's timers, unlike the system's, do not wait for a callback in flight when disposed: the tick's
        // report is held in the reporter until the run has disposed its timer, and the end's report must still come after it.
        var disposed = new Signal();
        var time = new DisposalTellingTime(disposed.Set);
        var itemStarted = new Signal();
        var finishItem = new Signal();
        var tickInside = new Signal();
        var inside = 0;
        var calls = 0;
        var overlapped = false;
        var reports = new List<BatchProgress>();
        var progress = new InPlaceProgress(report =>
        {
            overlapped |= Interlocked.Increment(ref inside) > 1;
            if (Interlocked.Increment(ref calls) == 1)
            {
                tickInside.Set();
                disposed.WaitAsync().GetAwaiter().GetResult(); // the batch ends meanwhile
            }

            lock (reports)
            {
                reports.Add(report);
            }

            Interlocked.Decrement(ref inside);
        });
        var work = Node.CreateAsync<TestContext>("work", async (_, _) =>
        {
            itemStarted.Set();
            await finishItem.WaitAsync();
        });

        var run = new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 1, TimeProvider = time })
            .RunAsync(TestContext.Over([1]), progress);
        await itemStarted.WaitAsync();
        var tick = Task.Run(() => time.Advance(TimeSpan.FromMilliseconds(100))); // the tick reports on this thread, and is held
        await tickInside.WaitAsync();
        finishItem.Set();
        await run.WaitAsync(Patience);
        await tick.WaitAsync(Patience);

        Assert.False(overlapped, "two reports at once");
        Assert.Equal(2, reports.Count);
        Assert.Equal(new BatchProgress(0, 0, 0, 0, 1) { ConcurrencyLevel = 1 }, reports[0]); // the tick's, while the item ran
        Assert.Equal(new BatchProgress(1, 0, 0, 0, 1) { ConcurrencyLevel = 1 }, reports[1]); // the end's, last
    }

    /// <summary>A flow of three at once on a recording clock whose items each wait for <c>release</c> once all three started.</summary>
    private static (RecordingTimeProvider Time, Signal Release, Signal AllStarted, ProgressRecorder Progress, BatchFlow<TestContext, int> Flow) ThreeWaitingItems()
    {
        var time = new RecordingTimeProvider();
        var release = new Signal();
        var allStarted = new Signal();
        var started = allStarted.SetAfter(3);
        var work = Node.CreateAsync<TestContext>("work", async (_, _) =>
        {
            started();
            await release.WaitAsync();
        });
        return (time, release, allStarted, new ProgressRecorder(), new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 3, TimeProvider = time }));
    }

    /// <summary>A reporter called in place, on the reporting thread.</summary>
    private sealed class InPlaceProgress(Action<BatchProgress> report) : IProgress<BatchProgress>
    {
        public void Report(BatchProgress value) => report(value);
    }

    /// <summary>A fake clock that says when a timer made on it is disposed (and, as FakeTimeProvider's, does not wait for its callback).</summary>
    private sealed class DisposalTellingTime(Action disposed) : FakeTimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            new Told(base.CreateTimer(callback, state, dueTime, period), disposed);

        private sealed class Told(ITimer inner, Action disposed) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

            public void Dispose()
            {
                inner.Dispose();
                disposed();
            }

            public ValueTask DisposeAsync()
            {
                Dispose();
                return default;
            }
        }
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using Floxide.Runtime.Tests.Support;
using Floxide.Testing;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Retry;

namespace Floxide.Runtime.Tests.Durability;

public class DurableRunTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private static INode<TestContext> Doubling(ConcurrentDictionary<int, int> runs, Func<TestContext, CancellationToken, Task>? before = null) =>
        Node.CreateAsync<TestContext>("double", async (context, cancellationToken) =>
        {
            runs.AddOrUpdate(context.Item, 1, (_, n) => n + 1);
            if (before is not null)
            {
                await before(context, cancellationToken);
            }

            context.Output = context.Item * 2;
        });

    private static INode<StreamingTestContext> StreamingDoubling(ConcurrentDictionary<int, int> runs, Func<StreamingTestContext, CancellationToken, Task>? before = null) =>
        Node.CreateAsync<StreamingTestContext>("double", async (context, cancellationToken) =>
        {
            runs.AddOrUpdate(context.Item, 1, (_, n) => n + 1);
            if (before is not null)
            {
                await before(context, cancellationToken);
            }

            context.Output = context.Item * 2;
        });

    [Fact]
    public async Task Resumed_items_replay_without_a_permit_a_concurrency_slot_or_a_retry()
    {
        var store = new InMemoryBatchStore();
        var runs = new ConcurrentDictionary<int, int>();
        var items = Enumerable.Range(0, 200).ToArray();
        var recordedOnly = TestContext.Over(items[..150]);
        await new BatchFlow<TestContext, int>(Doubling(runs), new BatchOptions { MaxDegreeOfParallelism = 4 })
            .RunDurableAsync(recordedOnly, new DurableRun<TestContext, int>(store, "limited", Codecs.Test()));

        // The rerun's limiter refuses every permit: only the 50 items never recorded may ask for one.
        using var refusing = new System.Threading.RateLimiting.ConcurrencyLimiter(new() { PermitLimit = 1, QueueLimit = 0 });
        using var held = refusing.AttemptAcquire();
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 4,
            RateLimiter = refusing,
            AdaptiveConcurrency = new AdaptiveConcurrency(),
        };
        var context = TestContext.Over(items);
        var report = await new BatchFlow<TestContext, int>(Doubling(runs), options)
            .RunDurableAsync(context, new DurableRun<TestContext, int>(store, "limited", Codecs.Test()));

        Assert.Equal(150, report.Resumed);
        var results = Assert.Single(context.Updates);
        Assert.Equal(items, results.Select(r => r.Item));
        Assert.All(results.Take(150), r => Assert.Equal((BatchItemStatus.Succeeded, r.Item * 2, 0, true), (r.Status, r.Context!.Output, r.Attempts, r.Resumed)));
        Assert.All(results.Skip(150), r => Assert.IsType<RateLimitRejectedException>(r.Exception));
        Assert.All(items[..150], i => Assert.Equal(1, runs[i])); // ran once, in the first run
    }

    [Fact]
    public async Task A_rerun_s_results_say_which_were_resumed_with_no_attempt_or_duration_and_which_ran()
    {
        var store = new InMemoryBatchStore();
        var failing = true;
        var time = new FakeTimeProvider(); // an item that runs takes 1 ms of it, so only a restored result's duration is zero
        var node = Node.Create<TestContext>("work", context =>
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            if (failing && context.Item == 3)
            {
                throw new InvalidOperationException("bad item 3");
            }

            context.Output = context.Item * 2;
        });
        var retried = ResiliencePipeline.Empty; // an item pipeline: attempts are counted by it, and resumed items bypass it
        var options = new BatchOptions { MaxDegreeOfParallelism = 1, MeasureItemDurations = true, ResiliencePipeline = retried, TimeProvider = time };
        var flow = new BatchFlow<TestContext, int>(node, options);
        var first = TestContext.Over(Enumerable.Range(0, 4).ToArray());
        await flow.RunDurableAsync(first, new DurableRun<TestContext, int>(store, "r", Codecs.Test()));
        Assert.All(first.Updates.Single(), r => Assert.Equal((false, 1), (r.Resumed, r.Attempts)));

        // Items 0 to 3 are recorded (3 as a dead letter); 4 and 5 are new.
        failing = false;
        var rerun = TestContext.Over(Enumerable.Range(0, 6).ToArray());
        var report = await flow.RunDurableAsync(rerun, new DurableRun<TestContext, int>(store, "r", Codecs.Test()));

        var results = rerun.Updates.Single();
        Assert.Equal([true, true, true, true, false, false], results.Select(r => r.Resumed));
        Assert.Equal([0, 0, 0, 0, 1, 1], results.Select(r => r.Attempts));
        Assert.Equal([0, 0, 0, 0, 1, 1], results.Select(r => r.Duration.TotalMilliseconds));
        Assert.Equal([0, 2, 4, 8, 10], results.Where(r => r.Succeeded).Select(r => r.Context!.Output));
        Assert.IsType<RecordedItemFailureException>(results[3].Exception);
        Assert.Equal(BatchItemStatus.Failed, results[3].Status);
        Assert.Equal(report.Resumed, results.Count(r => r.Resumed));
        Assert.Equal(("#0 Succeeded (resumed)", "#4 Succeeded"), (results[0].ToString(), results[4].ToString()));

        // Asked to run the dead letter again, the rerun runs it: it is not resumed.
        var again = TestContext.Over(Enumerable.Range(0, 6).ToArray());
        await flow.RunDurableAsync(again, new DurableRun<TestContext, int>(store, "r", Codecs.Test()) { RetryFailed = true });
        var retriedResult = again.Updates.Single()[3];
        Assert.Equal((BatchItemStatus.Succeeded, false, 1, 6), (retriedResult.Status, retriedResult.Resumed, retriedResult.Attempts, retriedResult.Context!.Output));
    }

    [Fact]
    public async Task A_codec_error_while_recording_a_run_of_slots_still_marks_the_replayed_items_after_it_and_commits_none_of_it()
    {
        var store = new InMemoryBatchStore();
        var breakAt = -1;
        var codec = new IntOutputCodec<TestContext>(c => c.Item == breakAt ? throw new FormatException("item 10 cannot be written") : c.Output, (c, v) => c.Output = v, Codecs.ByValue);
        var flow = new BatchFlow<TestContext, int>(Node.Create<TestContext>("work", c => c.Output = c.Item * 2), new() { MaxDegreeOfParallelism = 1 });
        await flow.RunDurableAsync(TestContext.Over([.. Enumerable.Range(0, 15).Where(i => i != 10)]), new DurableRun<TestContext, int>(store, "c", codec));

        // 15 items at a limit of 1 run in chunks of 1, 2, then 3: [9, 10, 11] is one run of slots, 10 new between two replays.
        breakAt = 10;
        var rerun = TestContext.Over([.. Enumerable.Range(0, 15)]);
        var error = await Assert.ThrowsAsync<FloxideException>(() => flow.RunDurableAsync(rerun, new DurableRun<TestContext, int>(store, "c", codec)));

        Assert.IsType<FormatException>(error.InnerException);
        var results = rerun.Updates.Single();
        Assert.Equal((true, true), (results[9].Resumed, results[11].Resumed));
        Assert.Equal((BatchItemStatus.Succeeded, false), (results[10].Status, results[10].Resumed));
        Assert.All(results.Skip(12), r => Assert.Equal((BatchItemStatus.Skipped, false), (r.Status, r.Resumed))); // stopped
        Assert.DoesNotContain(await store.ReadItemsAsync("c", default), r => r.Key == "10");
    }

    [Fact]
    public async Task A_recorded_item_whose_context_factory_throws_on_the_rerun_is_not_resumed()
    {
        var store = new InMemoryBatchStore();
        var flow = new BatchFlow<ThrowingFactoryContext, int>(Node.Create<ThrowingFactoryContext>("work", c => c.Output = c.Item * 2), new() { MaxDegreeOfParallelism = 1 });
        var codec = new IntOutputCodec<ThrowingFactoryContext>(c => c.Output, (c, v) => c.Output = v);
        await flow.RunDurableAsync(new ThrowingFactoryContext { Items = [0, 1, 2] }, new DurableRun<ThrowingFactoryContext, int>(store, "factory", codec));

        var rerun = new ThrowingFactoryContext { Items = [0, 1, 2], FailingItem = 2 };
        var report = await flow.RunDurableAsync(rerun, new DurableRun<ThrowingFactoryContext, int>(store, "factory", codec));

        Assert.Equal(2, report.Resumed);
        var failed = Assert.Single(report.Failures);
        Assert.Equal((2, false), (failed.Item, failed.Resumed));
        Assert.IsType<ArgumentException>(failed.Exception);
    }

    [Fact]
    public async Task A_fresh_run_records_every_finished_item_with_its_outputs_and_releases_the_lease()
    {
        var store = new InMemoryBatchStore();
        var runs = new ConcurrentDictionary<int, int>();
        var context = TestContext.Over(Enumerable.Range(0, 500).ToArray());
        var flow = new BatchFlow<TestContext, int>(Doubling(runs), new BatchOptions { MaxDegreeOfParallelism = 4 });

        var report = await flow.RunDurableAsync(context, new DurableRun<TestContext, int>(store, "b1", Codecs.Test()));

        Assert.Equal(500, report.Succeeded);
        Assert.Equal(0, report.Resumed);
        var records = (await store.ReadItemsAsync("b1", default)).OrderBy(r => r.Index).ToList();
        Assert.Equal(Enumerable.Range(0, 500).Select(i => (long)i), records.Select(r => r.Index));
        Assert.All(records, r => Assert.Equal(BatchItemStatus.Succeeded, r.Status));
        Assert.All(records, r => Assert.Equal(BitConverter.GetBytes((int)r.Index * 2), r.Outputs.ToArray()));
        Assert.All(records, r => Assert.Equal(ItemFingerprint.Of((int)r.Index), r.Fingerprint));
        await store.AcquireLeaseAsync("b1", "someone else", TimeSpan.FromSeconds(1), default); // released: no throw
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_rerun_after_a_cancellation_runs_only_the_unrecorded_items_and_merges_every_item_once_in_order(bool streaming)
    {
        const int Count = 300;
        var store = new InMemoryBatchStore();
        var runs = new ConcurrentDictionary<int, int>();
        using var cancellation = new CancellationTokenSource();
        var finished = 0;

        async Task CancelAfterHundred(int item, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref finished) == 100)
            {
                await cancellation.CancelAsync();
            }

            await Task.Yield();
        }

        var options = new BatchOptions { MaxDegreeOfParallelism = 4 };
        if (streaming)
        {
            var first = new StreamingTestContext { Items = () => Enumerable.Range(0, Count).ToArray() };
            var flow = new BatchFlow<StreamingTestContext, int>(StreamingDoubling(runs, (c, ct) => CancelAfterHundred(c.Item, ct)), options);
            var durable = new DurableRun<StreamingTestContext, int>(store, "s", Codecs.Streaming());
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flow.RunDurableAsync(first, durable, null, cancellation.Token));
            var recordedAfterCancel = (await store.ReadItemsAsync("s", default)).Count;
            Assert.True(recordedAfterCancel >= 100, $"only {recordedAfterCancel} items recorded after the cancel");
            Assert.Equal(first.Statuses.GetValueOrDefault(BatchItemStatus.Succeeded), recordedAfterCancel);

            var second = new StreamingTestContext { Items = () => Enumerable.Range(0, Count).ToArray() };
            var ranBefore = runs.Keys.ToHashSet();
            var report = await new BatchFlow<StreamingTestContext, int>(StreamingDoubling(runs), options).RunDurableAsync(second, durable);

            Assert.Empty(second.Violations); // every result once, in input order
            Assert.Equal(Count, second.Merged);
            Assert.Equal(Enumerable.Range(0, Count).Sum(i => i * 2L), second.OutputSum);
            Assert.Equal(recordedAfterCancel, report.Resumed);
            Assert.Equal(recordedAfterCancel, second.ResumedMerged); // each restored result says so when it is merged
            Assert.Equal(Count, report.Succeeded);
        }
        else
        {
            var first = TestContext.Over(Enumerable.Range(0, Count).ToArray());
            var flow = new BatchFlow<TestContext, int>(Doubling(runs, (c, ct) => CancelAfterHundred(c.Item, ct)), options);
            var durable = new DurableRun<TestContext, int>(store, "k", Codecs.Test());
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flow.RunDurableAsync(first, durable, null, cancellation.Token));
            var succeededFirst = first.Updates.Single().Where(r => r.Succeeded).Select(r => r.Item).ToHashSet();
            var recorded = (await store.ReadItemsAsync("k", default)).Select(r => (int)r.Index).ToHashSet();
            Assert.Equal(succeededFirst.Order(), recorded.Order()); // cancellation kept every finished item

            var second = TestContext.Over(Enumerable.Range(0, Count).ToArray());
            var report = await new BatchFlow<TestContext, int>(Doubling(runs), options).RunDurableAsync(second, durable);

            var results = second.Updates.Single();
            Assert.Equal(Enumerable.Range(0, Count), results.Select(r => (int)r.Index));
            Assert.Equal(Enumerable.Range(0, Count).Select(i => i * 2), results.Select(r => r.Context!.Output));
            Assert.Equal(recorded.Count, report.Resumed);
        }

        Assert.All(runs, pair => Assert.Equal(1, pair.Value)); // no recorded item ran again, none ran twice
        Assert.Equal(Count, runs.Count);
    }

    [Fact]
    public async Task A_failed_item_is_recorded_as_a_dead_letter_replayed_on_rerun_and_run_again_only_when_asked()
    {
        var store = new InMemoryBatchStore();
        var runs = new ConcurrentDictionary<int, int>();
        var failing = true;
        var node = Node.Create<TestContext>("work", context =>
        {
            runs.AddOrUpdate(context.Item, 1, (_, n) => n + 1);
            if (failing && context.Item % 10 == 3)
            {
                throw new InvalidOperationException($"bad item {context.Item}");
            }

            context.Output = context.Item * 2;
        });
        var flow = new BatchFlow<TestContext, int>(node, new BatchOptions { MaxDegreeOfParallelism = 2 });
        var durable = new DurableRun<TestContext, int>(store, "f", Codecs.Test());

        var first = await flow.RunDurableAsync(TestContext.Over(Enumerable.Range(0, 50).ToArray()), durable);
        Assert.Equal(5, first.Failed);
        var deadLetter = (await store.ReadItemsAsync("f", default)).Single(r => r.Index == 13);
        Assert.Equal(BatchItemStatus.Failed, deadLetter.Status);
        Assert.Equal(typeof(InvalidOperationException).FullName, deadLetter.ErrorType);
        Assert.Equal("bad item 13", deadLetter.ErrorMessage);
        Assert.Contains(nameof(A_failed_item_is_recorded_as_a_dead_letter_replayed_on_rerun_and_run_again_only_when_asked), deadLetter.ErrorStackTrace);
        Assert.Equal("work", deadLetter.FailedStepId);

        failing = false;
        var replay = await flow.RunDurableAsync(TestContext.Over(Enumerable.Range(0, 50).ToArray()), durable);
        Assert.Equal(50, replay.Resumed);
        Assert.Equal(5, replay.Failed);
        var replayed = Assert.IsType<RecordedItemFailureException>(replay.Failures[1].Exception);
        Assert.Equal(typeof(InvalidOperationException).FullName, replayed.ErrorType);
        Assert.Equal("bad item 13", replayed.ErrorMessage);
        Assert.Equal(deadLetter.ErrorStackTrace, replayed.StackTrace);
        Assert.Equal("work", replay.Failures[1].FailedStepId);
        Assert.All(runs, pair => Assert.Equal(1, pair.Value)); // nothing ran again

        var retryContext = TestContext.Over(Enumerable.Range(0, 50).ToArray());
        var retry = await flow.RunDurableAsync(retryContext, new DurableRun<TestContext, int>(store, "f", Codecs.Test()) { RetryFailed = true });
        Assert.Equal(45, retry.Resumed);
        Assert.Equal(50, retry.Succeeded);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => i * 2), retryContext.Updates.Single().Select(r => r.Context!.Output));
        Assert.Equal(Enumerable.Range(0, 50).Where(i => i % 10 == 3), runs.Where(p => p.Value == 2).Select(p => p.Key).Order());
        Assert.All(await store.ReadItemsAsync("f", default), r => Assert.Equal(BatchItemStatus.Succeeded, r.Status));
    }

    [Fact]
    public async Task Resuming_over_a_changed_source_throws_naming_the_first_mismatching_item_and_runs_nothing_after_it()
    {
        var store = new InMemoryBatchStore();
        var runs = new ConcurrentDictionary<int, int>();
        var flow = new BatchFlow<TestContext, int>(Doubling(runs), new BatchOptions { MaxDegreeOfParallelism = 1 });
        var durable = new DurableRun<TestContext, int>(store, "c", Codecs.Test());
        await flow.RunDurableAsync(TestContext.Over(Enumerable.Range(0, 20).ToArray()), durable);
        runs.Clear();

        var changed = Enumerable.Range(0, 20).Select(i => i == 7 ? 700 : i).ToArray();
        var error = await Assert.ThrowsAsync<DurableSourceChangedException>(() => flow.RunDurableAsync(TestContext.Over(changed), durable));

        Assert.Equal(7, error.ItemIndex);
        Assert.Equal("7", error.Key);
        Assert.Contains("input position 7", error.Message);
        Assert.Contains("'c'", error.Message);
        Assert.Empty(runs); // items before it were restored, none after it started
    }

    /// <summary>
    /// A dead letter whose input was corrected since (an item keyed by its absolute value: -3 failed, 3 is its correction):
    /// RetryFailed runs the corrected item; without RetryFailed, for a succeeded record, and for items identified by
    /// position (where a corrected item and one that moved look the same), a changed item still stops the run.
    /// </summary>
    [Fact]
    public async Task RetryFailed_runs_a_keyed_failed_item_whose_input_was_corrected_and_a_changed_succeeded_or_positional_item_still_stops_the_run()
    {
        var store = new InMemoryBatchStore();
        var runs = new ConcurrentDictionary<int, int>();
        var node = Node.Create<TestContext>("work", context =>
        {
            runs.AddOrUpdate(context.Item, 1, (_, n) => n + 1);
            context.Output = context.Item < 0 ? throw new InvalidOperationException($"bad item {context.Item}") : context.Item * 2;
        });
        var flow = new BatchFlow<TestContext, int>(node, new BatchOptions { MaxDegreeOfParallelism = 2 });
        var byMagnitude = new IntOutputCodec<TestContext>(c => c.Output, (c, v) => c.Output = v, item => Math.Abs(item).ToString(CultureInfo.InvariantCulture));
        DurableRun<TestContext, int> Keyed(bool retryFailed) => new(store, "corrected", byMagnitude) { RetryFailed = retryFailed };
        int[] Items(int at3, int at5) => [0, 1, 2, at3, 4, at5, 6, 7];

        Assert.Equal(1, (await flow.RunDurableAsync(TestContext.Over(Items(-3, 5)), Keyed(false))).Failed);

        // Corrected, but not asked to retry: the dead letter is what the record says about another item.
        var notAsked = await Assert.ThrowsAsync<DurableSourceChangedException>(() => flow.RunDurableAsync(TestContext.Over(Items(3, 5)), Keyed(false)));
        Assert.Equal((3L, "3", true), (notAsked.ItemIndex, notAsked.Key, notAsked.RecordedFailed));
        Assert.EndsWith("The record is a failure: if its input was corrected, RetryFailed = true runs it again as it is now.", notAsked.Message, StringComparison.Ordinal);

        runs.Clear();
        var corrected = TestContext.Over(Items(3, 5));
        var report = await flow.RunDurableAsync(corrected, Keyed(true));
        Assert.Equal((8L, 0L, 7L), (report.Succeeded, report.Failed, report.Resumed));
        Assert.Equal([3], runs.Keys); // only the corrected item ran
        Assert.Equal([0, 2, 4, 6, 8, 10, 12, 14], corrected.Updates.Single().Select(r => r.Context!.Output));

        // A succeeded record over a changed item is refused even with RetryFailed: its recorded output is another item's.
        var succeededChanged = await Assert.ThrowsAsync<DurableSourceChangedException>(() => flow.RunDurableAsync(TestContext.Over(Items(3, -5)), Keyed(true)));
        Assert.Equal((5L, false), (succeededChanged.ItemIndex, succeededChanged.RecordedFailed));
        Assert.DoesNotContain("RetryFailed", succeededChanged.Message, StringComparison.Ordinal);

        // The corrected item's record is a success now: a plain rerun restores all eight.
        Assert.Equal(8, (await flow.RunDurableAsync(TestContext.Over(Items(3, 5)), Keyed(false))).Resumed);

        // By position, RetryFailed does not take a changed item: it may be another item that moved there.
        var positional = new DurableRun<TestContext, int>(store, "by-position", Codecs.Test()) { RetryFailed = true };
        Assert.Equal(1, (await flow.RunDurableAsync(TestContext.Over(Items(-3, 5)), positional)).Failed);
        runs.Clear();
        var moved = await Assert.ThrowsAsync<DurableSourceChangedException>(() => flow.RunDurableAsync(TestContext.Over(Items(3, 5)), positional));
        Assert.Equal((3L, true), (moved.ItemIndex, moved.RecordedFailed));
        Assert.Contains("items are identified by their position", moved.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(3, runs.Keys);
    }

    /// <summary>
    /// An incremental run over a source edited between runs (files keyed by name, a new version of two of them, one new):
    /// RunChangedItems runs the changed and new items, restores the rest, and replaces the changed records, so the next
    /// rerun restores everything; a failed record whose input did not change is still replayed (that is RetryFailed's
    /// call), and items identified by position keep the check.
    /// </summary>
    [Fact]
    public async Task RunChangedItems_runs_keyed_items_whose_input_changed_and_replaces_their_records_while_positional_items_still_stop()
    {
        var store = new InMemoryBatchStore();
        var runs = new ConcurrentDictionary<int, int>();
        var node = Node.Create<TestContext>("work", context =>
        {
            runs.AddOrUpdate(context.Item, 1, (_, n) => n + 1);
            context.Output = context.Item is 103 or 104 ? throw new InvalidOperationException($"bad item {context.Item}") : context.Item * 2;
        });
        var flow = new BatchFlow<TestContext, int>(node, new BatchOptions { MaxDegreeOfParallelism = 2 });
        var byFile = new IntOutputCodec<TestContext>(c => c.Output, (c, v) => c.Output = v, item => (item % 100).ToString(CultureInfo.InvariantCulture));
        DurableRun<TestContext, int> Keyed(bool runChanged) => new(store, "folder", byFile) { RunChangedItems = runChanged };

        Assert.Equal(2, (await flow.RunDurableAsync(TestContext.Over([100, 101, 102, 103, 104]), Keyed(false))).Failed);

        // Files 1 and 3 have a new version; file 5 is new. Without RunChangedItems the first changed file stops the run.
        int[] edited = [100, 201, 102, 203, 104, 105];
        var refused = await Assert.ThrowsAsync<DurableSourceChangedException>(() => flow.RunDurableAsync(TestContext.Over(edited), Keyed(false)));
        Assert.Equal((1L, "1"), (refused.ItemIndex, refused.Key));
        Assert.Contains("or set RunChangedItems = true to run changed items again.", refused.Message, StringComparison.Ordinal);

        runs.Clear();
        var context = TestContext.Over(edited);
        var report = await flow.RunDurableAsync(context, Keyed(true));
        Assert.Equal([105, 201, 203], runs.Keys.Order()); // the changed and the new; 104 unchanged, its failure replayed
        Assert.Equal((5L, 1L, 3L), (report.Succeeded, report.Failed, report.Resumed));
        Assert.Equal([200, 402, 204, 406, 0, 210], context.Updates.Single().Select(r => r.Context!.Output));

        // The changed records were replaced: a plain rerun restores every one.
        runs.Clear();
        Assert.Equal(6, (await flow.RunDurableAsync(TestContext.Over(edited), Keyed(false))).Resumed);
        Assert.Empty(runs);

        // With RetryFailed too, the unchanged failed item runs again (RetryFailed's call), and nothing else does.
        var both = await flow.RunDurableAsync(TestContext.Over(edited), Keyed(true) with { RetryFailed = true });
        Assert.Equal([104], runs.Keys);
        Assert.Equal((5L, 1L), (both.Resumed, both.Failed));
        runs.Clear();

        // By position, a changed item may be another one that moved: the check stays, and the error offers no RunChangedItems.
        var positional = new DurableRun<TestContext, int>(store, "by-position", Codecs.Test()) { RunChangedItems = true };
        await flow.RunDurableAsync(TestContext.Over([100, 101, 102]), positional);
        var moved = await Assert.ThrowsAsync<DurableSourceChangedException>(() => flow.RunDurableAsync(TestContext.Over([100, 201, 102]), positional));
        Assert.Equal(1L, moved.ItemIndex);
        Assert.DoesNotContain("RunChangedItems", moved.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recorded_outputs_the_codec_can_no_longer_read_stop_the_run_with_the_codec_error_not_a_failed_item()
    {
        var store = new InMemoryBatchStore();
        var runs = new ConcurrentDictionary<int, int>();
        var flow = new BatchFlow<TestContext, int>(Doubling(runs), new BatchOptions { MaxDegreeOfParallelism = 2 });
        await flow.RunDurableAsync(TestContext.Over([0, 1, 2, 3]), new DurableRun<TestContext, int>(store, "changed-output", Codecs.Test()));
        runs.Clear();

        // The output's type changed since: the record of item 2 no longer reads.
        var changed = new IntOutputCodec<TestContext>(c => c.Output, (c, v) => c.Output = c.Item == 2 ? throw new FormatException("not an int any more") : v);
        var context = TestContext.Over([0, 1, 2, 3]);
        var error = await Assert.ThrowsAsync<FloxideException>(() => flow.RunDurableAsync(context, new DurableRun<TestContext, int>(store, "changed-output", changed)).WaitAsync(Guard));

        Assert.IsType<FormatException>(error.InnerException);
        Assert.Contains("failed to read the outputs recorded for the item at input position 2 (key '2')", error.Message);
        Assert.Contains("'changed-output'", error.Message);
        Assert.Empty(runs); // nothing ran again
        var item = context.Updates.Single().Single(r => r.Index == 2);
        Assert.Equal(BatchItemStatus.Skipped, item.Status); // stopped by the run, as by a failing store: not a failure of its workflow
        Assert.DoesNotContain(context.Updates.Single(), r => r.Status == BatchItemStatus.Failed);
        Assert.All(await store.ReadItemsAsync("changed-output", default), r => Assert.Equal(BatchItemStatus.Succeeded, r.Status)); // the records stay
    }

    [Fact]
    public async Task A_second_writer_on_the_same_batch_id_gets_a_clear_error_and_the_first_run_loses_nothing()
    {
        var store = new InMemoryBatchStore();
        var runs = new ConcurrentDictionary<int, int>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = new BatchFlow<TestContext, int>(Doubling(runs, async (c, _) =>
        {
            if (c.Item == 5)
            {
                blocked.TrySetResult();
                await release.Task;
            }
        }), new BatchOptions { MaxDegreeOfParallelism = 2 });
        var durable = new DurableRun<TestContext, int>(store, "one", Codecs.Test());
        var firstRun = first.RunDurableAsync(TestContext.Over(Enumerable.Range(0, 10).ToArray()), durable);
        await blocked.Task.WaitAsync(Guard);

        var second = new BatchFlow<TestContext, int>(Doubling(new ConcurrentDictionary<int, int>()));
        var error = await Assert.ThrowsAsync<BatchLeaseException>(() => second.RunDurableAsync(TestContext.Over(Enumerable.Range(0, 10).ToArray()), durable));
        Assert.Equal("one", error.BatchId);
        Assert.Contains("another writer", error.Message);

        release.SetResult();
        var report = await firstRun.WaitAsync(Guard);
        Assert.Equal(10, report.Succeeded);
        Assert.Equal(10, (await store.ReadItemsAsync("one", default)).Count);
    }

    [Fact]
    public async Task An_expired_lease_can_be_taken_over_and_the_old_holder_can_no_longer_commit()
    {
        var time = new ManualTime();
        var store = new InMemoryBatchStore(time);
        var old = await store.AcquireLeaseAsync("x", "old", TimeSpan.FromSeconds(10), default);
        await Assert.ThrowsAsync<BatchLeaseException>(() => store.AcquireLeaseAsync("x", "new", TimeSpan.FromSeconds(10), default).AsTask());

        time.Advance(TimeSpan.FromSeconds(11));
        var taken = await store.AcquireLeaseAsync("x", "new", TimeSpan.FromSeconds(10), default);

        var lost = await Assert.ThrowsAsync<BatchLeaseException>(() => store.CommitAsync(old, [Record(0)], default).AsTask());
        Assert.Equal("new", lost.Holder);
        Assert.Empty(await store.ReadItemsAsync("x", default));
        await store.CommitAsync(taken, [Record(0)], default);
        Assert.Single(await store.ReadItemsAsync("x", default));
    }

    [Fact]
    public async Task An_idle_run_renews_its_lease_every_third_of_its_duration_so_nobody_takes_it_over()
    {
        var time = new RecordingTimeProvider();
        var store = new InMemoryBatchStore(time);
        var started = new Signal();
        var release = new Signal();
        var durable = new DurableRun<TestContext, int>(store, "r", Codecs.Test()) { LeaseDuration = TimeSpan.FromSeconds(15), TimeProvider = time };
        var hold = Node.CreateAsync<TestContext>("hold", async (_, _) =>
        {
            started.Set();
            await release.WaitAsync();
        });

        var run = new BatchFlow<TestContext, int>(hold, new BatchOptions { TimeProvider = time }).RunDurableAsync(TestContext.Over([1]), durable);
        await started.WaitAsync();
        for (var renewal = 0; renewal < 4; renewal++) // 20 s in all: past the 15 s the lease was taken for
        {
            Assert.Equal(TimeSpan.FromSeconds(5), await time.NextTimerAsync());
            time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.Equal(TimeSpan.FromSeconds(5), await time.NextTimerAsync()); // the writer waits again: the 4th renewal is in
        Assert.Equal(4, store.Commits); // empty commits: renewals
        var taken = await Assert.ThrowsAsync<BatchLeaseException>(() => store.AcquireLeaseAsync("r", "other", TimeSpan.FromSeconds(15), default).AsTask());
        release.Set();
        var report = await run.WaitAsync(Guard);

        Assert.Contains("another writer", taken.Message, StringComparison.Ordinal);
        Assert.Equal(1, report.Succeeded);
        Assert.Single(await store.ReadItemsAsync("r", default));
    }

    [Fact]
    public async Task A_runs_lease_lasts_15_seconds_by_default_and_its_first_renewal_is_due_after_a_third_of_that()
    {
        var time = new RecordingTimeProvider();
        var store = new InMemoryBatchStore(time);
        var started = new Signal();
        var release = new Signal();
        var durable = new DurableRun<TestContext, int>(store, "default", Codecs.Test()) { TimeProvider = time };
        var hold = Node.CreateAsync<TestContext>("hold", async (_, _) =>
        {
            started.Set();
            await release.WaitAsync();
        });

        var run = new BatchFlow<TestContext, int>(hold, new BatchOptions { TimeProvider = time }).RunDurableAsync(TestContext.Over([1]), durable);
        await started.WaitAsync();
        var held = await Assert.ThrowsAsync<BatchLeaseException>(() => store.AcquireLeaseAsync("default", "other", TimeSpan.FromSeconds(1), default).AsTask());
        var firstRenewal = await time.NextTimerAsync();
        release.Set();
        await run.WaitAsync(Guard);

        Assert.Equal(TimeSpan.FromSeconds(15), durable.LeaseDuration);
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromSeconds(15), held.ExpiresAt); // what the store was asked for
        Assert.Equal(TimeSpan.FromSeconds(5), firstRenewal);
    }

    /// <summary>The run waits on its own clock, or by default on the batch's (one clock a test gives the batch drives both).</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_run_waits_for_an_expiring_lease_when_allowed(bool onTheBatchsClock)
    {
        var time = new RecordingTimeProvider();
        var store = new InMemoryBatchStore(time);
        await store.AcquireLeaseAsync("w", "crashed", TimeSpan.FromMilliseconds(200), default);
        var durable = new DurableRun<TestContext, int>(store, "w", Codecs.Test()) { LeaseWaitTimeout = TimeSpan.FromSeconds(20) };
        var waiting = onTheBatchsClock
            ? new BatchFlow<TestContext, int>(Doubling(new ConcurrentDictionary<int, int>()), new BatchOptions { TimeProvider = time }).RunDurableAsync(TestContext.Over([1, 2, 3]), durable)
            : new BatchFlow<TestContext, int>(Doubling(new ConcurrentDictionary<int, int>())).RunDurableAsync(TestContext.Over([1, 2, 3]), durable with { TimeProvider = time });

        Assert.Equal(TimeSpan.FromMilliseconds(200), await time.NextTimerAsync()); // until the lease expires, sooner than the next second's ask
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(200));

        Assert.Equal(3, (await waiting.WaitAsync(Guard)).Succeeded);
    }

    [Fact]
    public async Task A_run_waiting_for_a_lease_takes_it_within_a_second_of_its_release_not_at_its_expiry()
    {
        var time = new RecordingTimeProvider();
        var store = new InMemoryBatchStore(time);
        var held = await store.AcquireLeaseAsync("released", "other", TimeSpan.FromMinutes(10), default);
        var waiting = new BatchFlow<TestContext, int>(Doubling(new ConcurrentDictionary<int, int>())).RunDurableAsync(
            TestContext.Over([1, 2, 3]), new DurableRun<TestContext, int>(store, "released", Codecs.Test()) { LeaseWaitTimeout = TimeSpan.FromMinutes(20), TimeProvider = time });

        Assert.Equal(TimeSpan.FromSeconds(1), await time.NextTimerAsync());
        await store.ReleaseLeaseAsync(held, default); // the other run ends, 9 minutes 59 seconds before its lease would expire
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(3, (await waiting.WaitAsync(Guard)).Succeeded);
    }

    [Fact]
    public async Task A_rerun_that_does_not_wait_for_a_held_lease_is_told_to_set_LeaseWaitTimeout()
    {
        var time = new RecordingTimeProvider();
        var store = new InMemoryBatchStore(time);
        var crashed = await store.AcquireLeaseAsync("killed", "host/42/abc", TimeSpan.FromSeconds(15), default); // a run killed a moment ago
        var durable = new DurableRun<TestContext, int>(store, "killed", Codecs.Test()) { TimeProvider = time };

        var error = await Assert.ThrowsAsync<BatchLeaseException>(
            () => new BatchFlow<TestContext, int>(Doubling(new ConcurrentDictionary<int, int>())).RunDurableAsync(TestContext.Over([1, 2]), durable).WaitAsync(Guard));

        Assert.Equal(
            $"Durable batch 'killed' is being run by another writer (host/42/abc) whose lease expires at {crashed.ExpiresAt:O}; only one run of a batch id may write at a time. "
            + "Set DurableRun.LeaseWaitTimeout to wait for that lease to end (a killed run's lease expires by itself).",
            error.Message);
        Assert.Equal(("killed", "host/42/abc", crashed.ExpiresAt), (error.BatchId, error.Holder, error.ExpiresAt));
        var held = Assert.IsType<BatchLeaseException>(error.InnerException); // what the store said
        Assert.Equal(("host/42/abc", crashed.ExpiresAt), (held.Holder, held.ExpiresAt));
        Assert.False(time.HasUntakenTimer); // it did not wait
    }

    [Fact]
    public async Task A_rerun_whose_wait_for_a_held_lease_runs_out_says_how_long_it_waited()
    {
        var time = new RecordingTimeProvider();
        var store = new InMemoryBatchStore(time);
        var alive = await store.AcquireLeaseAsync("busy", "host/7/def", TimeSpan.FromMinutes(10), default);
        var waiting = new BatchFlow<TestContext, int>(Doubling(new ConcurrentDictionary<int, int>())).RunDurableAsync(
            TestContext.Over([1, 2]), new DurableRun<TestContext, int>(store, "busy", Codecs.Test()) { LeaseWaitTimeout = TimeSpan.FromSeconds(2.5), TimeProvider = time });
        Assert.Equal(TimeSpan.FromSeconds(1), await time.NextTimerAsync());
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(1), await time.NextTimerAsync());
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(0.5), await time.NextTimerAsync()); // the rest of the wait
        time.Advance(TimeSpan.FromSeconds(0.5));

        var error = await Assert.ThrowsAsync<BatchLeaseException>(() => waiting.WaitAsync(Guard));

        Assert.Equal(
            $"Durable batch 'busy' is being run by another writer (host/7/def) whose lease expires at {alive.ExpiresAt:O}; only one run of a batch id may write at a time, "
            + "and this run waited 2.5 s (DurableRun.LeaseWaitTimeout) for that lease to end.",
            error.Message);
        Assert.Equal(("busy", "host/7/def", alive.ExpiresAt), (error.BatchId, error.Holder, error.ExpiresAt));
        Assert.IsType<BatchLeaseException>(error.InnerException);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1_000)]
    [InlineData(86_400_001)]
    public void A_lease_duration_that_is_not_positive_or_over_a_day_is_refused_naming_the_property(long ms)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DurableRun<TestContext, int>(new InMemoryBatchStore(), "b", Codecs.Test()) { LeaseDuration = TimeSpan.FromMilliseconds(ms) });

        Assert.Equal("LeaseDuration", error.ParamName);
        Assert.Contains("more than zero and at most a day", error.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(86_400_001)]
    public void A_lease_wait_that_is_negative_or_over_a_day_is_refused_naming_the_property(long ms)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DurableRun<TestContext, int>(new InMemoryBatchStore(), "b", Codecs.Test()) { LeaseWaitTimeout = TimeSpan.FromMilliseconds(ms) });

        Assert.Equal("LeaseWaitTimeout", error.ParamName);
    }

    [Fact]
    public void A_lease_of_exactly_a_day_and_a_wait_of_zero_or_a_day_are_accepted()
    {
        var run = new DurableRun<TestContext, int>(new InMemoryBatchStore(), "b", Codecs.Test()) { LeaseDuration = TimeSpan.FromDays(1), LeaseWaitTimeout = TimeSpan.FromDays(1) };

        Assert.Equal((TimeSpan.FromDays(1), TimeSpan.FromDays(1)), (run.LeaseDuration, run.LeaseWaitTimeout));
        Assert.Equal(TimeSpan.Zero, new DurableRun<TestContext, int>(new InMemoryBatchStore(), "b", Codecs.Test()).LeaseWaitTimeout);
    }

    [Fact]
    public async Task A_rerun_allowed_to_wait_takes_a_stalled_runs_lease_when_it_expires_on_the_clock_and_the_stalled_run_then_writes_nothing()
    {
        var time = new RecordingTimeProvider();
        var store = new InMemoryBatchStore(time);
        var blocked = new Signal();
        var release = new Signal();

        // The stalled run: its first item waits, and its renewals wait on a clock that never fires (a paused process).
        var stale = Node.CreateAsync<TestContext>("stale", async (context, _) =>
        {
            blocked.Set();
            await release.WaitAsync();
            context.Output = -1;
        });
        var stalled = new BatchFlow<TestContext, int>(stale, new BatchOptions { MaxDegreeOfParallelism = 1 })
            .RunDurableAsync(TestContext.Over(Enumerable.Range(0, 10).ToArray()), new DurableRun<TestContext, int>(store, "t", Codecs.Test()) { TimeProvider = new ManualTime() });
        await blocked.WaitAsync();

        var runs = new ConcurrentDictionary<int, int>();
        var rerun = TestContext.Over(Enumerable.Range(0, 10).ToArray());
        var waiting = new BatchFlow<TestContext, int>(Doubling(runs)).RunDurableAsync(
            rerun, new DurableRun<TestContext, int>(store, "t", Codecs.Test()) { LeaseWaitTimeout = TimeSpan.FromMinutes(1), TimeProvider = time });
        for (var second = 0; second < 15; second++)
        {
            Assert.Equal(TimeSpan.FromSeconds(1), await time.NextTimerAsync()); // it asks again each second, on the clock
            Assert.False(waiting.IsCompleted);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var report = await waiting.WaitAsync(Guard); // the held lease expired at 15 s

        release.Set();
        var lost = await Assert.ThrowsAsync<BatchLeaseException>(() => stalled.WaitAsync(Guard));

        Assert.Equal((10L, 0L), (report.Succeeded, report.Resumed));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 2), rerun.Updates.Single().Select(r => r.Context!.Output));
        Assert.Equal("t", lost.BatchId);
        Assert.Contains("the records of this commit and of any after it were not written (those committed before are kept)", lost.Message);
        var records = await store.ReadItemsAsync("t", default);
        Assert.Equal(10, records.Count);
        Assert.All(records, r => Assert.Equal(BitConverter.GetBytes((int)r.Index * 2), r.Outputs.ToArray())); // none of the stalled run's -1
    }

    [Fact]
    public async Task Items_that_await_never_wait_for_the_store()
    {
        var store = new BlockingStore();
        var runs = new ConcurrentDictionary<int, int>();
        var ran = 0;
        var allRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var flow = new BatchFlow<TestContext, int>(
            Doubling(runs, async (_, _) =>
            {
                await Task.Yield();
                if (Interlocked.Increment(ref ran) == 200)
                {
                    allRan.TrySetResult();
                }
            }),
            new BatchOptions { MaxDegreeOfParallelism = 4 });
        var run = flow.RunDurableAsync(TestContext.Over(Enumerable.Range(0, 200).ToArray()), new DurableRun<TestContext, int>(store, "slow", Codecs.Test()));

        await store.CommitStarted.Task.WaitAsync(Guard);
        await allRan.Task.WaitAsync(Guard); // every item ran while the first commit is stuck
        Assert.False(run.IsCompleted); // the run itself waits for its records to be committed
        store.Release.SetResult();
        var report = await run.WaitAsync(Guard);

        Assert.Equal(200, report.Succeeded);
        Assert.Equal(200, (await store.ReadItemsAsync("slow", default)).Count);
    }

    [Fact]
    public async Task A_fail_fast_run_returns_its_stop_only_after_every_finished_item_is_committed_and_records_no_skipped_item()
    {
        var store = new BlockingStore();
        var failing = new Signal();
        var node = Node.Create<TestContext>("work", context =>
        {
            if (context.Item == 5)
            {
                failing.Set();
                throw new InvalidOperationException("bad item 5");
            }

            context.Output = context.Item * 2;
        });
        var flow = new BatchFlow<TestContext, int>(node, new BatchOptions { MaxDegreeOfParallelism = 1, ErrorMode = BatchErrorMode.FailFast });
        var run = flow.RunDurableAsync(TestContext.Over(Enumerable.Range(0, 10).ToArray()), new DurableRun<TestContext, int>(store, "strict", Codecs.Test()));

        await store.CommitStarted.Task.WaitAsync(Guard);
        await failing.WaitAsync();
        Assert.False(run.IsCompleted); // stopped, but a commit is still held
        store.Release.SetResult();
        var report = await run.WaitAsync(Guard);

        Assert.Equal(((long?)5, 5L, 1L, 4L), (report.StoppedAtIndex, report.Succeeded, report.Failed, report.Skipped));
        var records = (await store.ReadItemsAsync("strict", default)).OrderBy(r => r.Index).ToList();
        Assert.Equal(
            [(0L, BatchItemStatus.Succeeded), (1, BatchItemStatus.Succeeded), (2, BatchItemStatus.Succeeded), (3, BatchItemStatus.Succeeded), (4, BatchItemStatus.Succeeded), (5, BatchItemStatus.Failed)],
            records.Select(r => (r.Index, r.Status)));
    }

    [Fact]
    public async Task A_run_whose_source_throws_midway_throws_only_after_every_item_it_gave_is_committed()
    {
        var store = new BlockingStore();
        var allFinished = new Signal();
        var finished = allFinished.SetAfter(6);
        var node = Node.Create<TestContext>("work", context =>
        {
            try
            {
                context.Output = context.Item == 2 ? throw new InvalidOperationException("bad item 2") : context.Item * 2;
            }
            finally
            {
                finished();
            }
        });
        var flow = new BatchFlow<TestContext, int>(node, new BatchOptions { MaxDegreeOfParallelism = 2 });
        var run = flow.RunDurableAsync(TestContext.Over(Sources.FailingAfter(6)), new DurableRun<TestContext, int>(store, "lost", Codecs.Test()));

        await store.CommitStarted.Task.WaitAsync(Guard);
        await allFinished.WaitAsync();
        Assert.False(run.IsCompleted); // the source failed, but a commit is still held
        store.Release.SetResult();
        var error = await Assert.ThrowsAsync<BatchSourceException>(() => run.WaitAsync(Guard));

        Assert.IsType<IOException>(error.InnerException);
        var records = (await store.ReadItemsAsync("lost", default)).OrderBy(r => r.Index).ToList();
        Assert.Equal(
            [(0L, BatchItemStatus.Succeeded), (1, BatchItemStatus.Succeeded), (2, BatchItemStatus.Failed), (3, BatchItemStatus.Succeeded), (4, BatchItemStatus.Succeeded), (5, BatchItemStatus.Succeeded)],
            records.Select(r => (r.Index, r.Status)));
    }

    [Theory]
    [InlineData(false)] // the timer cannot start
    [InlineData(true)] // it starts, and throws when it is disposed
    public async Task A_durable_run_whose_progress_timer_fails_throws_that_and_releases_its_lease(bool failsOnDisposal)
    {
        var store = new InMemoryBatchStore();
        var flow = new BatchFlow<TestContext, int>(Doubling(new ConcurrentDictionary<int, int>()), new BatchOptions { TimeProvider = new TimerlessClock(failsOnDisposal) });

        await Assert.ThrowsAsync<NotSupportedException>(
            () => flow.RunDurableAsync(TestContext.Over([1, 2]), new DurableRun<TestContext, int>(store, "timerless", Codecs.Test()) { TimeProvider = TimeProvider.System } /* the lease's renewals on a clock that works */, new ProgressRecorder()).WaitAsync(Guard));

        // Released: not held, and renewed for ever, by a writer nobody stops.
        await store.AcquireLeaseAsync("timerless", "the next run", TimeSpan.FromSeconds(15), default);
    }

    [Fact]
    public async Task A_progress_timer_that_throws_on_disposal_does_not_hide_a_failed_commit()
    {
        var store = new FailingStore();
        var flow = new BatchFlow<TestContext, int>(Doubling(new ConcurrentDictionary<int, int>()), new BatchOptions { TimeProvider = new TimerlessClock(failsOnDisposal: true) });

        var error = await Assert.ThrowsAsync<AggregateException>(
            () => flow.RunDurableAsync(TestContext.Over([1, 2]), new DurableRun<TestContext, int>(store, "undisposable", Codecs.Test()) { TimeProvider = TimeProvider.System } /* the lease's renewals on a clock that works */, new ProgressRecorder()).WaitAsync(Guard));

        Assert.Collection(
            error.InnerExceptions,
            timer => Assert.IsType<NotSupportedException>(timer),
            commit => Assert.Equal("disk full", Assert.IsType<BatchStoreException>(commit).Message));
    }

    [Fact]
    public async Task A_failing_store_stops_the_batch_and_the_run_throws_its_error_after_merging()
    {
        var store = new FailingStore();
        var context = TestContext.Over(Enumerable.Range(0, 10_000).ToArray());
        var flow = new BatchFlow<TestContext, int>(Doubling(new ConcurrentDictionary<int, int>()), new BatchOptions { MaxDegreeOfParallelism = 2 });

        var error = await Assert.ThrowsAsync<BatchStoreException>(() => flow.RunDurableAsync(context, new DurableRun<TestContext, int>(store, "broken", Codecs.Test())));

        Assert.Equal("disk full", error.Message);
        Assert.Equal(10_000, context.Updates.Single().Total); // merged: every item accounted for
    }

    [Fact]
    public async Task Nodes_get_an_idempotency_key_of_batch_id_and_item_identity()
    {
        var keys = new ConcurrentDictionary<int, string>();
        var node = Node.Create<KeyedContext>("work", context => keys[context.Item] = context.ItemKey.ToString());
        var flow = new BatchFlow<KeyedContext, int>(node);
        var context = new KeyedContext { Items = [10, 20, 30] };

        await flow.RunDurableAsync(context, new DurableRun<KeyedContext, int>(new InMemoryBatchStore(), "nightly", new IntOutputCodec<KeyedContext>(_ => 0, (_, _) => { }, Codecs.ByValue)));
        Assert.Equal("nightly/20", keys[20]);

        await flow.RunDurableAsync(context, new DurableRun<KeyedContext, int>(new InMemoryBatchStore(), "positional", new IntOutputCodec<KeyedContext>(_ => 0, (_, _) => { })));
        Assert.Equal("positional/2", keys[30]);
    }

    [Fact]
    public async Task An_items_idempotency_key_is_the_same_on_every_attempt_of_an_item_retry()
    {
        var keys = new ConcurrentQueue<(int Item, DurableItemKey Key)>();
        var attempts = new ConcurrentDictionary<int, int>();
        var node = Node.Create<KeyedContext>("work", context =>
        {
            keys.Enqueue((context.Item, context.ItemKey));
            if (context.Item == 20 && attempts.AddOrUpdate(20, 1, (_, n) => n + 1) < 3)
            {
                throw new InvalidOperationException("transient");
            }
        });
        var retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 2, Delay = TimeSpan.Zero })
            .Build();
        var flow = new BatchFlow<KeyedContext, int>(node, new BatchOptions { MaxDegreeOfParallelism = 1, ResiliencePipeline = retry });

        var report = await flow.RunDurableAsync(
            new KeyedContext { Items = [10, 20, 30] },
            new DurableRun<KeyedContext, int>(new InMemoryBatchStore(), "nightly", new IntOutputCodec<KeyedContext>(_ => 0, (_, _) => { }, Codecs.ByValue)));

        Assert.Equal(3, report.Succeeded);
        Assert.Equal(3, report.Results[1].Attempts);
        Assert.Equal(
            [new DurableItemKey("nightly", "20"), new DurableItemKey("nightly", "20"), new DurableItemKey("nightly", "20")],
            keys.Where(k => k.Item == 20).Select(k => k.Key));
    }

    [Fact]
    public async Task A_rerun_over_a_reordered_keyed_source_gives_a_retried_item_the_key_it_had_in_the_first_run()
    {
        var store = new InMemoryBatchStore();
        var keys = new ConcurrentQueue<(int Item, DurableItemKey Key)>();
        var failing = true;
        var node = Node.Create<KeyedContext>("work", context =>
        {
            keys.Enqueue((context.Item, context.ItemKey));
            if (failing && context.Item == 20)
            {
                throw new InvalidOperationException("not yet");
            }
        });
        var flow = new BatchFlow<KeyedContext, int>(node, new BatchOptions { MaxDegreeOfParallelism = 1 });
        var durable = new DurableRun<KeyedContext, int>(store, "nightly", new IntOutputCodec<KeyedContext>(_ => 0, (_, _) => { }, Codecs.ByValue)) { RetryFailed = true };
        Assert.Equal(1, (await flow.RunDurableAsync(new KeyedContext { Items = [10, 20, 30] }, durable)).Failed);
        var first = Assert.Single(keys, k => k.Item == 20).Key;

        failing = false;
        keys.Clear();
        var rerun = await flow.RunDurableAsync(new KeyedContext { Items = [20, 30, 10] }, durable); // item 20 moves from position 1 to 0

        Assert.Equal((2L, 3L), (rerun.Resumed, rerun.Succeeded));
        var ran = Assert.Single(keys); // only the failed item ran again
        Assert.Equal((20, first), ran);
        Assert.Equal(new DurableItemKey("nightly", "20"), first);
    }

    [Fact]
    public async Task Items_with_keys_resume_by_key_when_the_source_order_changes()
    {
        var store = new InMemoryBatchStore();
        var runs = new ConcurrentDictionary<int, int>();
        var flow = new BatchFlow<TestContext, int>(Doubling(runs), new BatchOptions { MaxDegreeOfParallelism = 3 });
        var durable = new DurableRun<TestContext, int>(store, "keyed", Codecs.Test(keyed: true));
        await flow.RunDurableAsync(TestContext.Over(Enumerable.Range(0, 50).ToArray()), durable);

        var reversed = TestContext.Over(Enumerable.Range(0, 60).Reverse().ToArray());
        var report = await flow.RunDurableAsync(reversed, durable);

        Assert.Equal(50, report.Resumed);
        Assert.Equal(Enumerable.Range(0, 60).Reverse().Select(i => i * 2), reversed.Updates.Single().Select(r => r.Context!.Output));
        Assert.All(runs, pair => Assert.Equal(1, pair.Value));
        Assert.Equal(60, runs.Count);
    }

    [Fact]
    public async Task A_keyed_run_with_two_items_of_one_key_fails_naming_the_key_and_both_positions()
    {
        var store = new InMemoryBatchStore();
        var flow = new BatchFlow<TestContext, int>(Doubling(new ConcurrentDictionary<int, int>()), new BatchOptions { MaxDegreeOfParallelism = 2 });

        var error = await Assert.ThrowsAsync<DuplicateItemKeyException>(
            () => flow.RunDurableAsync(TestContext.Over([10, 11, 12, 11, 14]), new DurableRun<TestContext, int>(store, "dup", Codecs.Test(keyed: true))));

        Assert.Equal(("dup", "11", 1L, 3L, "batch"), (error.BatchId, error.Key, error.FirstIndex, error.SecondIndex, error.NodeId)); // the batch node
        Assert.Contains("input positions 1 and 3 have the same key '11'", error.Message);
        Assert.Contains("node 'batch'", error.Message);
    }

    [Fact]
    public void A_duplicate_key_error_needs_a_batch_a_key_and_two_positions_and_names_them_in_either_order()
    {
        Assert.Equal("batchId", Assert.Throws<ArgumentNullException>(() => new DuplicateItemKeyException(null, null!, 1, "k", 2)).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => new DuplicateItemKeyException(null, "b", 1, null!, 2)).ParamName);
        Assert.Equal("otherIndex", Assert.Throws<ArgumentException>(() => new DuplicateItemKeyException(null, "b", 4, "k", 4)).ParamName);

        var error = new DuplicateItemKeyException("n", "b", 9, "k", 2);
        Assert.Equal(("n", "b", "k", 2L, 9L, 9L), (error.NodeId, error.BatchId, error.Key, error.FirstIndex, error.SecondIndex, error.ItemIndex));
    }

    [Fact]
    public async Task A_duplicate_key_found_at_commit_costs_only_the_second_items_record_so_a_rerun_runs_no_finished_item_again()
    {
        var store = new BlockingStore();
        var runs = new ConcurrentDictionary<int, int>();
        int[] items = [.. Enumerable.Range(0, 1000), 500]; // item 500 twice: one duplicate key
        var ran = 0;
        var allRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var flow = new BatchFlow<TestContext, int>(
            Doubling(runs, (_, _) =>
            {
                if (Interlocked.Increment(ref ran) == items.Length)
                {
                    allRan.TrySetResult();
                }

                return Task.CompletedTask;
            }),
            new BatchOptions { MaxDegreeOfParallelism = 1 }); // in order: item 500's record is never committed after item 1000's
        var durable = new DurableRun<TestContext, int>(store, "d", Codecs.Test(keyed: true));
        var run = flow.RunDurableAsync(TestContext.Over(items), durable);

        // Commits wait until every item ran (as with a slow disk, or fast items): the duplicate's commit holds many others.
        await allRan.Task.WaitAsync(Guard);
        store.Release.SetResult();
        var error = await Assert.ThrowsAsync<DuplicateItemKeyException>(() => run.WaitAsync(Guard));

        Assert.Equal(("d", "500", 500L, 1000L, "batch"), (error.BatchId, error.Key, error.FirstIndex, error.SecondIndex, error.NodeId));
        var records = await store.ReadItemsAsync("d", default);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), records.Select(r => r.Index).Order()); // item 1000's is the one left out
        runs.Clear();
        var rerun = await Assert.ThrowsAsync<DuplicateItemKeyException>(() => flow.RunDurableAsync(TestContext.Over(items), durable));
        Assert.Equal(("500", 500L, 1000L), (rerun.Key, rerun.FirstIndex, rerun.SecondIndex));
        Assert.Empty(runs); // items 0..999 replay; item 1000 stops the rerun before it runs
    }

    [Fact]
    public async Task A_run_whose_commit_fails_after_a_duplicate_key_throws_both_the_duplicate_naming_the_node_and_that_failure()
    {
        var store = new FailingAfterDuplicateStore();
        var eightStarted = new Signal();
        var flow = new BatchFlow<TestContext, int>(
            Doubling(new ConcurrentDictionary<int, int>(), async (context, _) =>
            {
                if (context.Item == 8)
                {
                    eightStarted.Set();
                    await store.Refused.WaitAsync(Guard); // item 8 finishes after the store refused item 7's second record
                }
                else
                {
                    await eightStarted.WaitAsync(); // item 8 starts before the refusal stops the run (else it is skipped and no commit fails)
                }
            }),
            new BatchOptions { MaxDegreeOfParallelism = 3 });
        var durable = new DurableRun<TestContext, int>(store, "d", Codecs.Test(keyed: true));

        var error = await Assert.ThrowsAsync<AggregateException>(() => flow.RunDurableAsync(TestContext.Over([7, 7, 8]), durable).WaitAsync(Guard));

        Assert.Equal(2, error.InnerExceptions.Count);
        var duplicate = Assert.IsType<DuplicateItemKeyException>(error.InnerExceptions[0]); // what stopped the run, first
        Assert.Equal(("batch", "7", 0L, 1L), (duplicate.NodeId, duplicate.Key, duplicate.FirstIndex, duplicate.SecondIndex));
        Assert.IsType<BatchStoreException>(error.InnerExceptions[1]); // a later commit failed: what it held is not recorded
        Assert.DoesNotContain(await store.ReadItemsAsync("d", default), record => record.Key == "8");
    }

    [Fact]
    public async Task A_run_whose_commit_fails_after_a_changed_source_stopped_it_throws_both_the_change_and_that_failure()
    {
        var store = new FailingStore { Failing = false };
        var byTens = new IntOutputCodec<TestContext>(c => c.Output, (c, v) => c.Output = v, item => (item / 10).ToString(CultureInfo.InvariantCulture));
        var durable = new DurableRun<TestContext, int>(store, "changed", byTens);
        var started = new Signal();
        var flow = new BatchFlow<TestContext, int>(
            Doubling(new ConcurrentDictionary<int, int>(), async (context, cancellationToken) =>
            {
                if (context.Item == 0)
                {
                    started.Set();
                    await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default); // finishes once stopped
                }
            }),
            new BatchOptions { MaxDegreeOfParallelism = 2 });
        await flow.RunDurableAsync(TestContext.Over([10]), durable); // key "1" is recorded for item 10
        store.Failing = true;

        // Item 0 (key "0", new) runs; item 11 has key "1" but is not the item recorded: the run stops while item 0 runs.
        var error = await Assert.ThrowsAsync<AggregateException>(() => flow.RunDurableAsync(TestContext.Over(ZeroThenAfter(started, 11)), durable).WaitAsync(Guard));

        Assert.Equal(2, error.InnerExceptions.Count);
        var changed = Assert.IsType<DurableSourceChangedException>(error.InnerExceptions[0]); // what stopped the run, first
        Assert.Equal((1L, "1"), (changed.ItemIndex, changed.Key));
        Assert.IsType<BatchStoreException>(error.InnerExceptions[1]); // item 0's commit failed: it is not recorded
        Assert.DoesNotContain(await store.ReadItemsAsync("changed", default), record => record.Key == "0");
    }

    [Fact]
    public async Task A_run_whose_commit_fails_after_a_codec_error_stopped_it_throws_both_the_codec_error_and_that_failure()
    {
        var store = new FailingStore { Failing = false };
        var secondStarted = new Signal();
        var codec = new IntOutputCodec<TestContext>(
            context =>
            {
                if (context.Item == 0)
                {
                    store.Failing = true;
                    throw new FormatException("no room for the output");
                }

                return context.Output;
            },
            (context, value) => context.Output = value);
        var flow = new BatchFlow<TestContext, int>(
            Doubling(new ConcurrentDictionary<int, int>(), async (context, cancellationToken) =>
            {
                if (context.Item == 0)
                {
                    await secondStarted.WaitAsync(); // both run before the stop
                }
                else
                {
                    // Item 1 finishes once the codec error has stopped the run: its failing commit cannot stop it first.
                    secondStarted.Set();
                    await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            }),
            new BatchOptions { MaxDegreeOfParallelism = 2 });

        var error = await Assert.ThrowsAsync<AggregateException>(() => flow.RunDurableAsync(TestContext.Over([0, 1]), new DurableRun<TestContext, int>(store, "codec", codec)).WaitAsync(Guard));

        Assert.Equal(2, error.InnerExceptions.Count);
        var stopped = Assert.IsType<FloxideException>(error.InnerExceptions[0]); // what stopped the run, first
        Assert.IsType<FormatException>(stopped.InnerException);
        Assert.IsType<BatchStoreException>(error.InnerExceptions[1]); // item 1's commit failed: it is not recorded
        Assert.Empty(await store.ReadItemsAsync("codec", default));
    }

    [Fact]
    public async Task A_run_whose_merge_throws_and_whose_commit_fails_after_it_throws_both_the_merge_error_and_that_failure()
    {
        var store = new RefusingStore();
        var context = new StreamingTestContext
        {
            Items = () => new BatchItems<int>(new[] { 0, 1, 2 }),
            OnMerge = _ =>
            {
                store.Refuse(); // item 0's commit, waiting since it was posted, fails only once its merge threw
                throw new InvalidOperationException("merge broke");
            },
        };
        var flow = new BatchFlow<StreamingTestContext, int>(StreamingDoubling(new ConcurrentDictionary<int, int>()), new BatchOptions { MaxDegreeOfParallelism = 1 });

        var error = await Assert.ThrowsAsync<AggregateException>(
            () => flow.RunDurableAsync(context, new DurableRun<StreamingTestContext, int>(store, "merge", Codecs.Streaming())).WaitAsync(Guard));

        Assert.Equal(2, error.InnerExceptions.Count);
        var merge = Assert.IsType<FloxideException>(error.InnerExceptions[0]); // the merge's error, where a plain run has it
        Assert.Equal("merge broke", Assert.IsType<InvalidOperationException>(merge.InnerException).Message);
        Assert.IsType<BatchStoreException>(error.InnerExceptions[1]); // and the commit that failed: item 0 is not recorded
        Assert.Empty(await store.ReadItemsAsync("merge", default));
    }

    [Fact]
    public async Task A_run_whose_commit_failed_and_whose_update_step_throws_throws_both_the_update_error_first_and_that_failure()
    {
        var store = new RefusingStore();
        store.Refuse(); // the first commit fails and stops the run; the update step runs after, at the end
        var context = new TestContext
        {
            Items = () => new BatchItems<int>(new[] { 0, 1, 2 }),
            OnUpdate = _ => throw new InvalidOperationException("update broke"),
        };
        var flow = new BatchFlow<TestContext, int>(Doubling(new ConcurrentDictionary<int, int>()), new BatchOptions { MaxDegreeOfParallelism = 1 });

        var error = await Assert.ThrowsAsync<AggregateException>(
            () => flow.RunDurableAsync(context, new DurableRun<TestContext, int>(store, "update", Codecs.Test())).WaitAsync(Guard));

        Assert.Equal(2, error.InnerExceptions.Count);
        var update = Assert.IsType<FloxideException>(error.InnerExceptions[0]); // the step's error first, whichever came first
        Assert.Equal("update broke", Assert.IsType<InvalidOperationException>(update.InnerException).Message);
        Assert.IsType<BatchStoreException>(error.InnerExceptions[1]);
        Assert.Empty(await store.ReadItemsAsync("update", default));
    }

    [Theory]
    [InlineData("GetKey", false)] // taken before the item's first attempt: it does not run
    [InlineData("GetFingerprint", false)]
    [InlineData("WriteOutputs", true)]
    public async Task A_codec_failing_on_an_item_of_a_fresh_run_is_reported_naming_the_call_that_failed(string failing, bool itRan)
    {
        var codec = FailingOnItem2(failing);
        var runs = new ConcurrentDictionary<int, int>();
        var flow = new BatchFlow<TestContext, int>(Doubling(runs), new BatchOptions { MaxDegreeOfParallelism = 1 });

        var error = await Assert.ThrowsAsync<FloxideException>(
            () => flow.RunDurableAsync(TestContext.Over([1, 2, 3]), new DurableRun<TestContext, int>(new InMemoryBatchStore(), "codec", codec)).WaitAsync(Guard));

        var when = itRan ? "while recording" : "on";
        Assert.Contains($"the codec's {failing} failed {when} the item at input position 1: boom", error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Equal(itRan, runs.ContainsKey(2));
    }

    [Theory]
    [InlineData("GetKey")]
    [InlineData("GetFingerprint")]
    public async Task A_codec_failing_while_a_rerun_reads_an_item_stops_it_naming_the_call_and_runs_nothing_after(string failing)
    {
        var store = new InMemoryBatchStore();
        var runs = new ConcurrentDictionary<int, int>();
        var flow = new BatchFlow<TestContext, int>(Doubling(runs), new BatchOptions { MaxDegreeOfParallelism = 1 });
        await flow.RunDurableAsync(TestContext.Over([1, 2, 3]), new DurableRun<TestContext, int>(store, "codec", FailingOnItem2(null)));
        runs.Clear();

        var error = await Assert.ThrowsAsync<FloxideException>(
            () => flow.RunDurableAsync(TestContext.Over([1, 2, 3, 4]), new DurableRun<TestContext, int>(store, "codec", FailingOnItem2(failing))).WaitAsync(Guard));

        Assert.Contains($"the codec's {failing} failed on the item at input position 1: boom", error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Empty(runs); // item 1 replayed, nothing ran
    }

    [Fact]
    public async Task When_the_later_item_of_a_duplicate_key_was_recorded_first_a_rerun_stops_as_a_changed_source_saying_two_items_may_share_the_key()
    {
        var store = new BlockingStore();
        var runs = new ConcurrentDictionary<int, int>();
        var flow = new BatchFlow<TestContext, int>(
            Doubling(runs, async (context, _) =>
            {
                if (context.Item == 10)
                {
                    await store.CommitStarted.Task.WaitAsync(Guard); // item 11's record is committed first
                    store.Release.TrySetResult();
                }
            }),
            new BatchOptions { MaxDegreeOfParallelism = 2 });
        var byTens = new IntOutputCodec<TestContext>(c => c.Output, (c, v) => c.Output = v, item => (item / 10).ToString(CultureInfo.InvariantCulture));
        var durable = new DurableRun<TestContext, int>(store, "tens", byTens);

        var first = await Assert.ThrowsAsync<DuplicateItemKeyException>(() => flow.RunDurableAsync(TestContext.Over([10, 11]), durable).WaitAsync(Guard));
        runs.Clear();
        var rerun = await Assert.ThrowsAsync<DurableSourceChangedException>(() => flow.RunDurableAsync(TestContext.Over([10, 11]), durable).WaitAsync(Guard));

        Assert.Equal(("1", 0L, 1L), (first.Key, first.FirstIndex, first.SecondIndex));
        Assert.Equal(1L, Assert.Single(await store.ReadItemsAsync("tens", default)).Index); // item 11's record, kept
        Assert.Equal(("1", 0L), (rerun.Key, rerun.ItemIndex));
        Assert.Contains("two of its items have this key", rerun.Message, StringComparison.Ordinal);
        Assert.Empty(runs);
    }

    [Fact]
    public async Task A_rerun_stops_at_a_second_item_with_the_key_of_a_record_another_item_of_the_rerun_matched_before_running_it()
    {
        var store = new InMemoryBatchStore();
        var runs = new ConcurrentDictionary<int, int>();
        var flow = new BatchFlow<TestContext, int>(Doubling(runs), new BatchOptions { MaxDegreeOfParallelism = 1 });
        var durable = new DurableRun<TestContext, int>(store, "grown", Codecs.Test(keyed: true));
        await flow.RunDurableAsync(TestContext.Over(Enumerable.Range(0, 10).ToArray()), durable);
        runs.Clear();

        // Item 4 again, at the end: both copies would replay the one record.
        var error = await Assert.ThrowsAsync<DuplicateItemKeyException>(() => flow.RunDurableAsync(TestContext.Over([.. Enumerable.Range(0, 10), 4]), durable));

        Assert.Equal(("4", 4L, 10L), (error.Key, error.FirstIndex, error.SecondIndex));
        Assert.Empty(runs);
    }

    [Fact]
    public async Task A_reordered_rerun_retrying_failures_rewrites_their_records_at_the_new_positions_and_a_third_run_resumes_all()
    {
        var store = new InMemoryBatchStore();
        var runs = new ConcurrentDictionary<int, int>();
        var failing = true;
        var node = Node.Create<TestContext>("work", context =>
        {
            runs.AddOrUpdate(context.Item, 1, (_, n) => n + 1);
            context.Output = failing && context.Item % 10 == 3 ? throw new InvalidOperationException("not yet") : context.Item * 2;
        });
        var flow = new BatchFlow<TestContext, int>(node, new BatchOptions { MaxDegreeOfParallelism = 3 });
        var durable = new DurableRun<TestContext, int>(store, "reordered", Codecs.Test(keyed: true)) { RetryFailed = true };
        Assert.Equal(5, (await flow.RunDurableAsync(TestContext.Over(Enumerable.Range(0, 50).ToArray()), durable)).Failed);

        // The failed items' records are an earlier run's: recording them again at their new positions is no duplicate.
        failing = false;
        var reversed = TestContext.Over(Enumerable.Range(0, 50).Reverse().ToArray());
        var retry = await flow.RunDurableAsync(reversed, durable);
        var third = TestContext.Over(Enumerable.Range(0, 50).ToArray());
        var resumed = await flow.RunDurableAsync(third, durable);

        Assert.Equal((45L, 50L), (retry.Resumed, retry.Succeeded));
        Assert.Equal(Enumerable.Range(0, 50).Reverse().Select(i => i * 2), reversed.Updates.Single().Select(r => r.Context!.Output));
        Assert.Equal((50L, 50L), (resumed.Resumed, resumed.Succeeded));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => i * 2), third.Updates.Single().Select(r => r.Context!.Output));
        var retried = (await store.ReadItemsAsync("reordered", default)).Where(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture) % 10 == 3).OrderBy(r => r.Index).ToList();
        Assert.Equal([6L, 16, 26, 36, 46], retried.Select(r => r.Index)); // 49 - 43, ..., 49 - 3
        Assert.All(retried, r => Assert.Equal(BatchItemStatus.Succeeded, r.Status));
        Assert.Equal(Enumerable.Range(0, 50).Where(i => i % 10 == 3), runs.Where(p => p.Value == 2).Select(p => p.Key).Order());
        Assert.Equal(50, runs.Count);
    }

    [Fact]
    public async Task Kept_results_over_a_lazy_sequence_spanning_several_result_segments_record_and_resume_every_item()
    {
        // A count unknown up front: results live in 16K-slot segments, and each finished run must be found in its own.
        const int Count = 40_000;
        var store = new InMemoryBatchStore();
        var runs = new ConcurrentDictionary<int, int>();
        using var cancellation = new CancellationTokenSource();
        var finished = 0;
        var node = Node.Create<TestContext>("work", context =>
        {
            runs.AddOrUpdate(context.Item, 1, (_, n) => n + 1);
            context.Output = context.Item * 2;
            if (Interlocked.Increment(ref finished) == 25_000)
            {
                cancellation.Cancel();
            }
        });
        var flow = new BatchFlow<TestContext, int>(node, new BatchOptions { MaxDegreeOfParallelism = 3 });
        var durable = new DurableRun<TestContext, int>(store, "lazy", Codecs.Test());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flow.RunDurableAsync(TestContext.Over(Sources.Lazy(Count)), durable, null, cancellation.Token));
        var recorded = (await store.ReadItemsAsync("lazy", default)).ToDictionary(r => r.Index);
        Assert.InRange(recorded.Count, 25_000, Count - 1);
        Assert.All(recorded.Values, r => Assert.Equal(BitConverter.GetBytes((int)r.Index * 2), r.Outputs.ToArray()));

        var second = TestContext.Over(Sources.Lazy(Count));
        var report = await flow.RunDurableAsync(second, durable);

        Assert.Equal(recorded.Count, report.Resumed);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => i * 2), second.Updates.Single().Select(r => r.Context!.Output));
        Assert.All(runs, pair => Assert.Equal(1, pair.Value));
        Assert.Equal(Count, runs.Count);
    }

    [Fact]
    public async Task A_stream_resumes_like_a_sequence()
    {
        var store = new InMemoryBatchStore();
        var runs = new ConcurrentDictionary<int, int>();
        var failing = true;
        var node = Node.CreateAsync<StreamingTestContext>("work", async (context, cancellationToken) =>
        {
            runs.AddOrUpdate(context.Item, 1, (_, n) => n + 1);
            await Task.Yield();
            if (failing && context.Item >= 3000)
            {
                throw new InvalidOperationException("not yet");
            }

            context.Output = context.Item * 2;
        });
        var flow = new BatchFlow<StreamingTestContext, int>(node, new BatchOptions { MaxDegreeOfParallelism = 8 });
        var durable = new DurableRun<StreamingTestContext, int>(store, "stream", Codecs.Streaming()) { RetryFailed = true };
        var first = new StreamingTestContext { Items = () => new BatchItems<int>(Sources.Stream(5000, new System.Runtime.CompilerServices.StrongBox<long>())) };
        Assert.Equal(2000, (await flow.RunDurableAsync(first, durable)).Failed);

        failing = false;
        var second = new StreamingTestContext { Items = () => new BatchItems<int>(Sources.Stream(5000, new System.Runtime.CompilerServices.StrongBox<long>())) };
        var report = await flow.RunDurableAsync(second, durable);

        Assert.Equal(3000, report.Resumed);
        Assert.Empty(second.Violations);
        Assert.Equal(5000, second.Merged);
        Assert.Equal(Enumerable.Range(0, 5000).Sum(i => i * 2L), second.OutputSum);
        Assert.Equal(Enumerable.Range(3000, 2000), runs.Where(p => p.Value == 2).Select(p => p.Key).Order());
    }

    private static ItemRecord Record(long index) =>
        new() { Key = index.ToString(System.Globalization.CultureInfo.InvariantCulture), Index = index, Fingerprint = 0, Status = BatchItemStatus.Succeeded };

    public sealed class KeyedContext : IBatchContext<KeyedContext, int>, IDurableItemContext
    {
        public int[] Items { get; init; } = [];

        public int Item { get; private init; }

        public DurableItemKey ItemKey { get; set; }

        public BatchItems<int> GetBatchItems() => Items;

        public KeyedContext CreateItemContext(int item) => new() { Item = item };

        public void UpdateWithResults(BatchResults<KeyedContext, int> results)
        {
        }
    }

    /// <summary>A keyed codec whose <paramref name="failing"/> call throws "boom" for item 2.</summary>
    private static IntOutputCodec<TestContext> FailingOnItem2(string? failing) => new(
        context => failing == "WriteOutputs" && context.Item == 2 ? throw new InvalidOperationException("boom") : context.Output,
        (context, value) => context.Output = value,
        item => failing == "GetKey" && item == 2 ? throw new InvalidOperationException("boom") : Codecs.ByValue(item),
        item => failing == "GetFingerprint" && item == 2 ? throw new InvalidOperationException("boom") : ItemFingerprint.Of(item));

    /// <summary>Yields 0, then <paramref name="next"/> once item 0 has started, so the run stops while item 0 runs.</summary>
    private static async IAsyncEnumerable<int> ZeroThenAfter(Signal started, int next)
    {
        yield return 0;
        await started.WaitAsync();
        yield return next;
    }

    /// <summary>A clock whose timers fail: they cannot start, or (<paramref name="failsOnDisposal"/>) cannot be disposed.</summary>
    private sealed class TimerlessClock(bool failsOnDisposal = false) : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            failsOnDisposal ? new UndisposableTimer() : throw new NotSupportedException("this clock starts no timers");

        private sealed class UndisposableTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose() => throw new NotSupportedException("this timer cannot be disposed");

            public ValueTask DisposeAsync() => throw new NotSupportedException("this timer cannot be disposed");
        }
    }

    /// <summary>An in-memory store whose first non-empty commit blocks until released.</summary>
    private sealed class BlockingStore : DelegatingStore
    {
        public TaskCompletionSource CommitStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask<BatchLease> CommitAsync(BatchLease lease, IReadOnlyList<ItemRecord> records, CancellationToken cancellationToken)
        {
            if (records.Count > 0)
            {
                CommitStarted.TrySetResult();
                await Release.Task;
            }

            return await Inner.CommitAsync(lease, records, cancellationToken);
        }
    }

    /// <summary>A store whose commits of records fail like a full disk while <see cref="Failing"/> is set.</summary>
    private sealed class FailingStore : DelegatingStore
    {
        private volatile bool _failing = true;

        public bool Failing
        {
            get => _failing;
            set => _failing = value;
        }

        public override ValueTask<BatchLease> CommitAsync(BatchLease lease, IReadOnlyList<ItemRecord> records, CancellationToken cancellationToken) =>
            Failing && records.Count > 0 ? throw new BatchStoreException("disk full", "memory", null) : Inner.CommitAsync(lease, records, cancellationToken);
    }
}

using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Floxide.Runtime.Tests.Support;
using Floxide.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Retry;

namespace Floxide.Runtime.Tests.Durability;

/// <summary>
/// What a durable run records and restores at its edges: failures that never reached a step are dead letters too, a
/// record is of the item as it was read, a restored item is what it was (its key, its timeout), and a lease the store
/// could not release is told.
/// </summary>
public sealed class DurableRecordTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private static INode<TestContext> Counting(ConcurrentDictionary<int, int> runs, Action<TestContext>? then = null) =>
        Node.Create<TestContext>("work", context =>
        {
            runs.AddOrUpdate(context.Item, 1, (_, n) => n + 1);
            context.Output = context.Item;
            then?.Invoke(context);
        });

    [Fact]
    public async Task An_item_failed_by_a_refused_permit_is_a_dead_letter_a_rerun_replays_without_running_it()
    {
        var store = new InMemoryBatchStore();
        var runs = new ConcurrentDictionary<int, int>();
        using var refusing = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 });
        using (refusing.AttemptAcquire())
        {
            var first = await new BatchFlow<TestContext, int>(Counting(runs), new BatchOptions { MaxDegreeOfParallelism = 1, RateLimiter = refusing })
                .RunDurableAsync(TestContext.Over([0, 1]), new DurableRun<TestContext, int>(store, "refused", Codecs.Test())).WaitAsync(Guard);
            Assert.All(first.Results, r => Assert.Equal((BatchItemStatus.Failed, 1, true), (r.Status, r.Attempts, r.Exception is RateLimitRejectedException)));
        }

        var rerun = await new BatchFlow<TestContext, int>(Counting(runs), new BatchOptions { MaxDegreeOfParallelism = 1 })
            .RunDurableAsync(TestContext.Over([0, 1]), new DurableRun<TestContext, int>(store, "refused", Codecs.Test())).WaitAsync(Guard);

        Assert.Equal((2, 2), (rerun.Resumed, rerun.Failed));
        Assert.All(rerun.Results, r => Assert.Contains(typeof(RateLimitRejectedException).FullName!, Assert.IsType<RecordedItemFailureException>(r.Exception).ErrorType));
        Assert.Empty(runs);
    }

    [Fact]
    public async Task An_item_whose_paid_attempt_failed_and_whose_retry_was_refused_a_permit_is_not_paid_for_again_on_a_rerun()
    {
        var store = new InMemoryBatchStore();
        var runs = new ConcurrentDictionary<int, int>();
        var failing = Counting(runs, _ => throw new InvalidOperationException("the paid call failed"));
        using var quota = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromHours(1), QueueLimit = 0, AutoReplenishment = false,
        });
        var retry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 1, Delay = TimeSpan.Zero }).Build();
        var first = await new BatchFlow<TestContext, int>(failing, new BatchOptions { MaxDegreeOfParallelism = 1, ResiliencePipeline = retry, RateLimiter = quota })
            .RunDurableAsync(TestContext.Over([0]), new DurableRun<TestContext, int>(store, "quota", Codecs.Test())).WaitAsync(Guard);
        Assert.Equal((BatchItemStatus.Failed, 2), (first.Results[0].Status, first.Results[0].Attempts));
        Assert.IsType<RateLimitRejectedException>(first.Results[0].Exception);

        var rerun = await new BatchFlow<TestContext, int>(failing, new BatchOptions { MaxDegreeOfParallelism = 1 })
            .RunDurableAsync(TestContext.Over([0]), new DurableRun<TestContext, int>(store, "quota", Codecs.Test())).WaitAsync(Guard);

        Assert.Equal(1, rerun.Resumed);
        Assert.Equal(1, runs[0]);
    }

    [Fact]
    public async Task An_item_whose_context_factory_threw_is_a_dead_letter_and_runs_again_only_under_RetryFailed()
    {
        var store = new InMemoryBatchStore();
        var runs = new ConcurrentDictionary<int, int>();
        var node = Node.Create<ThrowingFactoryContext>("work", c => runs.AddOrUpdate(c.Item, 1, (_, n) => n + 1));
        var codec = new IntOutputCodec<ThrowingFactoryContext>(c => c.Output, (c, v) => c.Output = v);
        var flow = new BatchFlow<ThrowingFactoryContext, int>(node, new BatchOptions { MaxDegreeOfParallelism = 1 });
        var first = await flow.RunDurableAsync(new ThrowingFactoryContext { Items = [0, 1], FailingItem = 1 }, new DurableRun<ThrowingFactoryContext, int>(store, "factory", codec));
        Assert.Equal((1, 1), (first.Succeeded, first.Failed));

        var replayed = await flow.RunDurableAsync(new ThrowingFactoryContext { Items = [0, 1] }, new DurableRun<ThrowingFactoryContext, int>(store, "factory", codec));
        Assert.Equal((2, 1), (replayed.Resumed, replayed.Failed));
        Assert.Equal([0], runs.Keys);

        var retried = await flow.RunDurableAsync(new ThrowingFactoryContext { Items = [0, 1] }, new DurableRun<ThrowingFactoryContext, int>(store, "factory", codec) { RetryFailed = true });
        Assert.Equal((1, 2, 0), (retried.Resumed, retried.Succeeded, retried.Failed));
        Assert.Equal(1, runs[1]);
    }

    [Theory]
    [InlineData(false)] // by position: a rerun used to meet its own record as a changed source
    [InlineData(true)] // keyed, under RunChangedItems: every finished item used to run again
    public async Task An_item_a_node_changes_in_place_is_recorded_as_it_was_read_so_a_rerun_restores_it(bool keyed)
    {
        var store = new InMemoryBatchStore();
        var runs = 0;
        var node = Node.Create<DocumentContext>("normalise", context =>
        {
            Interlocked.Increment(ref runs);
            context.Document.Text = context.Document.Text.Trim().ToUpperInvariant();
            context.Length = context.Document.Text.Length;
        });
        var flow = new BatchFlow<DocumentContext, Document>(node, new BatchOptions { MaxDegreeOfParallelism = 1 });
        DurableRun<DocumentContext, Document> Durable() => new(store, "documents", new DocumentCodec(keyed)) { RunChangedItems = keyed };
        static DocumentContext Source() => new() { Documents = [new() { Id = "a", Text = " alpha" }, new() { Id = "b", Text = "beta " }] };

        var first = await flow.RunDurableAsync(Source(), Durable()).WaitAsync(Guard);
        Assert.Equal((2, 2), (first.Succeeded, runs));

        var rerun = await flow.RunDurableAsync(Source(), Durable()).WaitAsync(Guard);

        Assert.Equal((2, 2), (rerun.Resumed, runs));
        Assert.Equal([5, 4], rerun.Results.Select(r => r.Context!.Length));
    }

    [Fact]
    public async Task A_restored_item_context_has_the_key_it_ran_with()
    {
        var store = new InMemoryBatchStore();
        var flow = new BatchFlow<DurableRunTests.KeyedContext, int>(Node.Create<DurableRunTests.KeyedContext>("work", _ => { }));
        var codec = new IntOutputCodec<DurableRunTests.KeyedContext>(_ => 0, (_, _) => { }, Codecs.ByValue);
        var first = await flow.RunDurableAsync(new DurableRunTests.KeyedContext { Items = [10, 20] }, new DurableRun<DurableRunTests.KeyedContext, int>(store, "keys", codec));

        var rerun = await flow.RunDurableAsync(new DurableRunTests.KeyedContext { Items = [10, 20] }, new DurableRun<DurableRunTests.KeyedContext, int>(store, "keys", codec));

        Assert.All(rerun.Results, r => Assert.True(r.Resumed));
        Assert.Equal(first.Results.Select(r => r.Context!.ItemKey), rerun.Results.Select(r => r.Context!.ItemKey));
        Assert.Equal([new DurableItemKey("keys", "10"), new DurableItemKey("keys", "20")], rerun.Results.Select(r => r.Context!.ItemKey));
    }

    [Fact]
    public async Task A_restored_timed_out_failure_is_still_timed_out()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryBatchStore(time);
        var running = new Signal();
        var work = Node.CreateAsync<TestContext>("call", async (_, token) =>
        {
            running.Set();
            await Task.Delay(Timeout.Infinite, token);
        });
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(TimeSpan.FromSeconds(1)).Build();
        var flow = new BatchFlow<TestContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 1, ResiliencePipeline = pipeline, TimeProvider = time });
        var run = flow.RunDurableAsync(TestContext.Over([0]), new DurableRun<TestContext, int>(store, "timeouts", Codecs.Test()));
        await running.WaitAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        var first = (await run.WaitAsync(Guard)).Results[0];
        Assert.Equal((true, "call"), (first.TimedOut, first.FailedStepId)); // the step the item's timeout canceled

        var rerun = await flow.RunDurableAsync(TestContext.Over([0]), new DurableRun<TestContext, int>(store, "timeouts", Codecs.Test())).WaitAsync(Guard);

        Assert.Equal((true, true, "call"), (rerun.Results[0].Resumed, rerun.Results[0].TimedOut, rerun.Results[0].FailedStepId));
        Assert.IsType<RecordedItemFailureException>(rerun.Results[0].Exception);
    }

    [Fact]
    public async Task A_lease_the_store_could_not_release_is_logged_when_the_run_committed_everything_and_the_run_succeeds()
    {
        using var logs = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(logs));
        var store = new UnreleasableStore();
        var flow = new BatchFlow<TestContext, int>(Node.Create<TestContext>("work", c => c.Output = c.Item), new BatchOptions { LoggerFactory = loggerFactory }, "nightly");

        var report = await flow.RunDurableAsync(TestContext.Over([0, 1]), new DurableRun<TestContext, int>(store, "imports", Codecs.Test())).WaitAsync(Guard);

        Assert.Equal(2, report.Succeeded);
        Assert.Equal(2, (await store.ReadItemsAsync("imports", default)).Count);
        var unreleased = Assert.Single(logs.Collector.GetSnapshot(), r => r.Id.Name == "DurableLeaseNotReleased");
        Assert.Equal((13, LogLevel.Warning), (unreleased.Id.Id, unreleased.Level));
        Assert.StartsWith("Batch nightly: the lease of durable batch imports could not be released;", unreleased.Message, StringComparison.Ordinal);
        Assert.Equal("database is locked", unreleased.Exception!.Message);
    }

    [Fact]
    public async Task A_lease_not_released_after_a_failed_commit_is_not_logged_the_runs_own_error_says_it()
    {
        using var logs = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(logs));
        var store = new UnreleasableStore { FailCommits = true };
        var flow = new BatchFlow<TestContext, int>(Node.Create<TestContext>("work", c => c.Output = c.Item), new BatchOptions { LoggerFactory = loggerFactory }, "nightly");

        var error = await Assert.ThrowsAsync<BatchStoreException>(
            () => flow.RunDurableAsync(TestContext.Over([0, 1]), new DurableRun<TestContext, int>(store, "imports", Codecs.Test())).WaitAsync(Guard));

        Assert.Equal("disk I/O error", error.Message);
        Assert.Empty(await store.ReadItemsAsync("imports", default));
        Assert.DoesNotContain(logs.Collector.GetSnapshot(), r => r.Id.Name == "DurableLeaseNotReleased");
    }

    public sealed class Document
    {
        public required string Id { get; init; }

        public required string Text { get; set; }
    }

    public sealed class DocumentContext : IBatchContext<DocumentContext, Document>
    {
        public Document[] Documents { get; init; } = [];

        public Document Document { get; private init; } = null!;

        public int Length { get; set; }

        public BatchItems<Document> GetBatchItems() => Documents;

        public DocumentContext CreateItemContext(Document item) => new() { Document = item };

        public void UpdateWithResults(BatchResults<DocumentContext, Document> results)
        {
        }
    }

    /// <summary>As the generated codec: the fingerprint is of the item's whole content; the key, when keyed, its Id.</summary>
    private sealed class DocumentCodec(bool keyed) : IItemStateCodec<DocumentContext, Document>
    {
        private readonly IntOutputCodec<DocumentContext> _outputs = new(c => c.Length, (c, v) => c.Length = v);

        public string? GetKey(Document item) => keyed ? item.Id : null;

        public long GetFingerprint(Document item) => ItemFingerprint.Of(item.Id + "\n" + item.Text);

        public void WriteOutputs(DocumentContext itemContext, System.Buffers.IBufferWriter<byte> writer) => _outputs.WriteOutputs(itemContext, writer);

        public void ReadOutputs(DocumentContext itemContext, ReadOnlySpan<byte> outputs) => _outputs.ReadOutputs(itemContext, outputs);
    }

    private sealed class UnreleasableStore : DelegatingStore
    {
        /// <summary>Gets whether a commit of records fails too (a commit of none, a renewal, goes through).</summary>
        public bool FailCommits { get; init; }

        public override ValueTask<BatchLease> CommitAsync(BatchLease lease, IReadOnlyList<ItemRecord> records, CancellationToken cancellationToken) =>
            FailCommits && records.Count > 0 ? throw new BatchStoreException("disk I/O error", "store.db", null) : base.CommitAsync(lease, records, cancellationToken);

        public override ValueTask ReleaseLeaseAsync(BatchLease lease, CancellationToken cancellationToken) =>
            throw new BatchStoreException("database is locked", "store.db", null);
    }
}

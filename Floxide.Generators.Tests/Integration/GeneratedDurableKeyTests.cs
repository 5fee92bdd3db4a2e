namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// Generated durable codecs key items by a round-trip string of their [ItemKey]: items that differ by less than a
/// second (or in a double's last digit) get keys of their own, so each is recorded, and a rerun over the same source
/// resumes every one of them instead of stopping with <see cref="DurableSourceChangedException"/>; keys that print alike
/// are one key, and a run with two such items fails instead of recording one over the other.
/// </summary>
public sealed class GeneratedDurableKeyTests
{
    [Fact]
    public async Task DateTimeKeysWithinOneSecondAreRecordedApartAndAllResume()
    {
        var at = new DateTime(2026, 11, 30, 10, 45, 3, 100, DateTimeKind.Utc);
        MeterReading[] readings = [new(at, 1), new(at.AddMilliseconds(250), 2)];
        var store = new InMemoryBatchStore();
        var runs = 0;
        var flow = MeterReadingBatch.CreateBatchFlow(Node.Create<MeterReadingBatch>("double", c =>
        {
            Interlocked.Increment(ref runs);
            c.Doubled = c.Reading.Value * 2;
        }));

        await flow.RunDurableAsync(new MeterReadingBatch { Readings = readings }, MeterReadingBatch.CreateDurableRun(store, "audit"));
        var rerun = new MeterReadingBatch { Readings = readings };
        var report = await flow.RunDurableAsync(rerun, MeterReadingBatch.CreateDurableRun(store, "audit"));

        Assert.Equal(["2026-11-30T10:45:03.1000000Z", "2026-11-30T10:45:03.3500000Z"], await KeysAsync(store, "audit"));
        Assert.Equal(2, report.Resumed);
        Assert.Equal([2, 4], rerun.Outputs);
        Assert.Equal(2, runs); // each reading ran once, in the first run
    }

    /// <summary>
    /// The run a generated CreateDurableRun returns takes the run's settings with <c>with</c> (a record), keeping its store,
    /// id and codec, and the settings' checks still hold: a rerun that retries the failed items is one expression.
    /// </summary>
    [Fact]
    public async Task AGeneratedDurableRunTakesItsSettingsWithWithAndAFailedItemRunsAgainUnderRetryFailed()
    {
        var at = new DateTime(2026, 12, 1, 4, 0, 0, DateTimeKind.Utc);
        MeterReading[] readings = [new(at, 1), new(at.AddSeconds(1), 2)];
        var store = new InMemoryBatchStore();
        var failing = true;
        var flow = MeterReadingBatch.CreateBatchFlow(Node.Create<MeterReadingBatch>("double", c =>
        {
            if (failing && c.Reading.Value == 2)
            {
                throw new InvalidOperationException("not yet");
            }

            c.Doubled = c.Reading.Value * 2;
        }));
        await flow.RunDurableAsync(new MeterReadingBatch { Readings = readings }, MeterReadingBatch.CreateDurableRun(store, "settings"));
        failing = false;

        var run = MeterReadingBatch.CreateDurableRun(store, "settings") with { RetryFailed = true, LeaseWaitTimeout = TimeSpan.FromSeconds(30) };
        var rerun = new MeterReadingBatch { Readings = readings };
        var report = await flow.RunDurableAsync(rerun, run);

        Assert.Equal((store, "settings", MeterReadingBatch.DurableCodec), (run.Store, run.BatchId, run.Codec));
        Assert.Equal((1, 0), (report.Resumed, report.Failed));
        Assert.Equal([2, 4], rerun.Outputs);
        Assert.Throws<ArgumentOutOfRangeException>(() => run with { LeaseDuration = TimeSpan.Zero });
    }

    [Fact]
    public async Task DateTimeKeysKeepTheirKind()
    {
        var at = new DateTime(2026, 11, 30, 10, 45, 3, DateTimeKind.Unspecified);
        MeterReading[] readings = [new(at, 1), new(DateTime.SpecifyKind(at, DateTimeKind.Utc), 2)];
        var store = new InMemoryBatchStore();

        await MeterReadingBatch.CreateBatchFlow(Node.Create<MeterReadingBatch>("double", c => c.Doubled = c.Reading.Value * 2))
            .RunDurableAsync(new MeterReadingBatch { Readings = readings }, MeterReadingBatch.CreateDurableRun(store, "kinds"));

        Assert.Equal(["2026-11-30T10:45:03.0000000", "2026-11-30T10:45:03.0000000Z"], await KeysAsync(store, "kinds"));
    }

    /// <summary>
    /// ItemKeyTests pins the key's expression (ToString("O"), so within a second is covered there and by the DateTime test
    /// above); what it cannot show is that identity is the printed key, not the value's equality: one instant at two
    /// offsets is two equal DateTimeOffsets, yet two keys, so neither is a duplicate of the other and both resume.
    /// </summary>
    [Fact]
    public async Task DateTimeOffsetKeysOfOneInstantAtTwoOffsetsAreTwoItemsRecordedApartAndBothResume()
    {
        var at = new DateTimeOffset(2026, 11, 30, 10, 45, 3, 100, TimeSpan.FromHours(1));
        var utc = at.ToUniversalTime();
        Assert.Equal(at, utc); // DateTimeOffset compares instants
        OffsetReading[] readings = [new(at, 1), new(utc, 2)];
        var store = new InMemoryBatchStore();
        var flow = OffsetReadingBatch.CreateBatchFlow(Node.Create<OffsetReadingBatch>("double", c => c.Doubled = c.Reading.Value * 2));

        await flow.RunDurableAsync(new OffsetReadingBatch { Readings = readings }, OffsetReadingBatch.CreateDurableRun(store, "offsets"));
        var rerun = new OffsetReadingBatch { Readings = readings };
        var report = await flow.RunDurableAsync(rerun, OffsetReadingBatch.CreateDurableRun(store, "offsets"));

        Assert.Equal(["2026-11-30T10:45:03.1000000+01:00", "2026-11-30T09:45:03.1000000+00:00"], await KeysAsync(store, "offsets"));
        Assert.Equal(2, report.Resumed);
        Assert.Equal([2, 4], rerun.Outputs);
    }

    [Fact]
    public async Task DoubleKeysRoundTripAndAllResume()
    {
        var ratio = 0.1 + 0.2; // 0.30000000000000004: 15 significant digits would print it as 0.3
        RatioSample[] samples = [new(0.3, 1), new(ratio, 2)];
        var store = new InMemoryBatchStore();
        var flow = RatioSampleBatch.CreateBatchFlow(Node.Create<RatioSampleBatch>("double", c => c.Doubled = c.Sample.Value * 2));

        await flow.RunDurableAsync(new RatioSampleBatch { Samples = samples }, RatioSampleBatch.CreateDurableRun(store, "ratios"));
        var rerun = new RatioSampleBatch { Samples = samples };
        var report = await flow.RunDurableAsync(rerun, RatioSampleBatch.CreateDurableRun(store, "ratios"));

        var keys = await KeysAsync(store, "ratios");
        Assert.Equal(["0.3", "0.30000000000000004"], keys);
        Assert.Equal(samples.Select(s => s.Ratio), keys.Select(k => double.Parse(k, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(2, report.Resumed);
        Assert.Equal([2, 4], rerun.Outputs);
    }

    [Fact]
    public async Task ANullStringKeyAndAnEmptyOneAreOneKeyAndTheRunFailsNamingBothItems()
    {
        LabeledReading[] readings = [new("a", 1), new(null, 2), new("b", 3), new("", 4)];
        var flow = LabeledReadingBatch.CreateBatchFlow(Node.Create<LabeledReadingBatch>("double", c => c.Doubled = c.Reading.Value * 2));

        var error = await Assert.ThrowsAsync<DuplicateItemKeyException>(
            () => flow.RunDurableAsync(new LabeledReadingBatch { Readings = readings }, LabeledReadingBatch.CreateDurableRun(new InMemoryBatchStore(), "labels")));

        Assert.Equal(("", 1L, 3L), (error.Key, error.FirstIndex, error.SecondIndex));
        Assert.Contains("input positions 1 and 3 have the same key ''", error.Message);
        Assert.Contains("a null [ItemKey] as the empty string", error.Message);
    }

    [Fact]
    public async Task ANullItemAmongKeyedOnesIsKeyedLikeANullKeyAndTheRunResumesEveryItem()
    {
        // Position 1 prints "1", the key of the first order: keying the null item by position would make them duplicates.
        ParcelOrder?[] orders = [new() { Id = 1 }, null, new() { Id = 7 }];
        var store = new InMemoryBatchStore();
        var runs = 0;
        var flow = ParcelBatch.CreateBatchFlow(Node.Create<ParcelBatch>("double", c =>
        {
            Interlocked.Increment(ref runs);
            c.Doubled = (c.Order?.Id ?? -1) * 2;
        }));

        var first = new ParcelBatch { Orders = [.. orders] };
        await flow.RunDurableAsync(first, ParcelBatch.CreateDurableRun(store, "parcels"));
        var rerun = new ParcelBatch { Orders = [.. orders] };
        var report = await flow.RunDurableAsync(rerun, ParcelBatch.CreateDurableRun(store, "parcels"));

        Assert.Equal(["1", "", "7"], await KeysAsync(store, "parcels"));
        Assert.Equal([2, -2, 14], first.Outputs);
        Assert.Equal(3, report.Resumed);
        Assert.Equal([2, -2, 14], rerun.Outputs);
        Assert.Equal(3, runs); // each order ran once, in the first run
    }

    [Fact]
    public async Task TwoNullItemsAmongKeyedOnesAreOneKeyAndTheRunFailsNamingBothItems()
    {
        // Both are keyed like a null key, the empty string: the second is a duplicate, not a second record.
        ParcelOrder?[] orders = [new() { Id = 1 }, null, new() { Id = 7 }, null];
        var store = new InMemoryBatchStore();
        var flow = ParcelBatch.CreateBatchFlow(Node.Create<ParcelBatch>("double", c => c.Doubled = (c.Order?.Id ?? -1) * 2));

        var error = await Assert.ThrowsAsync<DuplicateItemKeyException>(
            () => flow.RunDurableAsync(new ParcelBatch { Orders = [.. orders] }, ParcelBatch.CreateDurableRun(store, "parcels")));

        Assert.Equal(("", 1L, 3L), (error.Key, error.FirstIndex, error.SecondIndex));
        Assert.Contains("input positions 1 and 3 have the same key ''", error.Message);
    }

    /// <summary>
    /// [ItemKey] on a base record's positional parameter keys the derived item by the property the base makes of it: the
    /// store records each SKU, and a rerun over the same counts in another order resumes both (keyed by position, it would
    /// stop with DurableSourceChangedException).
    /// </summary>
    [Fact]
    public async Task APositionalRecordParameterKeysItsItemsByItsPropertyAndTheyResumeInAnyOrder()
    {
        SkuCount[] counts = [new("sku-b", 1), new("sku-a", 2)];
        var store = new InMemoryBatchStore();
        var flow = SkuCountBatch.CreateBatchFlow(Node.Create<SkuCountBatch>("double", c => c.Doubled = c.Count.Count * 2));

        await flow.RunDurableAsync(new SkuCountBatch { Counts = counts }, SkuCountBatch.CreateDurableRun(store, "skus"));
        var rerun = new SkuCountBatch { Counts = [counts[1], counts[0]] };
        var report = await flow.RunDurableAsync(rerun, SkuCountBatch.CreateDurableRun(store, "skus"));

        Assert.Equal(["sku-b", "sku-a"], await KeysAsync(store, "skus"));
        Assert.Equal(2, report.Resumed);
        Assert.Equal([4, 2], rerun.Outputs);
    }

    /// <summary>The keys recorded under <paramref name="batchId"/>, in input order.</summary>
    private static async Task<List<string>> KeysAsync(InMemoryBatchStore store, string batchId) =>
        (await store.ReadItemsAsync(batchId, default)).OrderBy(r => r.Index).Select(r => r.Key).ToList();
}

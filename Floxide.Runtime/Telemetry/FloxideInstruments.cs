using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Floxide;

/// <summary>The process-wide <see cref="ActivitySource"/>, <see cref="Meter"/> and instruments named in docs/telemetry.md.</summary>
/// <remarks>
/// Instruments exist whether or not anyone listens (creating them is cheap); what a run records is decided from their
/// <see cref="Instrument.Enabled"/> flags when it starts.
/// </remarks>
internal static class FloxideInstruments
{
    private static readonly string Version = typeof(FloxideInstruments).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    // The OpenTelemetry semantic conventions' advice for durations in seconds (as for http.server.request.duration).
    private static readonly IReadOnlyList<double> DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    public static readonly ActivitySource Source = new(FloxideTelemetry.ActivitySourceName, Version);

    public static readonly Meter Meter = new(FloxideTelemetry.MeterName, Version);

    public static readonly Histogram<double> BatchDuration = Meter.CreateHistogram<double>(
        "floxide.batch.duration", "s", "Duration of batch runs.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    public static readonly UpDownCounter<long> BatchesActive = Meter.CreateUpDownCounter<long>(
        "floxide.batch.active", "{batch}", "Batch runs in progress.");

    public static readonly Counter<long> ItemsCompleted = Meter.CreateCounter<long>(
        "floxide.batch.items.completed", "{item}", "Items that reached their final result, by status.");

    public static readonly Histogram<double> ItemDuration = Meter.CreateHistogram<double>(
        "floxide.batch.item.duration", "s", "Duration of items that ran (succeeded or failed, or canceled while running).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    public static readonly UpDownCounter<long> ItemsActive = Meter.CreateUpDownCounter<long>(
        "floxide.batch.items.active", "{item}", "Items running right now.");

    public static readonly Counter<long> ItemAttempts = Meter.CreateCounter<long>(
        "floxide.batch.item.attempts", "{attempt}", "Attempts of items' workflows, by the status their item ended in (one per item without a resilience pipeline).");

    public static readonly Counter<long> ItemRetries = Meter.CreateCounter<long>(
        "floxide.batch.item.retries", "{retry}", "Attempts beyond each item's first, by the status their item ended in.");

    public static readonly Counter<long> StepRetries = Meter.CreateCounter<long>(
        "floxide.step.retries", "{retry}", "Retries made by steps' own resilience ([Retry] on a [Node]), by step and by what the retried attempt threw.");

    public static readonly ObservableGauge<long> Progress = Meter.CreateObservableGauge(
        "floxide.batch.progress", BatchTelemetry.ObserveProgress, "{item}", "The progress of running batches, as their progress reports count it.");

    public static readonly ObservableGauge<long> ConcurrencyLevel = Meter.CreateObservableGauge(
        "floxide.batch.concurrency.level", BatchTelemetry.ObserveConcurrencyLevel, "{item}",
        "How many items running batches may run at once: the limit, or the level adaptive concurrency has found below it.");

    /// <summary>Gets whether any item-level instrument is listened to.</summary>
    public static bool AnyItemInstrumentEnabled =>
        ItemsCompleted.Enabled || ItemDuration.Enabled || ItemsActive.Enabled || ItemAttempts.Enabled || ItemRetries.Enabled;
}

using Microsoft.Extensions.Logging;

namespace Floxide;

/// <summary>
/// What an adaptive batch's run shares across its attempts: the gate, the classifier of throttling signals and what a
/// pause is logged with. One per run, built only when <see cref="BatchOptions.AdaptiveConcurrency"/> is set.
/// </summary>
internal sealed class AdaptiveBatch(
    AdaptiveConcurrency settings, BatchOptions options, BatchCounts counts, ILogger? logger, string batchId, BatchStop stop)
{
    /// <summary>Gets the gate every attempt enters.</summary>
    public ConcurrencyGate Gate { get; } = new(settings, options.MaxDegreeOfParallelism, counts, options.TimeProvider);

    /// <summary>Gets what reads an attempt's exceptions.</summary>
    public ThrottlingClassifier Classifier { get; } = new(settings);

    /// <summary>Gets the attempt duration above which a success is a signal too; null when latency is ignored.</summary>
    public TimeSpan? LatencyThreshold { get; } = settings.LatencyThreshold;

    /// <summary>Gets the logger a pause is logged to, if any.</summary>
    public ILogger? Logger { get; } = logger;

    /// <summary>Gets the batch's id, for the log.</summary>
    public string BatchId { get; } = batchId;

    /// <summary>
    /// Whether <paramref name="exception"/> is the batch's cancellation, never a signal. The caller's token is read too (as
    /// <see cref="BatchStop.IsHalted"/> does): a continuation its callbacks run inline (a permit granted by the cancellation)
    /// reaches the attempt before the run's linked halt reads canceled.
    /// </summary>
    public bool IsBatchCancellation(Exception exception) => exception is OperationCanceledException && stop.IsHalted;
}

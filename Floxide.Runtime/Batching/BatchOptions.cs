namespace Floxide;

/// <summary>How a batch runs: its concurrency limit and its reaction to failures.</summary>
public sealed record BatchOptions
{
    private readonly int _maxDegreeOfParallelism = Environment.ProcessorCount;

    /// <summary>
    /// Gets how many items may run at once, at least 1; defaults to the processor count.
    /// Never more than this many items are in flight, whatever the engine does internally.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(MaxDegreeOfParallelism));
            _maxDegreeOfParallelism = value;
        }
    }

    /// <summary>Gets how the batch reacts to a failed item; defaults to <see cref="BatchErrorMode.ContinueOnError"/>.</summary>
    public BatchErrorMode ErrorMode { get; init; }

    /// <summary>
    /// Gets whether each item's <see cref="BatchItemResult{TContext, TItem}.Duration"/> is measured;
    /// defaults to false, and every duration is then zero. Measuring reads the clock once per item,
    /// which costs about as much as a trivial item itself, so it is for when the durations are used.
    /// </summary>
    public bool MeasureItemDurations { get; init; }

    /// <summary>
    /// Gets the action a batch node returns when at least one item failed, so a workflow can route
    /// on it; null (the default) returns <see cref="NodeAction.Default"/> either way.
    /// </summary>
    public NodeAction? FailureAction { get; init; }

    /// <summary>
    /// Gets where the batch logs (category <c>Floxide.Batch</c>): started and finished with counts and duration,
    /// each failed item as a warning with its index and exception, cancellation, a failed source. Null (the
    /// default) logs nothing and costs nothing; <c>services.AddFloxide()</c> registers options that use the
    /// container's factory.
    /// </summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; init; }
}

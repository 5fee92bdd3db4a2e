namespace Floxide;

/// <summary>
/// Runs a step of a <c>[Workflow]</c> as a batch: once per item of the context (a <c>[BatchContext]</c>),
/// each on its own item context, through the generated <c>CreateBatchNode</c> with the context's default
/// options, or the limit, error mode and grace period given here. Routes name the step by its type as usual.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
public sealed class BatchStepAttribute : Attribute
{
    /// <summary>Declares that <paramref name="step"/> runs per item.</summary>
    /// <param name="step">The item workflow: a <c>[Workflow]</c> or <c>[Node]</c> type on the same context.</param>
    public BatchStepAttribute(Type step) => Step = step;

    /// <summary>Gets the item workflow.</summary>
    public Type Step { get; }

    /// <summary>Gets or sets the batch node's id; defaults to the step's id followed by <c>.Batch</c>.</summary>
    public string? Id { get; set; }

    /// <summary>
    /// Gets or sets how many items this step runs at a time (at least 1); when not set, the context's
    /// default (<c>[BatchContext(MaxDegreeOfParallelism = ...)]</c>, else the processor count).
    /// </summary>
    public int MaxDegreeOfParallelism { get; set; }

    /// <summary>Gets or sets what a failed item does to this step; when not set, the context's default (<see cref="BatchErrorMode.ContinueOnError"/>).</summary>
    public BatchErrorMode ErrorMode { get; set; }

    /// <summary>
    /// Gets or sets, in milliseconds, how long this step's running attempts may go on once the step is canceled
    /// (<see cref="BatchOptions.CancellationGracePeriod"/>): -1 lets them run to their end, 0 cancels them at once, even
    /// when the context drains; when not set, the context's default (<c>[BatchContext(CancellationGracePeriodMs = ...)]</c>,
    /// else none). Any other negative value is an error (FLX0111).
    /// </summary>
    public int CancellationGracePeriodMs { get; set; }

    /// <summary>
    /// Gets or sets the action (a string or an enum member) the step returns when any item failed, so a
    /// route can handle partial failure; when not set, it returns the default action and the failures stay
    /// in the batch results. (With <see cref="BatchErrorMode.FailFast"/> the step throws instead.)
    /// </summary>
    public object? FailureAction { get; set; }
}

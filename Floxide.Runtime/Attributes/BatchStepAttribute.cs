namespace Floxide;

/// <summary>
/// Runs a step of a <c>[Workflow]</c> as a batch: once per item of the context (a <c>[BatchContext]</c>),
/// each on its own item context, through the generated <c>CreateBatchNode</c> with the context's default
/// options. Routes name the step by its type as usual.
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
}

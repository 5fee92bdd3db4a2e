using System.ComponentModel;
using System.Diagnostics;
using Polly.Retry;

namespace Floxide;

/// <summary>
/// The workflow and step spans of a workflow run, for code the Floxide generator writes for <c>[Workflow]</c> classes
/// (and for <see cref="Workflow{TContext}"/>), so both emit the same spans, and the retries of a step's own
/// <c>[Retry]</c>, for the pipeline it writes for a <c>[Node]</c>, and the step a cancellation came out of: not meant to be
/// called by hand.
/// </summary>
/// <remarks>
/// A run reads <see cref="IsListenedTo"/> once; only when it is true does it start spans, and a span a listener does
/// not sample is null, which every method here accepts. The spans are described in docs/telemetry.md.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedWorkflowTelemetry
{
    /// <summary>
    /// Whether what a step threw is its failure, which the workflow wraps in a <see cref="NodeFailedException"/>: not a
    /// cancellation, which goes on unwrapped (the step remembered, so an item whose own timeout canceled it names the
    /// step in <see cref="BatchItemResult{TContext, TItem}.FailedStepId"/>), nor a <see cref="FloxideException"/>, which
    /// names its node. For the exception filter of a workflow's steps.
    /// </summary>
    /// <param name="thrown">What the step threw.</param>
    /// <param name="stepId">The step's id.</param>
    /// <returns>Whether to wrap it.</returns>
    public static bool IsStepFailure(Exception thrown, string stepId) => CanceledSteps.IsStepFailure(thrown, stepId);

    /// <summary>Gets whether anyone listens to Floxide's spans; read once per workflow run.</summary>
    public static bool IsListenedTo => FloxideInstruments.Source.HasListeners();

    /// <summary>Starts a run's <c>workflow {id}</c> span, or returns null when it is not sampled.</summary>
    /// <param name="spanName">The span's name, <c>"workflow " + workflowId</c>, built once by the caller.</param>
    /// <param name="workflowId">The workflow's id.</param>
    /// <returns>The started span (current until disposed), or null.</returns>
    public static Activity? StartWorkflow(string spanName, string workflowId)
    {
        var activity = FloxideInstruments.Source.StartActivity(spanName, ActivityKind.Internal);
        activity?.SetTag(TelemetryTags.WorkflowId, workflowId);
        return activity;
    }

    /// <summary>Starts a <c>step {id}</c> span, or returns null when it is not sampled.</summary>
    /// <param name="spanName">The span's name, <c>"step " + stepId</c>, built once by the caller.</param>
    /// <param name="workflowId">The workflow's id.</param>
    /// <param name="stepId">The step's id.</param>
    /// <returns>The started span (current until disposed), or null.</returns>
    public static Activity? StartStep(string spanName, string workflowId, string stepId)
    {
        // Under a workflow span the sampler kept for propagation only (current here), no step span is asked for, as no item
        // span is under a batch span it did not record: a sampler could otherwise record steps whose run it dropped.
        if (Activity.Current is { IsAllDataRequested: false } run && ReferenceEquals(run.Source, FloxideInstruments.Source))
        {
            return null;
        }

        var step = FloxideInstruments.Source.StartActivity(spanName, ActivityKind.Internal);
        if (step is { IsAllDataRequested: true })
        {
            step.SetTag(TelemetryTags.WorkflowId, workflowId);
            step.SetTag(TelemetryTags.StepId, stepId);
        }

        return step;
    }

    /// <summary>A step returned <paramref name="action"/>: recorded on its span, when there is one.</summary>
    /// <param name="step">The step's span, or null.</param>
    /// <param name="action">The action the step returned.</param>
    public static void StepEnded(Activity? step, NodeAction action) => step?.SetTag(TelemetryTags.StepAction, action.Name);

    /// <summary>
    /// A step's own retry (the <c>OnRetry</c> of the pipeline generated for <c>[Retry]</c> on a <c>[Node]</c>) is about to
    /// wait and run its next attempt: counted in <c>floxide.step.retries</c>, and a <c>floxide.step.retry</c> event on the
    /// span current around the step (its step span, or its item's) when that is a sampled Floxide span other than a batch's. Called only on a
    /// retry; each part costs nothing when nobody listens to it.
    /// </summary>
    /// <param name="stepId">The node's id.</param>
    /// <param name="retry">Polly's arguments: the attempt that failed (zero-based), its outcome and the delay before the next.</param>
    /// <returns>A completed task.</returns>
    public static ValueTask StepRetrying(string stepId, OnRetryArguments<object> retry)
    {
        var counted = FloxideInstruments.StepRetries.Enabled;
        // Not a batch span (an item span the sampler dropped leaves it current): it lives as long as the batch, and one
        // event per retry of every item would pile up on it.
        var span = Activity.Current is { IsAllDataRequested: true } current && ReferenceEquals(current.Source, FloxideInstruments.Source)
            && !current.OperationName.StartsWith("batch ", StringComparison.Ordinal) ? current : null;
        if (!counted && span is null)
        {
            return default;
        }

        // A generated retry handles exceptions only; "_OTHER" is the conventions' value for a failure that is not one.
        var error = retry.Outcome.Exception;
        var errorType = error is null ? "_OTHER" : BatchTelemetry.ErrorType(error);
        if (counted)
        {
            FloxideInstruments.StepRetries.Add(1, new KeyValuePair<string, object?>(TelemetryTags.StepId, stepId), new(TelemetryTags.ErrorType, errorType));
        }

        span?.AddEvent(new ActivityEvent(TelemetryTags.StepRetryEvent, tags: new ActivityTagsCollection
        {
            { TelemetryTags.StepId, stepId },
            { TelemetryTags.StepAttempt, retry.AttemptNumber + 1 },
            { TelemetryTags.ErrorType, errorType },
            { TelemetryTags.ExceptionMessage, error?.Message },
            { TelemetryTags.StepRetryDelay, retry.RetryDelay.TotalSeconds },
        }));
        return default;
    }

    /// <summary>Marks a workflow or step span as failed by <paramref name="error"/>, when there is a span.</summary>
    /// <param name="span">The span, or null.</param>
    /// <param name="error">What the workflow or step threw (callers leave cancellation out: it is not a failure).</param>
    public static void Failed(Activity? span, Exception error)
    {
        if (span is not null)
        {
            BatchTelemetry.RecordError(span, error);
        }
    }
}

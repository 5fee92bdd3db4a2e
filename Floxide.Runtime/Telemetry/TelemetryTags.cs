namespace Floxide;

/// <summary>The attribute (tag) names and values of Floxide's spans and metrics: one home, as docs/telemetry.md lists them.</summary>
internal static class TelemetryTags
{
    public const string BatchId = "floxide.batch.id";
    public const string Parallelism = "floxide.batch.parallelism";
    public const string ErrorMode = "floxide.batch.error_mode";
    public const string ItemsTotal = "floxide.batch.items.total";
    public const string ItemsSucceeded = "floxide.batch.items.succeeded";
    public const string ItemsFailed = "floxide.batch.items.failed";
    public const string ItemsCanceled = "floxide.batch.items.canceled";
    public const string ItemsSkipped = "floxide.batch.items.skipped";
    public const string ItemsResumed = "floxide.batch.items.resumed";
    public const string DurableBatchId = "floxide.durable.batch_id";
    public const string StoppedAt = "floxide.batch.stopped_at";
    public const string ItemIndex = "floxide.item.index";

    /// <summary>A durable run's item key (<see cref="IItemStateCodec{TContext, TItem}.GetKey"/>): user data, on item spans only, never on metrics.</summary>
    public const string ItemKey = "floxide.item.key";
    public const string ItemStatus = "floxide.item.status";
    public const string ItemResumed = "floxide.item.resumed";
    public const string ProgressState = "floxide.batch.progress.state";
    public const string WorkflowId = "floxide.workflow.id";
    public const string StepId = "floxide.step.id";
    public const string StepAction = "floxide.step.action";

    /// <summary>The span event of a step's own retry (<c>[Retry]</c> on a <c>[Node]</c>), on the span current around the step.</summary>
    public const string StepRetryEvent = "floxide.step.retry";

    /// <summary>On a step's retry event: the attempt that failed and is retried, from 1.</summary>
    public const string StepAttempt = "floxide.step.attempt";

    /// <summary>On a step's retry event: how long the retry waits before its attempt, in seconds.</summary>
    public const string StepRetryDelay = "floxide.step.retry_delay";

    /// <summary>The OpenTelemetry semantic conventions' attribute for an exception's message.</summary>
    public const string ExceptionMessage = "exception.message";

    /// <summary>The OpenTelemetry semantic conventions' attribute for what went wrong: the exception's type name.</summary>
    public const string ErrorType = "error.type";

    /// <summary>The <see cref="ItemStatus"/> value of <paramref name="status"/> (lowercase, as OpenTelemetry values are).</summary>
    public static string StatusValue(BatchItemStatus status) => status switch
    {
        BatchItemStatus.Succeeded => "succeeded",
        BatchItemStatus.Failed => "failed",
        BatchItemStatus.Canceled => "canceled",
        BatchItemStatus.Skipped => "skipped",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}

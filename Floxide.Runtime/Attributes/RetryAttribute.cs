namespace Floxide;

/// <summary>
/// Retries what it is put on, with Polly: on a <c>[BatchContext]</c>, each item's whole workflow (every
/// attempt on a fresh item context; <see cref="BatchOptions.ResiliencePipeline"/>); on a <c>[Node]</c>,
/// that step on the same context (<see cref="Node.WithResilience{TContext}"/>). The generator builds the
/// pipeline once per type (and once more per test clock a batch runs it on), with <see cref="TimeoutAttribute"/> inside it (a timeout per attempt). In a batch with
/// adaptive concurrency, a step's retry still reports each attempt's exception to it
/// (<see cref="FloxideResiliencePipelineBuilderExtensions.AddThrottlingSignals{TBuilder}"/>), so a 429 it retries lowers the level.
/// A failed attempt whose exception carries a wait (<see cref="ThrottlingSignals.RetryAfterOf(Exception)"/>: a throttled
/// response's <c>Retry-After</c>, a refused permit's) is retried after that wait, up to one day, instead of the declared delay.
/// </summary>
/// <remarks>A canceled batch or workflow is never retried.</remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class RetryAttribute : Attribute
{
    /// <summary>Gets or sets how many attempts in all, at least 1 (1 never retries); defaults to 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Gets or sets the base delay before a retry, in milliseconds, from 0 to 86,400,000 (one day, Polly's range); defaults to 200.</summary>
    public int DelayMs { get; set; } = 200;

    /// <summary>Gets or sets how the delay grows from retry to retry; defaults to <see cref="RetryBackoff.Exponential"/>.</summary>
    public RetryBackoff Backoff { get; set; } = RetryBackoff.Exponential;

    /// <summary>Gets or sets whether the delays are randomised (jitter), so many items do not retry in step; defaults to true.</summary>
    public bool Jitter { get; set; } = true;

    /// <summary>
    /// Gets or sets the exception types (and their subtypes) that are retried; null or empty (the default)
    /// retries every exception but the cancellation of the batch or workflow (an <see cref="OperationCanceledException"/>
    /// once their token is canceled), so an <see cref="HttpClient"/>'s timeout, a <see cref="TaskCanceledException"/> of
    /// the client's own, is retried (Polly's default passes on every <see cref="OperationCanceledException"/>). A workflow step's own
    /// exception is what is matched, not the workflow's <see cref="NodeFailedException"/>, and an exception an executor
    /// reports from where it ran the item is matched by its original type (<see cref="RemoteException.Is{TException}"/>).
    /// </summary>
    public Type[]? On { get; set; }
}

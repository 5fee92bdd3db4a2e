namespace Floxide;

/// <summary>
/// Times out each attempt of what it is put on, with Polly: on a <c>[BatchContext]</c>, each item's
/// workflow (a timed-out item is <see cref="BatchItemResult{TContext, TItem}.TimedOut"/>); on a
/// <c>[Node]</c>, each run of that step. The timeout cancels the token the work receives and then fails
/// it with Polly's <c>TimeoutRejectedException</c>; with <see cref="RetryAttribute"/>, each attempt has its own.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class TimeoutAttribute : Attribute
{
    /// <summary>Gets or sets the timeout in milliseconds, from 10 to 86,400,000 (one day, Polly's range).</summary>
    public int Ms { get; set; }
}

namespace Floxide;

/// <summary>
/// Times out each attempt of what it is put on, with Polly: on a <c>[BatchContext]</c>, each item's
/// workflow (a timed-out item is <see cref="BatchItemResult{TContext, TItem}.TimedOut"/>); on a
/// <c>[Node]</c>, each run of that step. The timeout cancels the token the work receives, and work that stops on
/// it fails with Polly's <c>TimeoutRejectedException</c>; with <see cref="RetryAttribute"/>, each attempt has its own.
/// </summary>
/// <remarks>
/// Cancelling the token is all the timeout does: work that never reads it runs on past the timeout, and if it then
/// succeeds, so does the run. A node's process method gets the token only when it takes a
/// <see cref="CancellationToken"/> (FLX0159 warns of a <c>[Node]</c> with <c>[Timeout]</c> whose method takes none), and
/// must pass it on to the calls that wait (FLX0163 warns of one that takes it and never uses it). On a
/// <c>[BatchContext]</c> the same holds for every node of the item's workflow, which is not checked.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class TimeoutAttribute : Attribute
{
    /// <summary>Gets or sets the timeout in milliseconds, from 10 to 86,400,000 (one day, Polly's range).</summary>
    public int Ms { get; set; }
}

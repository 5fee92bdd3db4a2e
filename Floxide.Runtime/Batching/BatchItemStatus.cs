namespace Floxide;

/// <summary>What became of one batch item.</summary>
public enum BatchItemStatus
{
    /// <summary>The item's workflow ran to the end.</summary>
    Succeeded,

    /// <summary>The item's workflow, or its context factory, threw; the result keeps the exception.</summary>
    Failed,

    /// <summary>The batch was canceled before the item started, or the item observed the cancellation.</summary>
    Canceled,

    /// <summary>
    /// The batch stopped itself (a fail-fast failure of another item, a merge, a durable store or codec that failed)
    /// before this item started, while it ran (the stop cancels its token) or while it waited for its next attempt (a
    /// retry's delay, a rate limit, a paused adaptive gate). <see cref="BatchItemResult{TContext, TItem}.Attempts"/> says
    /// how many attempts it made, and the result keeps the cancellation it ended with, if it started (at the moment a run
    /// stops, that may be one of the item's own, such as an HTTP client's timeout, which is then counted here and not as
    /// failed).
    /// </summary>
    Skipped,
}

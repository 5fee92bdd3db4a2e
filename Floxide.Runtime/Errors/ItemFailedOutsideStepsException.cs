namespace Floxide;

/// <summary>
/// Thrown by an <see cref="IItemExecutor{TContext}"/> for an item that failed outside its workflow's steps, in what the
/// executor does around them (moving the item's state, reaching the workflow where it runs): the item's result names no
/// step (<see cref="BatchItemResult{TContext, TItem}.FailedStepId"/> is null) and its
/// <see cref="BatchItemResult{TContext, TItem}.Exception"/> is the <see cref="Exception.InnerException"/>, which is also what
/// a resilience pipeline sees, as for an item whose context factory threw in-process. Its own message, which says where the
/// item failed, is in the item's <c>ItemFailed</c> log event and its attempt's span. Any other exception an executor
/// throws is the item workflow's (a single node's), and a <see cref="NodeFailedException"/> names its step.
/// </summary>
/// <remarks>
/// <para>Only an executor throws it, around the workflow it runs. A step must not: the engine keeps a
/// <see cref="FloxideException"/> a step throws as it is, so this one would erase the step's id from the item's result.</para>
/// <para>It never wraps an <see cref="OperationCanceledException"/>: the engine reads an item's status from what the
/// executor throws, and a cancellation inside it would count as a failure. An executor lets a cancellation out as
/// itself; the constructors refuse one.</para>
/// </remarks>
public sealed class ItemFailedOutsideStepsException : FloxideException
{
    /// <summary>Creates the error.</summary>
    /// <param name="innerException">What failed; the item's result reports it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerException"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="innerException"/> is an <see cref="OperationCanceledException"/>.</exception>
    public ItemFailedOutsideStepsException(Exception innerException)
        : this($"The item failed outside its workflow's steps: {innerException?.Message}", innerException!)
    {
    }

    /// <summary>Creates the error with a message of its own, saying where outside the steps the item failed.</summary>
    /// <param name="message">
    /// Where outside the steps the item failed (what the executor was doing): the <c>ItemFailed</c> log event
    /// (<c>FailedOutsideSteps</c>) and the attempt's item span (its status description) show it; the item's result reports
    /// <paramref name="innerException"/>.
    /// </param>
    /// <param name="innerException">What failed, as it was thrown; the item's result reports it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerException"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="innerException"/> is an <see cref="OperationCanceledException"/>.</exception>
    public ItemFailedOutsideStepsException(string message, Exception innerException)
        : base(message, null, null, Checked(innerException))
    {
    }

    private static Exception Checked(Exception innerException) => innerException switch
    {
        null => throw new ArgumentNullException(nameof(innerException)),
        OperationCanceledException => throw new ArgumentException(
            "A cancellation is not a failure outside the steps: let the OperationCanceledException out as itself, or the item would count as failed.",
            nameof(innerException)),
        _ => innerException,
    };
}

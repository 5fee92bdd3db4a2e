namespace Floxide;

/// <summary>
/// Thrown by an <see cref="IItemExecutor{TContext}"/> for an item that failed outside its workflow's steps, in what the
/// executor does around them (moving the item's state, reaching the workflow where it runs): the item's result names no
/// step (<see cref="BatchItemResult{TContext, TItem}.FailedStepId"/> is null) and its
/// <see cref="BatchItemResult{TContext, TItem}.Exception"/> is the <see cref="Exception.InnerException"/>, which is also what
/// a resilience pipeline sees, as for an item whose context factory threw in-process. Any other exception an executor
/// throws is the item workflow's (a single node's), and a <see cref="NodeFailedException"/> names its step.
/// </summary>
public sealed class ItemFailedOutsideStepsException : FloxideException
{
    /// <summary>Creates the error.</summary>
    /// <param name="innerException">What failed; the item's result reports it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerException"/> is null.</exception>
    public ItemFailedOutsideStepsException(Exception innerException)
        : this($"The item failed outside its workflow's steps: {innerException?.Message}", innerException!)
    {
    }

    /// <summary>Creates the error with a message of its own, saying where outside the steps the item failed.</summary>
    /// <param name="message">What the executor was doing (its logs show it); the item's result reports <paramref name="innerException"/>.</param>
    /// <param name="innerException">What failed, as it was thrown; the item's result reports it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerException"/> is null.</exception>
    public ItemFailedOutsideStepsException(string message, Exception innerException)
        : base(message, null, null, innerException ?? throw new ArgumentNullException(nameof(innerException)))
    {
    }
}

namespace Floxide.Orleans;

/// <summary>
/// What of one item crosses the wire, both ways: the coordinator sends a request built from the item
/// context (the item and the per-item state the workflow reads); a silo builds a fresh item context from it
/// on its own batch context (whose <c>[Shared]</c> members stay there), runs the workflow, and sends back a
/// reply (the item's outputs) that the coordinator writes into its item context, which then merges as in-process.
/// </summary>
/// <typeparam name="TContext">The batch context type.</typeparam>
/// <typeparam name="TItem">The item type.</typeparam>
/// <typeparam name="TRequest">What the coordinator sends; needs an Orleans serializer.</typeparam>
/// <typeparam name="TReply">What a silo sends back; needs an Orleans serializer.</typeparam>
/// <remarks>
/// One instance is used by the coordinator and by every silo, so put the class in an assembly both reference.
/// Members are called concurrently, so keep it stateless. Make <typeparamref name="TRequest"/> and
/// <typeparamref name="TReply"/> serializable with <c>[GenerateSerializer]</c> and <c>[Id(n)]</c> on their
/// members (in a project that references <c>Microsoft.Orleans.Sdk</c>), or register an Orleans codec for them
/// (for instance JSON, with <c>Microsoft.Orleans.Serialization.SystemTextJson</c>).
/// </remarks>
public abstract class ItemMapping<TContext, TItem, TRequest, TReply>
    where TContext : IBatchContext<TContext, TItem>
{
    /// <summary>On the coordinator: what the remote workflow reads from the item context.</summary>
    /// <param name="itemContext">The item context the coordinator created.</param>
    /// <returns>The request; it crosses the wire.</returns>
    public abstract TRequest ToRequest(TContext itemContext);

    /// <summary>On a silo: the item the request carries, from which the silo's batch context creates the item context.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The item.</returns>
    public abstract TItem GetItem(TRequest request);

    /// <summary>
    /// On a silo: copies the request's other per-item state into the fresh item context, before the workflow
    /// runs. Does nothing unless overridden.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="itemContext">The item context the silo's batch context created for <see cref="GetItem"/>.</param>
    public virtual void ApplyRequest(TRequest request, TContext itemContext)
    {
    }

    /// <summary>On a silo: what the coordinator needs back once the workflow ended (also when it failed).</summary>
    /// <param name="itemContext">The item context the workflow ran on.</param>
    /// <returns>The reply; it crosses the wire.</returns>
    public abstract TReply ToReply(TContext itemContext);

    /// <summary>On the coordinator: writes the reply into its item context, which the batch then merges.</summary>
    /// <param name="reply">The reply.</param>
    /// <param name="itemContext">The item context the coordinator created for the item.</param>
    public abstract void ApplyReply(TReply reply, TContext itemContext);

    /// <summary>
    /// On a silo: the wait <paramref name="exception"/> asks every caller for when Floxide cannot read it, an exception type
    /// of your own or your SDK's carrying a quota's reset, say. The silo asks it first about the exception the item failed
    /// with and, when the coordinator's batch adapts, each one it reports to <see cref="ThrottlingSignals"/>, then reads Floxide's own
    /// (<see cref="ThrottlingSignals.RetryAfterOf(Exception)"/>); the wait crosses as <see cref="RemoteException.RetryAfter"/>,
    /// which the coordinator's <c>RetryAfter = ThrottlingSignals.RetryAfterOf</c> reads, so an item pauses the batch for it
    /// wherever it ran. Returns null unless overridden.
    /// </summary>
    /// <remarks>
    /// A <see cref="AdaptiveConcurrency.RetryAfter"/> reader is a delegate in the coordinator's options, which no silo has:
    /// override this to call the same method (a <c>[BatchContext]</c>'s static reader, say). If it throws, the item's
    /// attempt fails with an <see cref="InvalidOperationException"/> that names it and the exception it was reading and
    /// holds what it threw (and names no step), as a reader that throws fails an attempt in-process: a reader must answer
    /// for any exception.
    /// </remarks>
    /// <param name="exception">An exception the item met on the silo.</param>
    /// <returns>The wait, or null to leave it to Floxide's readers.</returns>
    public virtual TimeSpan? RetryAfterOf(Exception exception) => null;
}
